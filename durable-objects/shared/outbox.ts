import type { LoggedEvent } from "../../schemas/events";
import type { ActivityRecord } from "../../schemas/lifelog";
import type { TaskMessage } from "../../schemas/tasks";
import { utf8Length } from "../../workers/domain/text";
import { logEvent } from "../../workers/log";
import type { Bus } from "../../workers/ports/bus";

/** How long a user's first event after a pause may wait, so that a burst travels together. */
export const FLUSH_DELAY_MS = 1000;
/**
 * How often a busy user's events ship at most. A flush costs the same whatever it carries (an
 * alarm, a commit, a queue message, a consumer's D1 writes), so a steady stream travels in batches
 * this far apart: no event waits longer than this, and a user who pauses is back to FLUSH_DELAY_MS.
 */
export const MIN_FLUSH_INTERVAL_MS = 5000;
/** Ship at once when this many are waiting (a batch request fills it in one call). */
export const FLUSH_AT_EVENTS = 500;
const EVENTS_PER_MESSAGE = 500;
// Queues take messages of up to 128 KB; stay well below it with long (e.g. Korean) search queries.
const BYTES_PER_MESSAGE = 96_000;
const EVENTS_PER_FLUSH = 2000;
/** After a failed queue send the outbox tries again on its own alarm, backing off to at most this. */
export const MAX_SEND_RETRY_MS = 5 * 60_000;
const sendRetryMs = (failures: number) => Math.min(MAX_SEND_RETRY_MS, 1000 * 2 ** Math.min(failures - 1, 9));

/**
 * Row kinds: events that travel many to a message, and whole messages (`message`) that travel alone.
 * A row of events holds the JSON array of `n` of them, written by one call and small enough for one
 * message, so a 500-event batch is one row to insert, read and delete rather than 500; rows from
 * before the arrays (and `message` rows) have no `n` and hold one item.
 */
type RowKind = "events.log" | "activity.raw" | "message";
type ActivityRow = ActivityRecord & { userId: string };

/** How a run of rows of one batched kind becomes one queue message. */
const pack = {
  "events.log": (rows: unknown[]): TaskMessage => ({ kind: "events.log", events: rows as LoggedEvent[] }),
  "activity.raw": (rows: unknown[]): TaskMessage => {
    const records = rows as ActivityRow[];
    return {
      kind: "activity.raw",
      userId: records[0]!.userId,
      events: records.map(({ userId: _, ...record }) => record),
    };
  },
};

/** `rows` as JSON arrays that each fit one message (the usual call is one array). */
function chunks(rows: unknown[]): { n: number; json: string }[] {
  const whole = JSON.stringify(rows);
  if (rows.length <= EVENTS_PER_MESSAGE && utf8Length(whole) <= BYTES_PER_MESSAGE)
    return [{ n: rows.length, json: whole }];
  const out: { n: number; json: string }[] = [];
  let parts: string[] = [];
  let bytes = 2;
  const close = () => out.push({ n: parts.length, json: `[${parts.join(",")}]` });
  for (const row of rows) {
    const part = JSON.stringify(row);
    const size = utf8Length(part) + 1;
    if (parts.length > 0 && (parts.length >= EVENTS_PER_MESSAGE || bytes + size > BYTES_PER_MESSAGE)) {
      close();
      [parts, bytes] = [[], 2];
    }
    parts.push(part);
    bytes += size;
  }
  if (parts.length > 0) close();
  return out;
}

/**
 * A transactional outbox: accepted events (recommendation events, life-log events) and day summaries
 * are written in the same synchronous step as the state they come from, and an alarm ships them to the queue in batches: within a second after a pause, at most
 * every five seconds while the user stays busy, at once when a batch fills. A request never waits
 * on the queue, and an event is never applied without eventually reaching the behaviour log.
 */
