import { and, desc, eq, lt, or } from "drizzle-orm";
import { emailOutbox } from "../../../schemas/db";
import { paginate } from "../../domain/cursor";
import { createDb, type D1Env } from "./d1";
import type { Page, PageRequest } from "./keyset";

export type OutboxRow = typeof emailOutbox.$inferSelect;

export async function insertEmail(env: D1Env, email: Omit<OutboxRow, "id">): Promise<string> {
  const id = crypto.randomUUID();
  await createDb(env)
    .insert(emailOutbox)
    .values({ id, ...email });
  return id;
}

/**
 * Newest first, keyset-paginated on (createdAt, id) like `newestFirst`, which needs a Date column;
 * the outbox stores milliseconds.
 */
export async function listEmails(env: D1Env, page: PageRequest): Promise<Page<OutboxRow>> {
  const after = page.after
    ? or(
        lt(emailOutbox.createdAt, page.after.at),
        and(eq(emailOutbox.createdAt, page.after.at), lt(emailOutbox.id, page.after.id)),
      )
    : undefined;
  const rows = await createDb(env)
    .select()
    .from(emailOutbox)
    .where(after)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(page.limit + 1);
  return paginate(rows, page.limit, (row) => ({ at: row.createdAt, id: row.id }));
}
