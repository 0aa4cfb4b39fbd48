import type { Notification, PriceDropNotice } from "../../schemas/notifications";

type Row = {
  id: number;
  kind: string;
  title: string;
  body: string;
  data: string;
  created_at: number;
  read_at: number | null;
};

const toNotification = (r: Row): Notification => ({
  id: String(r.id),
  kind: r.kind as Notification["kind"],
  title: r.title,
  body: r.body,
  data: JSON.parse(r.data) as Record<string, unknown>,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at === null ? null : new Date(r.read_at).toISOString(),
});

const INBOX_LIMIT = 1000;

/** The notifications inbox, and the ledger that keeps price drops to one per item per day. */
export class Inbox {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS notifications (
         id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL,
         data TEXT NOT NULL, created_at INTEGER NOT NULL, read_at INTEGER)`,
    );
    sql.exec(
      `CREATE TABLE IF NOT EXISTS notified (item_id TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (item_id, day))`,
    );
  }

  add(
    kind: Notification["kind"],
    title: string,
    body: string,
    data: Record<string, unknown>,
    now: number,
  ): Notification {
    const row = this.sql
      .exec<Row>(
        `INSERT INTO notifications (kind, title, body, data, created_at) VALUES (?, ?, ?, ?, ?) RETURNING *`,
        kind,
        title,
        body,
        JSON.stringify(data),
        now,
      )
      .one();
    this.sql.exec(`DELETE FROM notifications WHERE id <= ?`, row.id - INBOX_LIMIT);
    return toNotification(row);
  }

  /** Stores a price-drop notice unless this item already dropped for this user today. */
  addPriceDrop(notice: PriceDropNotice, now: number): Notification | null {
    const fresh = this.sql.exec(
      `INSERT OR IGNORE INTO notified (item_id, day) VALUES (?, ?)`,
      notice.itemId,
      notice.day,
    ).rowsWritten;
    if (fresh === 0) return null;
    const { itemId, from, to, percent } = notice;
    return this.add("price_drop", notice.title, notice.body, { itemId, from, to, percent }, now);
  }

  list(
    limit: number,
    before?: number,
    unreadOnly = false,
  ): { items: Notification[]; nextCursor: string | null; unread: number } {
    const rows = this.sql
      .exec<Row>(
        `SELECT * FROM notifications WHERE id < ? ${unreadOnly ? "AND read_at IS NULL" : ""} ORDER BY id DESC LIMIT ?`,
        before ?? Number.MAX_SAFE_INTEGER,
        limit + 1,
      )
      .toArray();
    const page = rows.slice(0, limit);
    const unread = this.sql
      .exec<{ n: number }>(`SELECT count(*) AS n FROM notifications WHERE read_at IS NULL`)
      .one().n;
    return {
      items: page.map(toNotification),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
      unread,
    };
  }

  markRead(id: number, now: number): Notification | null {
    const row = this.sql
      .exec<Row>(`UPDATE notifications SET read_at = coalesce(read_at, ?) WHERE id = ? RETURNING *`, now, id)
      .toArray()[0];
    return row ? toNotification(row) : null;
  }

  pruneLedger(now: number): void {
    this.sql.exec(`DELETE FROM notified WHERE day < ?`, new Date(now - 7 * 86_400_000).toISOString().slice(0, 10));
  }
}
