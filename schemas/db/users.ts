import { integer, sqliteTable, text, index } from "drizzle-orm/sqlite-core";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email"),
    displayName: text("display_name"),
    locale: text("locale", { enum: ["en", "ko"] })
      .notNull()
      .default("en"),
    role: text("role", { enum: ["user", "admin"] })
      .notNull()
      .default("user"),
    tier: text("tier", { enum: ["free", "pro"] })
      .notNull()
      .default("free"),
    timezone: text("timezone").notNull().default("UTC"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("users_email_idx").on(t.email)],
);
export type UserRow = typeof users.$inferSelect;
