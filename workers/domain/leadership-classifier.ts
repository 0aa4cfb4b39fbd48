import { z } from "zod";
import {
  LeadershipTypeSchema,
  QUESTIONS,
  type AssessmentAnswers,
  type LeadershipResult,
  type LeadershipType,
} from "../../schemas/assessment";
import rawWeights from "./leadership-weights.json";

const TYPES = LeadershipTypeSchema.options;
const IDS = QUESTIONS.map((q) => q.id);
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const vector = (n: number) => z.array(z.number()).length(n);

/** Written by scripts/train-classifier.mjs; a stale file (other items or types) fails at module load. */
const WeightsSchema = z.object({
  version: z.literal(1),
  types: z.array(LeadershipTypeSchema).refine((t) => sameList(t, TYPES), "types differ from LeadershipTypeSchema"),
  questionIds: z.array(z.string()).refine((q) => sameList(q, IDS), "questionIds differ from QUESTIONS"),
  mean: vector(IDS.length),
  std: vector(IDS.length).refine((s) => s.every((v) => v > 0), "std must be positive"),
  weights: z.array(vector(IDS.length)).length(TYPES.length),
  bias: vector(TYPES.length),
  metrics: z.object({
    heldOutAccuracy: z.number(),
    majorityBaseline: z.number(),
    logLoss: z.number(),
    l2: z.number(),
    trainedOn: z.number().int(),
    seed: z.number().int(),
  }),
});

export const LEADERSHIP_MODEL = WeightsSchema.parse(rawWeights);

/** Multinomial logistic regression on standardized answers; `confidence` is the top probability. */
export function classify(answers: AssessmentAnswers): LeadershipResult {
  const { mean, std, weights, bias } = LEADERSHIP_MODEL;
  const x = IDS.map((id, j) => (answers[id] - mean[j]!) / std[j]!);
  const logits = weights.map((w, k) => w.reduce((s, wj, j) => s + wj * x[j]!, bias[k]!));
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((s, e) => s + e, 0);
  const probabilities = Object.fromEntries(TYPES.map((t, k) => [t, exps[k]! / sum])) as Record<LeadershipType, number>;
  const best = TYPES.reduce((a, b) => (probabilities[b] > probabilities[a] ? b : a));
  return { type: best, probabilities, confidence: probabilities[best] };
}
