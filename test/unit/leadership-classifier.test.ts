import { describe, expect, it } from "vitest";
import {
  AssessmentSchema,
  LEADERSHIP_TYPE_LABELS,
  LeadershipTypeSchema,
  QUESTIONS,
  type AssessmentAnswers,
  type LeadershipType,
} from "../../schemas/assessment";
import { LEADERSHIP_MODEL, classify } from "../../workers/domain/leadership-classifier";
import { ITEMS, SEED, TYPES, generateDataset } from "../../scripts/train-classifier.mjs";

const toAnswers = (values: readonly number[]) =>
  Object.fromEntries(QUESTIONS.map((q, j) => [q.id, values[j]])) as AssessmentAnswers;

const complete = toAnswers(QUESTIONS.map(() => 3));

/** Strongly agrees with every statement keyed to `type`, mildly disagrees with the rest. */
const textbook = (type: LeadershipType) => toAnswers(ITEMS.map((item) => (item.loads[type] === 1 ? 5 : 2)));

describe("the questionnaire", () => {
  it("has 24 unique ids with Korean and English text", () => {
    expect(new Set(QUESTIONS.map((q) => q.id)).size).toBe(24);
    for (const q of QUESTIONS) {
      expect(q.en.trim()).not.toBe("");
      expect(q.ko.trim()).not.toBe("");
      expect(q.ko).toMatch(/[가-힣]/);
    }
  });

  it("is the item list the classifier was trained on, in the same order", () => {
    expect(ITEMS.map((item) => item.id)).toEqual(QUESTIONS.map((q) => q.id));
    expect(LEADERSHIP_MODEL.questionIds).toEqual(QUESTIONS.map((q) => q.id));
    expect(TYPES).toEqual(LeadershipTypeSchema.options);
  });

  it("keys four statements to each type, some loading on a second type too", () => {
    for (const type of LeadershipTypeSchema.options) {
      expect(ITEMS.filter((item) => item.loads[type] === 1)).toHaveLength(4);
      expect(LEADERSHIP_TYPE_LABELS[type].ko).toMatch(/형$/);
    }
    expect(ITEMS.filter((item) => Object.keys(item.loads).length > 1).length).toBeGreaterThan(0);
  });
});

describe("AssessmentSchema", () => {
  it("accepts a complete set of whole-number answers", () => {
    expect(AssessmentSchema.safeParse({ answers: complete }).success).toBe(true);
  });

  it("rejects a missing answer", () => {
    const { q07: _, ...partial } = complete;
    expect(AssessmentSchema.safeParse({ answers: partial }).success).toBe(false);
  });

  it("rejects an unknown question id", () => {
    expect(AssessmentSchema.safeParse({ answers: { ...complete, q25: 3 } }).success).toBe(false);
  });

  it.each([0, 6, 3.5, "4"])("rejects the answer %j", (value) => {
    expect(AssessmentSchema.safeParse({ answers: { ...complete, q12: value } }).success).toBe(false);
  });

  it("rejects fields beside answers", () => {
    expect(AssessmentSchema.safeParse({ answers: complete, type: "visionary" }).success).toBe(false);
  });
});

describe("classify", () => {
  it("returns probabilities over all six types that sum to 1", () => {
    const { probabilities, confidence, type } = classify(complete);
    expect(Object.keys(probabilities).sort()).toEqual([...LeadershipTypeSchema.options].sort());
    expect(Object.values(probabilities).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(confidence).toBe(Math.max(...Object.values(probabilities)));
    expect(probabilities[type]).toBe(confidence);
  });

  it.each(LeadershipTypeSchema.options)("classifies a textbook %s pattern as that type", (type) => {
    const result = classify(textbook(type));
    expect(result.type).toBe(type);
    expect(result.confidence).toBeGreaterThan(0.9);
  });
});

describe("the shipped weights", () => {
  const { heldOutAccuracy, majorityBaseline } = LEADERSHIP_MODEL.metrics;

  it("reached at least 0.85 held-out accuracy and three times the majority baseline", () => {
    expect(heldOutAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(heldOutAccuracy).toBeGreaterThanOrEqual(3 * majorityBaseline);
  });

  it("do as well on a fresh synthetic sample the training never saw", () => {
    const { X, y } = generateDataset(2_000, SEED + 1);
    const correct = X.filter((answers, i) => classify(toAnswers(answers)).type === TYPES[y[i]!]).length;
    const counts = TYPES.map((_, k) => y.filter((label) => label === k).length);
    const accuracy = correct / X.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
    expect(accuracy).toBeGreaterThanOrEqual((3 * Math.max(...counts)) / X.length);
  });
});
