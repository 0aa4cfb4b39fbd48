import { SOURCES, type Consents, type Privacy, type PrivacyUpdate, type Visibility } from "../../schemas/lifelog";

type Stored = { consents: Partial<Consents>; visibility?: Visibility; updatedAt?: number; tz?: string };

/**
 * Per-source consent, visibility and the zone the user's days are counted in. Every source is on and
 * visibility is `stats_only` until the user says otherwise; turning a source off keeps what was stored.
 */
export class LifelogSettings {
  private stored: Stored;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS lifelog_settings (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL)`,
    );
    const row = sql.exec<{ value: string }>(`SELECT value FROM lifelog_settings WHERE id = 1`).toArray()[0];
    this.stored = row ? (JSON.parse(row.value) as Stored) : { consents: {} };
  }

  privacy(): Privacy {
    const consents = Object.fromEntries(SOURCES.map((s) => [s, this.stored.consents[s] ?? true])) as Consents;
    return {
      consents,
      visibility: this.stored.visibility ?? "stats_only",
      updatedAt: this.stored.updatedAt ? new Date(this.stored.updatedAt).toISOString() : null,
    };
  }

  update(change: PrivacyUpdate, now: number): Privacy {
    this.write({
      ...this.stored,
      consents: { ...this.stored.consents, ...stripUndefined(change.consents ?? {}) },
      visibility: change.visibility ?? this.stored.visibility,
      updatedAt: now,
    });
    return this.privacy();
  }

  /** The zone days are counted in for summaries and archiving: the last one the user read a timeline in. */
  get tz(): string | undefined {
    return this.stored.tz;
  }

  set tz(tz: string) {
    if (tz !== this.stored.tz) this.write({ ...this.stored, tz });
  }

  private write(next: Stored): void {
    this.sql.exec(`INSERT OR REPLACE INTO lifelog_settings (id, value) VALUES (1, ?)`, JSON.stringify(next));
    this.stored = next;
  }
}

const stripUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
