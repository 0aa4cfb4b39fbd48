import { LiveTypeSchema, type LiveMessage, type LiveType } from "../../schemas/live";

const MAX_AGE_MS = 24 * 60 * 60 * 1000;
type Row = { id: number; type: string; data: string; at: number };

/** The short replay log behind the live channel: what a reconnecting client may have missed. */
export class LiveLog {
  constructor(
    private readonly sql: SqlStorage,
    private readonly keep: () => number,
  ) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS live_log (
         id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL, data TEXT NOT NULL, at INTEGER NOT NULL)`,
    );
  }

  append(type: LiveType, data: unknown, at: number): LiveMessage {
    const liveType = LiveTypeSchema.parse(type);
    const { id } = this.sql
      .exec<{ id: number }>(
        `INSERT INTO live_log (type, data, at) VALUES (?, ?, ?) RETURNING id`,
        liveType,
        JSON.stringify(data ?? null),
        at,
      )
      .one();
    this.sql.exec(`DELETE FROM live_log WHERE id <= ? OR at < ?`, id - this.keep(), at - MAX_AGE_MS);
    return { id, type: liveType, data: data ?? null, at: new Date(at).toISOString() };
  }

  since(id: number): LiveMessage[] {
    return this.sql
      .exec<Row>(`SELECT id, type, data, at FROM live_log WHERE id > ? ORDER BY id`, id)
      .toArray()
      .map((r) => ({
        id: r.id,
        type: LiveTypeSchema.parse(r.type),
        data: JSON.parse(r.data) as unknown,
        at: new Date(r.at).toISOString(),
      }));
  }

  lastId(): number {
    return this.sql.exec<{ id: number | null }>(`SELECT max(id) AS id FROM live_log`).one().id ?? 0;
  }
}
