import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const resumes = sqliteTable(
  "resumes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    title: text("title").notNull(),
    content: text("content").notNull(),
    skills: text("skills", { mode: "json" }).$type<string[]>().notNull(),
    yearsOfExperience: real("years_of_experience"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("resumes_user_idx").on(t.userId, t.createdAt, t.id)],
);
export type ResumeRow = typeof resumes.$inferSelect;

/** Who owns which job, and the request fingerprint that makes repeats return the same job. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    resumeId: text("resume_id").notNull(),
    kind: text("kind", { enum: ["interview-questions", "learning-path"] }).notNull(),
    fingerprint: text("fingerprint").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** Set when a repeat of the request found the job cancelled or failed: it no longer answers its fingerprint. */
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("jobs_fingerprint_idx").on(t.userId, t.fingerprint, t.createdAt),
    // erasing a resume's jobs pages through them by resume, newest first
    index("jobs_resume_idx").on(t.resumeId, t.createdAt),
  ],
);
