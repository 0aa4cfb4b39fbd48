import { z } from "@hono/zod-openapi";
import { AnalyticsReportResultSchema } from "./analytics-reports";
import { listOf } from "./common";

export const ResumeInputSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    content: z.string().trim().min(1).max(50_000),
    skills: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
    yearsOfExperience: z.number().min(0).max(60).optional(),
  })
  .openapi("ResumeInput", {
    example: {
      title: "Backend engineer résumé",
      content:
        "Four years building payment APIs in TypeScript and PostgreSQL. Led the move of our billing jobs to a queue, cutting failed renewals by a third. Mentored two junior engineers.",
      skills: ["TypeScript", "PostgreSQL", "Cloudflare Workers"],
      yearsOfExperience: 4,
    },
  });
export type ResumeInput = z.infer<typeof ResumeInputSchema>;

export const ResumeSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    content: z.string(),
    skills: z.array(z.string()),
    yearsOfExperience: z.number().nullable(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("Resume");
export type Resume = z.infer<typeof ResumeSchema>;
export const ResumeListSchema = listOf(ResumeSchema, "ResumeList");

export const QuestionsRequestSchema = z
  .strictObject({
    count: z.number().int().min(1).max(30).default(8),
    level: z.enum(["junior", "mid", "senior"]).default("mid"),
  })
  .openapi("InterviewQuestionsRequest", { example: { count: 5, level: "senior" } });
export const LearningPathRequestSchema = z
  .strictObject({
    goal: z.string().trim().min(1).max(300).optional(),
    weeks: z.number().int().min(1).max(26).default(6),
  })
  .openapi("LearningPathRequest", { example: { goal: "Prepare for system design interviews", weeks: 6 } });

export const InterviewQuestionsSchema = z.object({
  questions: z
    .array(
      z.object({
        question: z.string().min(1).max(600),
        category: z.enum(["technical", "behavioural", "situational"]),
        difficulty: z.enum(["easy", "medium", "hard"]),
        evidence: z.string().min(1).max(600).describe("The part of the resume the question probes"),
        answerOutline: z.array(z.string().min(1).max(300)).min(1).max(6),
      }),
    )
    .min(1)
    .max(30),
});
export type InterviewQuestions = z.infer<typeof InterviewQuestionsSchema>;

export const LearningPathSchema = z.object({
  weeks: z
    .array(
      z.object({
        week: z.number().int().min(1),
        goals: z.array(z.string().min(1).max(300)).min(1).max(5),
        resources: z.array(z.string().min(1).max(300)).min(1).max(6),
        checkpoint: z.string().min(1).max(300),
      }),
    )
    .min(1)
    .max(26),
});
export type LearningPath = z.infer<typeof LearningPathSchema>;

export const JobKindSchema = z.enum(["interview-questions", "learning-path", "analytics-report"]);
export type JobKind = z.infer<typeof JobKindSchema>;
export const JobStatusSchema = z.enum(["queued", "running", "succeeded", "failed", "cancelled"]);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobSchema = z
  .object({
    id: z.string(),
    kind: JobKindSchema,
    status: JobStatusSchema,
    progress: z.number().int().min(0).max(100),
    stage: z.string(),
    result: z.union([InterviewQuestionsSchema, LearningPathSchema, AnalyticsReportResultSchema]).optional(),
    error: z.string().optional(),
    provider: z.string().optional(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("Job");
export type Job = z.infer<typeof JobSchema>;

export const JobAcceptedSchema = z.object({ jobId: z.string(), existing: z.boolean() }).openapi("JobAccepted");
