import type { LoggedEvent } from "../../schemas/events";
import { TaskMessageSchema, type TaskMessage } from "../../schemas/tasks";
import { logEvent } from "../api/log";
import type { AppEnv } from "../env";
import { requestLogs } from "../../schemas/db";
import { createDb } from "../ports/db/d1";
import { indexItems } from "../services/catalogue";
import { produceFeedback } from "../services/feedback";
import { generateReport } from "../services/reports";
import { logEvents } from "./behaviour-log";
import { fanOutPriceDrop, notifyPriceDrop } from "./price-drops";

/** Exponential backoff for transient failures, capped at five minutes. */
export const backoffSeconds = (attempts: number) => Math.min(300, 2 ** Math.max(0, attempts));

async function process(message: TaskMessage, env: AppEnv): Promise<void> {
  switch (message.kind) {
    case "live.push": {
      const actor = env.USER_ACTOR.get(env.USER_ACTOR.idFromName(message.userId));
      await actor.push(message.type, message.data);
      return;
    }
    case "ping":
      return;
    case "request.log": {
      const { kind: _kind, at, ...row } = message;
      await createDb(env)
        .insert(requestLogs)
        .values({ ...row, at: new Date(at) })
        .onConflictDoNothing();
      return;
    }
    case "retro.feedback":
      await produceFeedback(env, message.retrospectId);
      return;
    case "report.generate":
      await generateReport(env, message);
      return;
    case "events.log": // batched in handleTasks; handled here when a message comes alone
      return logEvents(env, message.events);
    case "items.embed":
      await indexItems(env, message.itemIds);
      return;
    case "price.drop":
      return fanOutPriceDrop(env, message);
    case "notify.price-drop":
      return notifyPriceDrop(env, message);
  }
}

/**
 * Invalid messages go straight to the dead-letter queue (retrying cannot fix them); failures retry
 * with backoff until `max_retries`, after which Queues dead-letters them. Messages are independent
 * and every handler is idempotent, so a batch runs concurrently, and the behaviour-log messages of
 * a batch are written together: a few statements per batch instead of a few per message.
 */
export async function handleTasks(batch: MessageBatch<unknown>, env: AppEnv): Promise<void> {
  const logs: { msg: Message<unknown>; events: LoggedEvent[] }[] = [];
  const others: { msg: Message<unknown>; task: TaskMessage }[] = [];
  for (const msg of batch.messages) {
    const parsed = TaskMessageSchema.safeParse(msg.body);
    if (!parsed.success) {
      logEvent("warn", "invalid task message", { id: msg.id, issues: parsed.error.issues.length });
      await env.DEAD_LETTERS.send({ reason: "invalid", body: msg.body }, { contentType: "json" });
      msg.ack();
    } else if (parsed.data.kind === "events.log") logs.push({ msg, events: parsed.data.events });
    else others.push({ msg, task: parsed.data });
  }
  await Promise.all([
    ...others.map(({ msg, task }) => settle([msg], task.kind, () => process(task, env))),
    logs.length > 0
      ? settle(
          logs.map((l) => l.msg),
          "events.log",
          () =>
            logEvents(
              env,
              logs.flatMap((l) => l.events),
            ),
        )
      : undefined,
  ]);
}

async function settle(msgs: Message<unknown>[], kind: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
    for (const msg of msgs) msg.ack();
  } catch (error) {
    for (const msg of msgs) {
      logEvent("error", "task failed", { id: msg.id, kind, attempts: msg.attempts, error: String(error) });
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
    }
  }
}
