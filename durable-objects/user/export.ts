/**
 * What GET /v1/me/export asks of the user's actor, one bounded page at a time: when the user was first
 * and last seen, the coaching interpretations kept for them, their taste (the preference vector) and
 * the items it remembers (recently touched, bought). Notifications are read through `notifications()`.
 * `lease` keeps one export of the user streaming at a time: `take` answers `[false]` while another
 * export's lease (by id) has not expired; `release` ends it.
 */
export type UserExportRequest =
  | { section: "profile" | "interpretations" | "taste" }
  | { section: "recentItems" | "purchases"; after: string | null; limit: number }
  | { section: "lease"; action: "take" | "release"; id: string; until: number; now: number };
export type UserExportPage = { items: unknown[]; next: string | null };

const iso = (ms: number) => new Date(ms).toISOString();
const next = (items: { itemId: string }[], limit: number) =>
  items.length === limit && items.length > 0 ? items.at(-1)!.itemId : null;

const LEASE = "exportLease";

function lease(sql: SqlStorage, request: Extract<UserExportRequest, { section: "lease" }>): boolean {
  const held = sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, LEASE).toArray()[0];
  const holder = held ? (JSON.parse(held.value) as { id: string; until: number }) : null;
  if (request.action === "release") {
    if (holder?.id === request.id) sql.exec(`DELETE FROM meta WHERE key = ?`, LEASE);
    return true;
  }
  if (holder && holder.id !== request.id && holder.until > request.now) return false;
  sql.exec(
    `INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`,
    LEASE,
    JSON.stringify({ id: request.id, until: request.until }),
  );
  return true;
}

export function exportPage(sql: SqlStorage, request: UserExportRequest): UserExportPage {
  switch (request.section) {
    case "lease":
      return { items: [lease(sql, request)], next: null };
    case "profile": {
      const meta = new Map(
        sql
          .exec<{ key: string; value: string }>(
            `SELECT key, value FROM meta WHERE key IN ('firstSeenAt', 'lastSeenAt')`,
          )
          .toArray()
          .map((r) => [r.key, iso(Number(r.value))]),
      );
      return {
        items: [{ firstSeenAt: meta.get("firstSeenAt") ?? null, lastSeenAt: meta.get("lastSeenAt") ?? null }],
        next: null,
      };
    }
    case "interpretations": {
      // one row per leadership style and language at most: a handful
      const rows = sql
        .exec<{ key: string; report: string }>(`SELECT key, report FROM interpretations ORDER BY key`)
        .toArray();
      return { items: rows.map((r) => ({ key: r.key, ...(JSON.parse(r.report) as object) })), next: null };
    }
    case "taste": {
      const row = sql
        .exec<{ vector: ArrayBuffer; updated_at: number }>(`SELECT vector, updated_at FROM taste`)
        .toArray()[0];
      const items = row ? [{ vector: Array.from(new Float32Array(row.vector)), updatedAt: iso(row.updated_at) }] : [];
      return { items, next: null };
    }
    case "recentItems": {
      const items = sql
        .exec<{ item_id: string; title: string; type: string; at: number }>(
          `SELECT item_id, title, type, at FROM recent_items WHERE item_id > ? ORDER BY item_id LIMIT ?`,
          request.after ?? "",
          request.limit,
        )
        .toArray()
        .map((r) => ({ itemId: r.item_id, title: r.title, type: r.type, at: iso(r.at) }));
      return { items, next: next(items, request.limit) };
    }
    case "purchases": {
      const items = sql
        .exec<{ item_id: string; at: number }>(
          `SELECT item_id, at FROM purchased WHERE item_id > ? ORDER BY item_id LIMIT ?`,
          request.after ?? "",
          request.limit,
        )
        .toArray()
        .map((r) => ({ itemId: r.item_id, at: iso(r.at) }));
      return { items, next: next(items, request.limit) };
    }
  }
}
