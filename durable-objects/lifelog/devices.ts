import { toBase64Url } from "../../workers/domain/base64url";
import type { Device, DeviceCreate, Source } from "../../schemas/lifelog";

type Row = {
  id: string;
  name: string;
  platform: Device["platform"];
  sources: string;
  created_at: number;
  last_seen_at: number | null;
};

const toDevice = (r: Row): Device => ({
  id: r.id,
  name: r.name,
  platform: r.platform,
  sources: JSON.parse(r.sources) as Source[],
  createdAt: new Date(r.created_at).toISOString(),
  lastSeenAt: r.last_seen_at === null ? null : new Date(r.last_seen_at).toISOString(),
});

/** The devices a user connected, and when each last sent an accepted event. */
export class Devices {
  /** A user registers a handful; the list is read on every ingest, so it is kept in memory. */
  private cache: Map<string, Device> | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS lifelog_devices (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, platform TEXT NOT NULL, sources TEXT NOT NULL,
      created_at INTEGER NOT NULL, last_seen_at INTEGER)`);
  }

  add(input: DeviceCreate, now: number): Device {
    const id = `dev_${toBase64Url(crypto.getRandomValues(new Uint8Array(12)))}`;
    this.sql.exec(
      `INSERT INTO lifelog_devices (id, name, platform, sources, created_at) VALUES (?, ?, ?, ?, ?)`,
      id,
      input.name,
      input.platform,
      JSON.stringify(input.sources),
      now,
    );
    this.cache = null;
    return this.byId().get(id)!;
  }

  /** Newest first. */
  list(): Device[] {
    return [...this.byId().values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  get(id: string): Device | undefined {
    return this.byId().get(id);
  }

  remove(id: string): boolean {
    const removed = this.sql.exec(`DELETE FROM lifelog_devices WHERE id = ? RETURNING id`, id).toArray().length > 0;
    this.cache = null;
    return removed;
  }

  /** Moves `lastSeenAt` forward (never back: a late batch from an old upload does not rewind it). */
  seen(ids: Iterable<string>, now: number): void {
    const list = [...ids];
    if (list.length === 0) return;
    this.sql.exec(
      `UPDATE lifelog_devices SET last_seen_at = max(coalesce(last_seen_at, 0), ?) WHERE id IN (SELECT value FROM json_each(?))`,
      now,
      JSON.stringify(list),
    );
    this.cache = null;
  }

  private byId(): Map<string, Device> {
    if (!this.cache) {
      const rows = this.sql.exec<Row>(`SELECT * FROM lifelog_devices`).toArray();
      this.cache = new Map(rows.map((r) => [r.id, toDevice(r)]));
    }
    return this.cache;
  }
}
