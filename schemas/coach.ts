import { z } from "@hono/zod-openapi";
import { AssessmentSchema, LeadershipResultSchema, LeadershipTypeSchema } from "./assessment";
import { listOf, queryInt } from "./common";

export const CoachTypeSchema = LeadershipTypeSchema;
export type CoachType = z.infer<typeof CoachTypeSchema>;

export const CitationSchema = z
  .object({ source: z.string(), title: z.string(), section: z.string().optional() })
  .openapi("Citation");
export type Citation = z.infer<typeof CitationSchema>;

export const KnowledgeDocumentSchema = z.object({
  path: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[\w./-]+\.md$/, "a relative .md path"),
  content: z.string().min(1).max(200_000),
});
export const KnowledgeIndexRequestSchema = z
  .strictObject({ documents: z.array(KnowledgeDocumentSchema).min(1).max(200), prune: z.boolean().default(true) })
  .openapi("KnowledgeIndexRequest", {
    example: {
      documents: [
        {
          path: "leadership/delegation.md",
          content:
            "# Delegating well\n\nHand over outcomes, not tasks: agree on what done looks like, the deadline and when to check in.",
        },
      ],
      prune: false,
    },
  });
export const KnowledgeIndexResultSchema = z
  .object({ documents: z.number().int(), chunks: z.number().int(), removed: z.number().int() })
  .openapi("KnowledgeIndexResult");

export const CreateSessionSchema = z
  .strictObject({ leadershipType: CoachTypeSchema.optional(), reportId: z.string().max(128).optional() })
  .openapi("CreateCoachSession", { example: { leadershipType: "coaching" } });

export const SessionSchema = z
  .object({
    id: z.string(),
    leadershipType: CoachTypeSchema.nullable(),
    title: z.string().nullable(),
    messageCount: z.number().int(),
    createdAt: z.string().datetime(),
    updatedAt: z.string().datetime(),
  })
  .openapi("CoachSession");
export type Session = z.infer<typeof SessionSchema>;

export const MessageSchema = z
  .object({
    id: z.string(),
    role: z.enum(["user", "assistant"]),
    content: z.string(),
    citations: z.array(CitationSchema),
    status: z.enum(["queued", "streaming", "done", "failed"]),
    provider: z.string().nullable(),
    model: z.string().nullable(),
    createdAt: z.string().datetime(),
  })
  .openapi("CoachMessage");
export type Message = z.infer<typeof MessageSchema>;

export const MessageListSchema = listOf(MessageSchema, "CoachMessageList");
export const SessionListSchema = listOf(SessionSchema, "CoachSessionList");

export const SendMessageSchema = z
  .strictObject({ content: z.string().trim().min(1).max(4000) })
  .openapi("SendCoachMessage", {
    example: { content: "팀원에게 일을 맡길 때 어디까지 맡겨야 할지 모르겠어요. 어떻게 시작하면 좋을까요?" },
  });

/** What a client may send on a session's WebSocket: a question, or a request to replay an answer from an offset. */
export const SessionFrameSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("message"), content: SendMessageSchema.shape.content }),
  z.strictObject({
    type: z.literal("resume"),
    messageId: z.string().regex(/^\d{1,15}$/, "not a message id of this session"),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  }),
]);
export type SessionFrame = z.infer<typeof SessionFrameSchema>;
export const AnswerSchema = z
  .object({
    messageId: z.string(),
    content: z.string(),
    citations: z.array(CitationSchema),
    provider: z.string(),
    model: z.string(),
  })
  .openapi("CoachAnswer");

export const MessagesQuerySchema = z.object({
  limit: queryInt(1, 100).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, "not a cursor from this list")
    .optional(),
});

export const ResumeQuerySchema = z.object({ offset: queryInt(0, 10_000_000).default(0) });

export const InterpretationRequestSchema = z
  .strictObject({
    leadershipType: CoachTypeSchema,
    assessment: AssessmentSchema.optional().openapi({
      description: "Answers to the questionnaire; the result is returned as `classification`",
    }),
    locale: z.enum(["en", "ko"]).optional(),
  })
  .openapi("InterpretationRequest", { example: { leadershipType: "coaching", locale: "ko" } });

export const InterpretationSchema = z
  .object({
    reportId: z.string(),
    leadershipType: CoachTypeSchema,
    interpretation: z.string(),
    citations: z.array(CitationSchema),
    classification: LeadershipResultSchema.nullable(),
    cached: z.boolean(),
    provider: z.string(),
    model: z.string(),
    createdAt: z.string().datetime(),
    expiresAt: z.string().datetime(),
  })
  .openapi("Interpretation");
export type Interpretation = z.infer<typeof InterpretationSchema>;
