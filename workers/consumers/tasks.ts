import type { LoggedEvent } from "../../schemas/events";
import { readTaskMessage, type TaskMessage } from "../../schemas/tasks";
import { logEvent } from "../log";
import { configOf, type AppEnv } from "../env";
import { injectQueueFailure } from "../faults";
import { archiveActivity, saveDaySummary } from "../ports/db/lifelog";
import { createBehaviourIndex } from "../ports/search";
import { archiveActivityEvents, archiveDaySummary, archiveRequestLogs, archiveUserActions } from "../services/archive";
import { mirrorActivityEvents, mirrorUserActions } from "../services/mirror";
import { saveRequestLogs } from "../ports/db/request-logs";
import { indexItems } from "../services/catalogue";
import { produceFeedback } from "../services/feedback";
import { generateReport } from "../services/reports";
import { onDaySummary } from "../services/social/challenges";
import { eraseResumeJobs } from "../services/resumes";
import { logEvents } from "./behaviour-log";
import { fanOutPriceDrop, notifyPriceDrop } from "./price-drops";

/**
 * `max_retries` of edge-coach-tasks in wrangler.toml: a message is delivered once and retried this many
 * times. On the last delivery the consumer dead-letters a failure itself, with its reason; left to the
 * queue, it would reach the dead-letter queue with none.
 */
export const MAX_RETRIES = 3;
const REASON_CHARS = 500;

/** Exponential backoff for transient failures, capped at five minutes. */
export const backoffSeconds = (attempts: number) => Math.min(300, 2 ** Math.max(0, attempts));

/** Messages handled one at a time; the behaviour and request logs are written per batch instead. */
type SingleTask = Exclude<TaskMessage, { kind: "events.log" | "request.log" }>;

async function process(message: SingleTask, env: AppEnv): Promise<void> {
  switch (message.kind) {
    case "live.push": {
      const actor = env.USER_ACTOR.get(env.USER_ACTOR.idFromName(message.userId));
      await actor.push(message.type, message.data);
      return;
    }
    case "ping":
      return;
    case "retro.feedback":
      await produceFeedback(env, message.retrospectId);
      return;
    case "report.generate":
      await generateReport(env, message);
      return;
    case "items.embed":
      await indexItems(env, message.itemIds);
      return;
    case "resume.erase-jobs":
      return eraseResumeJobs(env, message.userId, message.resumeId);
    case "price.drop":
      return fanOutPriceDrop(env, message);
    case "notify.price-drop":
      return notifyPriceDrop(env, message);
    case "activity.raw":
      await archiveActivity(env, message.userId, message.events, Date.now());
      await Promise.all([
        archiveActivityEvents(env, message.userId, message.events),
        mirrorActivityEvents(env, message.userId, message.events),
      ]);
      return;
    case "timeline.day":
      await saveDaySummary(env, message.userId, message.summary);
      await onDaySummary(env, message.userId, message.summary);
      return archiveDaySummary(env, message.userId, message.summary);
  }
}

type RequestLogMessage = Extract<TaskMessage, { kind: "request.log" }>;

/**
 * Invalid messages go straight to the dead-letter queue (retrying cannot fix them); failures retry
 * with backoff until `max_retries`, after which Queues dead-letters them. Messages are independent
 * and every handler is idempotent, so a batch runs concurrently, and the behaviour-log and
 * request-log messages of a batch are written together: one round trip or two per batch instead of
 * one or more per message.
 */
export async function handleTasks(batch: MessageBatch<unknown>, env: AppEnv): Promise<void> {
  const logs: Held<LoggedEvent[]>[] = [];
  const requests: Held<RequestLogMessage>[] = [];
  const others: Held<SingleTask>[] = [];
  const config = configOf(env);
  for (const msg of batch.messages) {
    const parsed = readTaskMessage(msg.body);
    const fault = parsed.success ? injectQueueFailure(config) : undefined;
    if (!parsed.success) {
      logEvent("warn", "invalid task message", { id: msg.id, reason: parsed.reason });
      await env.DEAD_LETTERS.send({ reason: `invalid: ${parsed.reason}`, body: msg.body }, { contentType: "json" });
      msg.ack();
    } else if (fault) await fail(msg, parsed.data.kind, fault, env);
    else if (parsed.data.kind === "events.log") logs.push({ msg, value: parsed.data.events });
    else if (parsed.data.kind === "request.log") requests.push({ msg, value: parsed.data });
    else others.push({ msg, value: parsed.data });
  }
  await Promise.all([
    ...others.map(({ msg, value }) => settle([msg], value.kind, () => process(value, env), env)),
    together(
      logs,
      "events.log",
      async (lists) => {
        const events = lists.flat();
        // every writer is idempotent on the events' natural ids, so they run side by side: a failure in
        // any retries the batch, and what the others already wrote is not doubled
        await Promise.all([
          logEvents(env, events),
          archiveUserActions(env, events),
          mirrorUserActions(env, events),
          createBehaviourIndex(env, config)?.index(events),
        ]);
      },
      env,
    ),
    together(
      requests,
      "request.log",
      async (entries) => {
        const rows = entries.map(({ kind: _kind, at, requestId, ...row }) => ({
          ...row,
          requestId: requestId ?? row.id,
          at: new Date(at),
        }));
        await saveRequestLogs(env, rows);
        await archiveRequestLogs(env, rows);
      },
      env,
    ),
  ]);
}

type Held<T> = { msg: Message<unknown>; value: T };

/** One piece of work for several messages of a kind, acked or retried together. */
function together<T>(held: Held<T>[], kind: string, work: (values: T[]) => Promise<void>, env: AppEnv) {
  if (held.length === 0) return undefined;
  return settle(
    held.map((h) => h.msg),
    kind,
    () => work(held.map((h) => h.value)),
    env,
  );
}

async function settle(msgs: Message<unknown>[], kind: string, work: () => Promise<void>, env: AppEnv): Promise<void> {
  try {
    await work();
    for (const msg of msgs) msg.ack();
  } catch (error) {
    await Promise.all(msgs.map((msg) => fail(msg, kind, error, env)));
  }
}

async function fail(msg: Message<unknown>, kind: string, error: unknown, env: AppEnv): Promise<void> {
  logEvent("error", "task failed", { id: msg.id, kind, attempts: msg.attempts, error: String(error) });
  if (msg.attempts > MAX_RETRIES) {
    const reason = `failed ${msg.attempts} times: ${String(error).slice(0, REASON_CHARS)}`;
    try {
      await env.DEAD_LETTERS.send({ reason, body: msg.body }, { contentType: "json" });
      msg.ack();
      return;
    } catch (sendError) {
      // the queue dead-letters it after this retry anyway, only without the reason
      logEvent("error", "dead letter not sent", { id: msg.id, error: String(sendError) });
    }
  }
  msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
}
