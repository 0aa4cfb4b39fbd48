import { z } from "zod";
import { CitationSchema, CoachTypeSchema } from "../../schemas/coach";

const INTERPRETATION_TTL_MS = 30 * 86_400_000;

export const StoredInterpretationSchema = z.object({
  reportId: z.string(),
  leadershipType: CoachTypeSchema,
  interpretation: z.string(),
  citations: z.array(CitationSchema),
  provider: z.string(),
  model: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type StoredInterpretation = z.infer<typeof StoredInterpretationSchema>;

type Generated = Pick<StoredInterpretation, "interpretation" | "citations" | "provider" | "model">;

/**
 * The cache key of a style's interpretation in a language. The version moves when what an interpretation
 * says changes (v2: written from the style's sections in the reader's language), so entries cached by an
 * older version are never served again.
 */
export const interpretationKey = (type: string, locale: "en" | "ko") => `v2:${type}:${locale}`;

/** Interpretations cached per style and language for 30 days, with a count of model calls made. */
export class InterpretationCache {
  /** Generations in flight, so identical concurrent requests share one model call. */
  private readonly inFlight = new Map<string, Promise<StoredInterpretation>>();

  constructor(private readonly sql: SqlStorage) {
    sql.exec(
      `CREATE TABLE IF NOT EXISTS interpretations (key TEXT PRIMARY KEY, report TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
    );
    sql.exec(`CREATE TABLE IF NOT EXISTS interpretation_calls (key TEXT PRIMARY KEY, calls INTEGER NOT NULL)`);
  }

  /** The cached report, or one generation shared by every concurrent caller with the same key. */
  async obtain(
    key: string,
    leadershipType: StoredInterpretation["leadershipType"],
    generate: () => Promise<Generated>,
  ): Promise<StoredInterpretation & { cached: boolean }> {
    const hit = this.get(key, Date.now());
    if (hit) return { ...hit, cached: true };
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.create(key, leadershipType, generate).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return { ...(await pending), cached: false };
  }

  private async create(
    key: string,
    leadershipType: StoredInterpretation["leadershipType"],
    generate: () => Promise<Generated>,
  ): Promise<StoredInterpretation> {
    this.countCall(key);
    const generated = await generate();
    const now = Date.now();
    const report: StoredInterpretation = {
      reportId: crypto.randomUUID(),
      leadershipType,
      ...generated,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + INTERPRETATION_TTL_MS).toISOString(),
    };
    this.put(key, report);
    return report;
  }

  get(key: string, now: number): StoredInterpretation | undefined {
    const row = this.sql
      .exec<{ report: string; expires_at: number }>(`SELECT report, expires_at FROM interpretations WHERE key = ?`, key)
      .toArray()[0];
    if (!row || row.expires_at <= now) return undefined;
    return StoredInterpretationSchema.parse(JSON.parse(row.report));
  }

  private put(key: string, report: StoredInterpretation): void {
    this.sql.exec(
      `INSERT OR REPLACE INTO interpretations (key, report, expires_at) VALUES (?, ?, ?)`,
      key,
      JSON.stringify(report),
      Date.parse(report.expiresAt),
    );
  }

  private countCall(key: string): void {
    this.sql.exec(
      `INSERT INTO interpretation_calls (key, calls) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET calls = calls + 1`,
      key,
    );
  }

  calls(key: string): number {
    return (
      this.sql.exec<{ calls: number }>(`SELECT calls FROM interpretation_calls WHERE key = ?`, key).toArray()[0]
        ?.calls ?? 0
    );
  }
}
