import { z } from "zod";
import {
  InterviewQuestionsSchema,
  LearningPathSchema,
  type InterviewQuestions,
  type JobKind,
  type LearningPath,
} from "../../schemas/interview";
import { analyseResume, offlineLearningPath, offlineQuestions, type Analysis } from "../domain/interview-offline";
import type { Llm } from "../ports/llm";
import {
  AnalyticsJobInputSchema,
  type AnalyticsJobInput,
  type AnalyticsReportResult,
} from "../../schemas/analytics-reports";
import type { AppEnv } from "../env";
import { ANALYTICS_STEPS, type AnalyticsJobData } from "./analytics-jobs";

const interviewInput = <K extends "interview-questions" | "learning-path">(kind: K) =>
  z.object({
    kind: z.literal(kind),
    resume: z.object({
      title: z.string(),
      content: z.string(),
      skills: z.array(z.string()),
      yearsOfExperience: z.number().nullable(),
    }),
    count: z.number().int().default(8),
    level: z.enum(["junior", "mid", "senior"]).default("mid"),
    weeks: z.number().int().default(6),
    goal: z.string().optional(),
  });

/** What the JobActor runs, by kind: the two interview jobs and the analytics report (analytics-jobs.ts). */
export const JobInputSchema = z.discriminatedUnion("kind", [
  interviewInput("interview-questions"),
  interviewInput("learning-path"),
  AnalyticsJobInputSchema,
]);
export type JobInput = z.input<typeof JobInputSchema>;
type ParsedJobInput = z.infer<typeof JobInputSchema>;
type InterviewJobInput = Exclude<ParsedJobInput, AnalyticsJobInput>;

/** What a job carries from step to step; persisted after each one so a restart resumes there. */
export type JobData = {
  analysis?: Analysis;
  /** The job's result once its last step ran (the job view's `result`). */
  draft?: InterviewQuestions | LearningPath | AnalyticsReportResult;
  provider?: string;
  analytics?: AnalyticsJobData;
};

export type Step = {
  stage: string;
  progress: number;
  run: (input: InterviewJobInput, data: JobData, llm: Llm) => Promise<JobData>;
};

/** A step with its input bound: what the JobActor runs. */
export type JobStep = {
  stage: string;
  progress: number;
  /** Shown for a moment before the next step when the offline provider answers (OFFLINE_TOKENS_PER_SECOND). */
  offlinePaced?: boolean;
  run: (data: JobData, llm: Llm, env: AppEnv) => Promise<JobData>;
};

/** The steps of a job's kind, bound to its input. */
export function stepsFor(input: ParsedJobInput): JobStep[] {
  if (input.kind === "analytics-report")
    return ANALYTICS_STEPS.map((step) => ({
      stage: step.stage,
      progress: step.progress,
      run: async (data, _llm, env) => {
        const { data: analytics, result } = await step.run(input, data.analytics ?? {}, env);
        return { ...data, analytics, ...(result ? { draft: result } : {}) };
      },
    }));
  return STEPS.map((step) => ({
    stage: step.stage,
    progress: step.progress,
    offlinePaced: true,
    run: (data, llm) => step.run(input, data, llm),
  }));
}

const schemaOf = (kind: JobKind) => (kind === "interview-questions" ? InterviewQuestionsSchema : LearningPathSchema);

function prompt(input: InterviewJobInput, analysis: Analysis) {
  const lang = analysis.ko ? "Korean" : "English";
  const task =
    input.kind === "interview-questions"
      ? `Write ${input.count} interview questions for a ${input.level} candidate: a mix of technical, behavioural and situational. For each, quote the resume evidence it probes and outline a strong answer.`
      : `Write a ${input.weeks}-week learning path${input.goal ? ` toward: ${input.goal}` : ""}, one entry per week with goals, concrete resources and a checkpoint.`;
  return {
    messages: [
      {
        role: "system" as const,
        content: `You are an experienced technical interviewer and mentor. Write in ${lang}. ${task}`,
      },
      {
        role: "user" as const,
        content: `Resume: ${input.resume.title}\nSkills: ${input.resume.skills.join(", ") || "(none listed)"}\nYears of experience: ${input.resume.yearsOfExperience ?? "unknown"}\n\n${input.resume.content}`,
      },
    ],
  };
}

export const STEPS: Step[] = [
  {
    stage: "analysing resume",
    progress: 20,
    run: async (input, data) => ({ ...data, analysis: analyseResume(input.resume.content, input.resume.skills) }),
  },
  {
    stage: "drafting",
    progress: 70,
    // the offline provider cannot write questions, so the extractive generator stands in for it
    run: async (input, data, llm) => {
      const analysis = data.analysis!;
      const result = await llm.structured<InterviewQuestions | LearningPath>(
        schemaOf(input.kind),
        prompt(input, analysis),
      );
      if (!result.offline) return { ...data, draft: result.value, provider: result.provider };
      const draft =
        input.kind === "interview-questions"
          ? offlineQuestions(analysis, input.count, input.level)
          : offlineLearningPath(analysis, input.weeks, input.goal);
      return { ...data, draft, provider: result.provider };
    },
  },
  {
    stage: "validating",
    progress: 90,
    run: async (input, data) => {
      if (input.kind === "interview-questions") {
        const { questions } = InterviewQuestionsSchema.parse(data.draft);
        const unique = questions.filter((q, i) => questions.findIndex((o) => o.question === q.question) === i);
        return { ...data, draft: { questions: unique.slice(0, input.count) } };
      }
      const { weeks } = LearningPathSchema.parse(data.draft);
      return { ...data, draft: { weeks: weeks.slice(0, input.weeks).map((w, i) => ({ ...w, week: i + 1 })) } };
    },
  },
];
