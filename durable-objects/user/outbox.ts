import { LoggedEventSchema } from "../../schemas/events";
import type { LoggedEvent } from "../../schemas/events";
import type { Bus } from "../../workers/ports/bus";

const FLUSH_DELAY_MS = 50;
const EVENTS_PER_MESSAGE = 100;
const ROWS_PER_FLUSH = 2000;

/**
 * A transactional outbox: accepted events are written in the same synchronous step as the taste
 * update, and an alarm ships them to the queue in batches. A request never waits on the queue,
 * and an event is never applied without eventually reaching the behaviour log.
 */
export class Outbox {
  constructor(
    private readonly sql: SqlStorage,
    private readonly storage: DurableObjectStorage,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL)`);
  }

  async add(events: LoggedEvent[]): Promise<void> {
    for (const e of events) this.sql.exec(`INSERT INTO outbox (event) VALUES (?)`, JSON.stringify(e));
    if ((await this.storage.getAlarm()) === null) await this.storage.setAlarm(Date.now() + FLUSH_DELAY_MS);
  }

  /** Sends what is waiting; returns whether rows remain (the caller re-arms the alarm). */
  async flush(bus: Bus): Promise<boolean> {
    const rows = this.sql
      .exec<{ id: number; event: string }>(`SELECT id, event FROM outbox ORDER BY id LIMIT ?`, ROWS_PER_FLUSH)
      .toArray();
    if (rows.length === 0) return false;
    const events: LoggedEvent[] = rows.map((r) => LoggedEventSchema.parse(JSON.parse(r.event)));
    const messages = [];
    for (let i = 0; i < events.length; i += EVENTS_PER_MESSAGE) {
      messages.push({ kind: "events.log" as const, events: events.slice(i, i + EVENTS_PER_MESSAGE) });
    }
    await bus.sendBatch(messages);
    this.sql.exec(`DELETE FROM outbox WHERE id <= ?`, rows[rows.length - 1]!.id);
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM outbox`).one().n > 0;
  }

  pending(): number {
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM outbox`).one().n;
  }
}