export class Outbox {
  /** Rows waiting, kept in memory so the hot path does not count them. */
  private waiting: number;
  /** When the alarm is set for (null: none), once read: the hot path does not ask storage. */
  private armedAt: number | null | undefined;
  /** When the last flush that shipped rows started (in memory: after a restart the next may come sooner). */
  private lastFlushAt = 0;
  /** Queue sends failed in a row (in memory: a restart begins the backoff again). */
  private sendFailures = 0;

  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
    /** Rows that ship at once rather than on the timer (an owner whose writes are big batches raises it). */
    private readonly flushAt = FLUSH_AT_EVENTS,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL)`);
    // actors created before the life-log have the one-kind table (every row an events.log event)
    const columns = sql.exec<{ name: string }>(`SELECT name FROM pragma_table_info('outbox')`).toArray();
    if (!columns.some((c) => c.name === "kind")) {
      sql.exec(`ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'events.log'`);
      sql.exec(`ALTER TABLE outbox ADD COLUMN key TEXT`);
      sql.exec(`CREATE UNIQUE INDEX IF NOT EXISTS outbox_key ON outbox (key)`);
    }
    if (!columns.some((c) => c.name === "n")) sql.exec(`ALTER TABLE outbox ADD COLUMN n INTEGER`);
    this.waiting = this.count();
    // Rows with no alarm to ship them: the runtime drops an alarm whose handler failed six times
    // (about two minutes of queue errors), and a client replaying those events gets duplicates,
    // which write nothing and so arm nothing. A fresh instance (after a reset, a deploy or an idle
    // eviction) arms one. Storage answers at once, so this is done before the instance takes a call.
    // (An instance woken by its own alarm sees none while it runs: that costs one later empty flush.)
    if (this.waiting > 0) {
      this.arm(this.due(Date.now())).catch((error: unknown) =>
        logEvent("error", "outbox: could not arm the alarm for waiting rows", {
          waiting: this.waiting,
          error: String(error),
        }),
      );
    }
  }

  async add(events: LoggedEvent[]): Promise<void> {
    await this.addRows("events.log", events);
  }

  /** Accepted life-log events for the archive (`activity.raw`). */
  async addActivity(userId: string, records: ActivityRecord[]): Promise<void> {
    await this.addRows(
      "activity.raw",
      records.map((r) => ({ ...r, userId })),
    );
  }

  /** One whole message; a waiting message with the same `key` is replaced (the newer one says it all). */
  async put(message: TaskMessage, key: string): Promise<void> {
    const replaced = this.sql.exec(`DELETE FROM outbox WHERE key = ? RETURNING id`, key).toArray().length;
    this.sql.exec(`INSERT INTO outbox (kind, key, event) VALUES ('message', ?, ?)`, key, JSON.stringify(message));
    this.waiting += 1 - replaced;
    await this.arm(this.due(Date.now()));
  }

  /** Runs the owner's alarm soon (as if rows had been added): work beside the outbox is waiting. */
  async schedule(): Promise<void> {
    await this.arm(this.due(Date.now()));
  }

  /** Runs the owner's alarm by `at` at the latest (an earlier one stays). */
  async wakeAt(at: number): Promise<void> {
    await this.arm(at);
  }

  private async addRows(kind: Exclude<RowKind, "message">, rows: unknown[]): Promise<void> {
    for (const chunk of chunks(rows))
      this.sql.exec(`INSERT INTO outbox (kind, n, event) VALUES (?, ?, ?)`, kind, chunk.n, chunk.json);
    this.waiting += rows.length;
    await this.arm(this.due(Date.now()));
  }

  /** When what is waiting should ship. */
  private due(now: number): number {
    if (this.waiting >= this.flushAt) return now;
    return Math.max(now + FLUSH_DELAY_MS, this.lastFlushAt + MIN_FLUSH_INTERVAL_MS);
  }

  private async arm(due: number): Promise<void> {
    if (this.armedAt === undefined) this.armedAt = await this.storage.getAlarm();
    if (this.armedAt !== null && this.armedAt <= due) return;
    await this.storage.setAlarm(due);
    this.armedAt = due;
  }

  /** The actor's alarm: sends what is waiting, and sets the alarm again while rows remain. */
  async flush(bus: Bus): Promise<void> {
    this.armedAt = null; // the alarm that is running is spent
    // the oldest rows up to EVENTS_PER_FLUSH events (at least one row), read without their text first
    const heads = this.sql
      .exec<{ id: number; n: number }>(
        `SELECT id, coalesce(n, 1) AS n FROM outbox ORDER BY id LIMIT ?`,
        EVENTS_PER_FLUSH,
      )
      .toArray();
    if (heads.length === 0) return;
    let [lastId, events] = [0, 0];
    for (const head of heads) {
      if (events > 0 && events + head.n > EVENTS_PER_FLUSH) break;
      [lastId, events] = [head.id, events + head.n];
    }
    const full = heads.at(-1)!.id !== lastId || heads.length === EVENTS_PER_FLUSH;
    const rows = this.sql
      .exec<{ kind: RowKind; n: number | null; event: string }>(
        `SELECT kind, n, event FROM outbox WHERE id <= ? ORDER BY id`,
        lastId,
      )
      .toArray();
    this.lastFlushAt = Date.now();
    // consecutive rows of one batched kind share messages, up to EVENTS_PER_MESSAGE and BYTES_PER_MESSAGE
    const runs: { kind: RowKind; items: unknown[]; bytes: number }[] = [];
    for (const row of rows) {
      // rows were schema-valid when written; the bus validates each message again before it leaves
      const parsed = JSON.parse(row.event) as unknown;
      const items = row.n === null ? [parsed] : (parsed as unknown[]);
      const size = utf8Length(row.event);
      const last = runs.at(-1);
      if (
        !last ||
        row.kind === "message" ||
        last.kind !== row.kind ||
        last.items.length + items.length > EVENTS_PER_MESSAGE ||
        last.bytes + size > BYTES_PER_MESSAGE
      ) {
        runs.push({ kind: row.kind, items, bytes: size });
        continue;
      }
      for (const item of items) last.items.push(item);
      last.bytes += size;
    }
    const messages = runs.map((run) =>
      run.kind === "message" ? (run.items[0] as TaskMessage) : pack[run.kind](run.items),
    );
    try {
      await bus.sendBatch(messages);
    } catch (error) {
      // the rows stay; retrying on our own alarm (not by throwing) means the runtime's six alarm
      // retries can never run out while the queue is down and leave the rows with no alarm
      this.sendFailures++;
      const retryInMs = sendRetryMs(this.sendFailures);
      logEvent("warn", "outbox: queue send failed, rows kept", {
        events,
        failures: this.sendFailures,
        retryInMs,
        error: String(error),
      });
      await this.arm(Date.now() + retryInMs);
      return;
    }
    this.sendFailures = 0;
    this.sql.exec(`DELETE FROM outbox WHERE id <= ?`, lastId);
    this.waiting = this.count();
    // a full flush leaves a backlog to drain now; rows added while this one was sending wait their turn
    if (this.waiting > 0) await this.arm(full ? Date.now() + 10 : this.due(Date.now()));
  }

  private count(): number {
    return this.sql.exec<{ n: number }>(`SELECT coalesce(sum(coalesce(n, 1)), 0) AS n FROM outbox`).one().n;
  }
}
