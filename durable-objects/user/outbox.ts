import type { LoggedEvent } from "../../schemas/events";
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
const ROWS_PER_FLUSH = 2000;
/** After a failed queue send the outbox tries again on its own alarm, backing off to at most this. */
export const MAX_SEND_RETRY_MS = 5 * 60_000;
const sendRetryMs = (failures: number) => Math.min(MAX_SEND_RETRY_MS, 1000 * 2 ** Math.min(failures - 1, 9));

const encoder = new TextEncoder();
const ASCII = /^[\x00-\x7f]*$/;
const utf8Length = (text: string) => (ASCII.test(text) ? text.length : encoder.encode(text).length);

/**
 * A transactional outbox: accepted events are written in the same synchronous step as the taste
 * update, and an alarm ships them to the queue in batches: within a second after a pause, at most
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
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL)`);
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
    this.sql.exec(`INSERT INTO outbox (event) SELECT value FROM json_each(?)`, JSON.stringify(events));
    this.waiting += events.length;
    await this.arm(this.due(Date.now()));
  }

  /** When what is waiting should ship. */
  private due(now: number): number {
    if (this.waiting >= FLUSH_AT_EVENTS) return now;
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
    const rows = this.sql
      .exec<{ id: number; event: string }>(`SELECT id, event FROM outbox ORDER BY id LIMIT ?`, ROWS_PER_FLUSH)
      .toArray();
    if (rows.length === 0) return;
    this.lastFlushAt = Date.now();
    const messages: { kind: "events.log"; events: LoggedEvent[] }[] = [];
    let bytes = Infinity;
    for (const row of rows) {
      const size = utf8Length(row.event) + 1;
      const last = messages.at(-1);
      if (!last || last.events.length >= EVENTS_PER_MESSAGE || bytes + size > BYTES_PER_MESSAGE) {
        messages.push({ kind: "events.log", events: [] });
        bytes = 0;
      }
      // rows were LoggedEvents when written; the bus validates each message before it leaves
      messages.at(-1)!.events.push(JSON.parse(row.event) as LoggedEvent);
      bytes += size;
    }
    try {
      await bus.sendBatch(messages);
    } catch (error) {
      // the rows stay; retrying on our own alarm (not by throwing) means the runtime's six alarm
      // retries can never run out while the queue is down and leave the rows with no alarm
      this.sendFailures++;
      const retryInMs = sendRetryMs(this.sendFailures);
      logEvent("warn", "outbox: queue send failed, rows kept", {
        rows: rows.length,
        failures: this.sendFailures,
        retryInMs,
        error: String(error),
      });
      await this.arm(Date.now() + retryInMs);
      return;
    }
    this.sendFailures = 0;
    this.sql.exec(`DELETE FROM outbox WHERE id <= ?`, rows[rows.length - 1]!.id);
    this.waiting = this.count();
    // a full flush leaves a backlog to drain now; rows added while this one was sending wait their turn
    if (this.waiting > 0) await this.arm(rows.length === ROWS_PER_FLUSH ? Date.now() + 10 : this.due(Date.now()));
  }

  private count(): number {
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM outbox`).one().n;
  }
}
