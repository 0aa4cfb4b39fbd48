import { DeadLetterSchema } from "../../schemas/tasks";
import type { AppEnv } from "../env";
import { saveDeadLetters } from "../ports/db/dead-letters";

/**
 * Stores every dead letter in D1 for inspection. The message id is the primary key, so a
 * redelivered dead letter is stored once.
 */
export async function handleDeadLetters(batch: MessageBatch<unknown>, env: AppEnv): Promise<void> {
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
  await saveDeadLetters(env, rows);
  batch.ackAll();
}
