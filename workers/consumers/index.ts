import { logEvent } from "../log";
import type { AppEnv } from "../env";
import { handleDeadLetters } from "./dead-letters";
import { handleTasks } from "./tasks";

const handlers: Record<string, (batch: MessageBatch<unknown>, env: AppEnv) => Promise<void>> = {
  "edge-coach-tasks": handleTasks,
  "edge-coach-tasks-dlq": handleDeadLetters,
};

export async function handleQueue(batch: MessageBatch<unknown>, env: AppEnv, _ctx: ExecutionContext): Promise<void> {
  const handler = handlers[batch.queue];
  if (!handler) {
    logEvent("error", "no consumer for queue", { queue: batch.queue });
    batch.retryAll();
    return;
  }
  await handler(batch, env);
}
