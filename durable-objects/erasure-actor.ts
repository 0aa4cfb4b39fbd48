import { DurableObject } from "cloudflare:workers";
import { ERASURE_STEPS, ErasurePlanSchema, type ErasurePlan, type ErasureStep } from "../schemas/erasure";
import { configOf, type AppEnv } from "../workers/env";
import { InjectedFault } from "../workers/faults";
import { logEvent } from "../workers/log";
import { finishErasure, recordErasureProgress } from "../workers/services/erasure";
import { runErasureStep } from "../workers/services/erasure/steps";

type StepRow = { step: ErasureStep; done: number; counts: string };
const MAX_BACKOFF_MS = 300_000;

/**
 * One person's erasure (DELETE /v1/me), addressed by their user id: the durable outbox of its steps.
 * The plan and each step's state live in this actor's SQLite; every step runs in its own alarm and is
 * marked done only after it succeeded, so a crash or a failed store resumes at the step that did not
 * finish (every step is idempotent). A failing step is retried with backoff, for as long as it takes.
 * When the last step is done the receipt is closed and this actor empties itself: it keeps nothing.
 */
export class ErasureActor extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.createTables();
  }

  private createTables(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS plan (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, crash_after TEXT, audited INTEGER NOT NULL DEFAULT 0)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS steps (position INTEGER PRIMARY KEY, step TEXT NOT NULL UNIQUE,
      done INTEGER NOT NULL DEFAULT 0, counts TEXT NOT NULL DEFAULT '{}')`);
  }

  private plan(): ErasurePlan | undefined {
    const row = this.sql.exec<{ body: string }>(`SELECT body FROM plan`).toArray()[0];
    return row ? ErasurePlanSchema.parse(JSON.parse(row.body)) : undefined;
  }

  /** Stores the plan and schedules its first step; a plan already stored wins (returns its id). */
  async start(plan: ErasurePlan): Promise<string> {
    const existing = this.plan();
    if (existing) return existing.erasureId;
    this.sql.exec(`INSERT INTO plan (id, body) VALUES (1, ?)`, JSON.stringify(ErasurePlanSchema.parse(plan)));
    ERASURE_STEPS.forEach((step, position) =>
      this.sql.exec(`INSERT INTO steps (position, step) VALUES (?, ?)`, position, step),
    );
    await this.ctx.storage.setAlarm(Date.now());
    return plan.erasureId;
  }

  /**
   * Fault injection (tests and the stress suite; refused in production): the next run of `step` fails
   * after its deletes took effect and before it is marked done, as a crash there would.
   */
  async injectCrashAfter(step: ErasureStep): Promise<void> {
    if (configOf(this.env).ENVIRONMENT === "production") throw new Error("fault injection is off in production");
    this.sql.exec(`UPDATE plan SET crash_after = ?`, step);
  }

  override async alarm(): Promise<void> {
    const plan = this.plan();
    if (!plan) return;
    const next = this.sql
      .exec<StepRow>(`SELECT step, done, counts FROM steps WHERE done = 0 ORDER BY position`)
      .toArray()[0];
    if (!next) return this.finish(plan);
    if (next.step === "sweep") {
      // the sweep waits for writes that were in flight when the erasure began (queue batches, retries)
      const due = plan.requestedAt + configOf(this.env).ERASURE_SWEEP_DELAY_SECONDS * 1000;
      if (Date.now() < due) return this.ctx.storage.setAlarm(due);
    }
    try {
      const counts = await runErasureStep(this.env, next.step, plan);
      const merged = { ...(JSON.parse(next.counts) as Record<string, number>) };
      for (const [k, v] of Object.entries(counts)) merged[k] = (merged[k] ?? 0) + v;
      this.sql.exec(`UPDATE steps SET counts = ? WHERE step = ?`, JSON.stringify(merged), next.step);
      const crash = this.sql.exec<{ crash_after: string | null }>(`SELECT crash_after FROM plan`).one().crash_after;
      if (crash === next.step) {
        this.sql.exec(`UPDATE plan SET crash_after = NULL`);
        throw new InjectedFault(`injected crash after the ${next.step} step's deletes`);
      }
    } catch (error) {
      const attempts = this.sql
        .exec<{ attempts: number }>(`UPDATE plan SET attempts = attempts + 1 RETURNING attempts`)
        .one().attempts;
      const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempts - 1, 10));
      logEvent("warn", "erasure step failed; it runs again", {
        step: next.step,
        attempts,
        delayMs: delay,
        error: String(error),
      });
      return this.ctx.storage.setAlarm(Date.now() + delay);
    }
    this.sql.exec(`UPDATE steps SET done = 1 WHERE step = ?`, next.step);
    await recordErasureProgress(this.env, plan, this.state());
    await this.ctx.storage.setAlarm(Date.now());
  }

  private state(): { counts: Record<string, number>; done: string[] } {
    const rows = this.sql.exec<StepRow>(`SELECT step, done, counts FROM steps ORDER BY position`).toArray();
    const counts: Record<string, number> = {};
    for (const row of rows) {
      for (const [k, v] of Object.entries(JSON.parse(row.counts) as Record<string, number>))
        counts[k] = (counts[k] ?? 0) + v;
    }
    return { counts, done: rows.filter((r) => r.done).map((r) => r.step) };
  }

  private async finish(plan: ErasurePlan): Promise<void> {
    const audited = this.sql.exec<{ audited: number }>(`SELECT audited FROM plan`).one().audited === 1;
    await finishErasure(this.env, plan, this.state(), !audited);
    this.sql.exec(`UPDATE plan SET audited = 1`);
    // nothing of the person stays here: the plan named them
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.createTables();
  }
}
