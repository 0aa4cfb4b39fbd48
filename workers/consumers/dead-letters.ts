import { deadLetters } from "../../schemas/db";
import { DeadLetterSchema } from "../../schemas/tasks";
import type { AppEnv } from "../env";
import { createDb } from "../ports/db/d1";

/**
 * Stores every dead letter in D1 for inspection. The message id is the primary key, so a
 * redelivered dead letter is stored once.
 */
export async function handleDeadLetters(batch: MessageBatch<unknown>, env: AppEnv): Promise<void> {
  const db = createDb(env);
  const rows = batch.messages.map((msg) => {
    const wrapped = DeadLetterSchema.safeParse(msg.body);
    return {
      id: msg.id,
      queue: batch.queue,
      body: JSON.stringify(wrapped.success ? wrapped.data.body : msg.body) ?? "null",
      reason: wrapped.success ? wrapped.data.reason : "retries exhausted",
      attempts: msg.attempts,
      receivedAt: new Date(),
    };
  });
  if (rows.length > 0) {
    await db.batch(rows.map((r) => db.insert(deadLetters).values(r).onConflictDoNothing()) as [never, ...never[]]);
  }
  batch.ackAll();
}
