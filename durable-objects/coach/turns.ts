import type { Citation, Message } from "../../schemas/coach";
import type { SseEvent } from "../event-stream";

export type TurnEvent =
  | { type: "token"; messageId: string; text: string }
  | { type: "citation"; messageId: string; source: string; title: string; section?: string }
  | { type: "done"; messageId: string; provider: string; model: string }
  | { type: "failed"; messageId: string; detail: string };

type Row = {
  id: number;
  role: "user" | "assistant";
  content: string;
  citations: string;
  status: Message["status"];
  provider: string | null;
  model: string | null;
  created_at: number;
};

export const toMessage = (r: Row): Message => ({
  id: String(r.id),
  role: r.role,
  content: r.content,
  citations: JSON.parse(r.citations) as Citation[],
  status: r.status,
  provider: r.provider,
  model: r.model,
  createdAt: new Date(r.created_at).toISOString(),
});

/** More turns than any prompt's history budget keeps (the prompt trims them to its token budget). */
export const MAX_HISTORY_TURNS = 24;

/** The session's messages in SQLite: the durable record every stream is replayed from. */
export class MessageStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS messages (
         id INTEGER PRIMARY KEY AUTOINCREMENT, role TEXT NOT NULL, content TEXT NOT NULL, citations TEXT NOT NULL DEFAULT '[]',
         status TEXT NOT NULL, provider TEXT, model TEXT, created_at INTEGER NOT NULL)`,
    );
  }

  add(role: Row["role"], content: string, status: Message["status"]): Message {
    return toMessage(
      this.sql
        .exec<Row>(
          `INSERT INTO messages (role, content, status, created_at) VALUES (?, ?, ?, ?) RETURNING *`,
          role,
          content,
          status,
          Date.now(),
        )
        .one(),
    );
  }

  get(id: number): Message | undefined {
    const row = this.sql.exec<Row>(`SELECT * FROM messages WHERE id = ?`, id).toArray()[0];
    return row ? toMessage(row) : undefined;
  }

  update(
    id: number,
    change: { content?: string; status?: Message["status"]; citations?: Citation[]; provider?: string; model?: string },
  ) {
    this.sql.exec(
      `UPDATE messages SET content = coalesce(?, content), status = coalesce(?, status), citations = coalesce(?, citations),
         provider = coalesce(?, provider), model = coalesce(?, model) WHERE id = ?`,
      change.content ?? null,
      change.status ?? null,
      change.citations ? JSON.stringify(change.citations) : null,
      change.provider ?? null,
      change.model ?? null,
      id,
    );
  }

  /**
   * The newest completed turns before `beforeId` (at most `limit`), oldest first: the history a
   * prompt may include. A turn reads a bounded number of rows however long the session has run.
   */
  history(beforeId: number, limit = MAX_HISTORY_TURNS): { role: "user" | "assistant"; content: string }[] {
    return this.sql
      .exec<Row>(
        `SELECT * FROM (SELECT * FROM messages WHERE id < ? AND status = 'done' ORDER BY id DESC LIMIT ?) ORDER BY id`,
        beforeId,
        limit,
      )
      .toArray()
      .map((r) => ({ role: r.role, content: r.content }));
  }

  /** Assistant messages that never finished (the actor was evicted mid-turn), oldest first. */
  unfinished(): { id: number; question: string }[] {
    const rows = this.sql
      .exec<Row>(`SELECT * FROM messages WHERE role = 'assistant' AND status IN ('queued', 'streaming') ORDER BY id`)
      .toArray();
    return rows.map((r) => ({
      id: r.id,
      question:
        this.sql
          .exec<{ content: string }>(
            `SELECT content FROM messages WHERE id < ? AND role = 'user' ORDER BY id DESC LIMIT 1`,
            r.id,
          )
          .toArray()[0]?.content ?? "",
    }));
  }

  page(limit: number, after?: number): { items: Message[]; nextCursor: string | null } {
    const rows = this.sql
      .exec<Row>(`SELECT * FROM messages WHERE id > ? ORDER BY id LIMIT ?`, after ?? 0, limit + 1)
      .toArray();
    const items = rows.slice(0, limit).map(toMessage);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
  }

  count(): number {
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM messages`).one().n;
  }
}

/** A turn's event as the SSE event clients read. */
export function sseOf(e: TurnEvent): SseEvent {
  switch (e.type) {
    case "token":
      return { event: "token", data: { text: e.text } };
    case "citation":
      return { event: "citation", data: { source: e.source, title: e.title, section: e.section } };
    case "done":
      return { event: "done", data: { messageId: e.messageId, provider: e.provider, model: e.model } };
    case "failed":
      return { event: "failed", data: { messageId: e.messageId, detail: e.detail } };
  }
}
