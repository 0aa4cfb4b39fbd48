import type { Category, EntryFeedback } from "../../schemas/lifelog";
import { LearnedLayer } from "../../workers/domain/lifelog/learned";
import type { Pattern } from "../../workers/domain/lifelog/types";

/** Corrections the per-user layer learns from: enough to remember every habit, bounded per read. */
const LEARN_FROM = 500;

/** The user's corrections (`activity_feedback`) and the learned layer built from them. */
export class Corrections {
  private cached: LearnedLayer | null | undefined;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS activity_feedback (
      id INTEGER PRIMARY KEY AUTOINCREMENT, entry_id TEXT NOT NULL, event_ids TEXT NOT NULL,
      patterns TEXT NOT NULL, category TEXT NOT NULL, note TEXT, at INTEGER NOT NULL)`);
  }

  add(entryId: string, eventIds: string[], patterns: Pattern[], feedback: EntryFeedback, now: number): void {
    this.sql.exec(
      `INSERT INTO activity_feedback (entry_id, event_ids, patterns, category, note, at) VALUES (?, ?, ?, ?, ?, ?)`,
      entryId,
      JSON.stringify(eventIds),
      JSON.stringify(patterns),
      feedback.category,
      feedback.note ?? null,
      now,
    );
    this.cached = undefined;
  }

  /** The layer from the newest corrections; null before the first one. Rebuilt only after a new correction. */
  layer(): LearnedLayer | null {
    if (this.cached !== undefined) return this.cached;
    const rows = this.sql
      .exec<{ patterns: string; category: Category; at: number }>(
        `SELECT patterns, category, at FROM activity_feedback ORDER BY id DESC LIMIT ?`,
        LEARN_FROM,
      )
      .toArray();
    this.cached =
      rows.length === 0
        ? null
        : new LearnedLayer(
            rows.flatMap((r) =>
              (JSON.parse(r.patterns) as Pattern[]).map((pattern) => ({ pattern, category: r.category, at: r.at })),
            ),
          );
    return this.cached;
  }

  count(): number {
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM activity_feedback`).one().n;
  }
}
