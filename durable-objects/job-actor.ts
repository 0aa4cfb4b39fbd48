import { DurableObject } from "cloudflare:workers";
import { USER_HEADER } from "../schemas/headers";
import type { Job, JobStatus } from "../schemas/interview";
import { configOf, type AppEnv } from "../workers/env";
import { logRejection } from "../workers/log";
import { eventStream, sseResponse } from "./event-stream";
import { AppError } from "../workers/errors";
import { createLlm, offlineFirst } from "../workers/ports/llm";
import { stagePauseMs } from "../workers/domain/offline-pace";
import { JobInputSchema, stepsFor, type JobData, type JobInput } from "../workers/services/interview-jobs";
import { eraseStorage, RESET_REASON } from "./shared/erase-storage";

type Row = {
  id: string;
  owner: string;
  kind: Job["kind"];
  input: string;
  status: JobStatus;
  progress: number;
  stage: string;
  step: number;
  data: string;
  error: string | null;
  provider: string | null;
  created_at: number;
  updated_at: number;
};
type Progress = { progress: number; stage: string; status: JobStatus };
const TERMINAL: ReadonlySet<JobStatus> = new Set(["succeeded", "failed", "cancelled"]);

/**
 * One background job. Each step runs in its own alarm and its output is stored before the next is
 * scheduled, so an evicted or restarted actor resumes from the last completed step. Progress only
 * moves forward and goes to SSE listeners and to the owner's live channel.
 */
export class JobActor extends DurableObject<AppEnv> {
  private readonly sql: SqlStorage;
  private readonly listeners = new Set<(event: string, data: unknown) => void>();

  constructor(ctx: DurableObjectState, env: AppEnv) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(
        `CREATE TABLE IF NOT EXISTS job (id TEXT PRIMARY KEY, owner TEXT NOT NULL, kind TEXT NOT NULL, input TEXT NOT NULL,
           status TEXT NOT NULL, progress INTEGER NOT NULL, stage TEXT NOT NULL, step INTEGER NOT NULL, data TEXT NOT NULL,
           error TEXT, provider TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
      );
    });
  }

  private row(): Row | undefined {
    return this.sql.exec<Row>(`SELECT * FROM job`).toArray()[0];
  }

  private view(r: Row): Job {
    const data = JSON.parse(r.data) as JobData;
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      progress: r.progress,
      stage: r.stage,
      ...(r.status === "succeeded" && data.draft ? { result: data.draft } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(r.provider ? { provider: r.provider } : {}),
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }

  async start(id: string, owner: string, input: JobInput): Promise<void> {
    if (this.row()) return;
    const now = Date.now();
    const parsed = JobInputSchema.parse(input);
    this.sql.exec(
      `INSERT INTO job (id, owner, kind, input, status, progress, stage, step, data, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'queued', 0, 'queued', 0, '{}', ?, ?)`,
      id,
      owner,
      parsed.kind,
      JSON.stringify(parsed),
      now,
      now,
    );
    await this.ctx.storage.setAlarm(now);
  }

  /** The job as its owner sees it; null for anyone else (the route answers 404). */
  async status(userId: string): Promise<Job | null> {
    const r = this.row();
    return r && r.owner === userId ? this.view(r) : null;
  }

  async cancel(userId: string): Promise<Job | null> {
    const r = this.row();
    if (!r || r.owner !== userId) return null;
    if (!TERMINAL.has(r.status)) {
      await this.ctx.storage.deleteAlarm();
      this.update({ status: "cancelled", stage: "cancelled", progress: r.progress });
      await this.announce("job.done", { status: "cancelled" });
    }
    return this.view(this.row()!);
  }

  /** Forgets the job because its resume was deleted: no more steps, storage emptied, streams ended. */
  async erase(userId: string): Promise<boolean> {
    const r = this.row();
    if (!r || r.owner !== userId) return false;
    await this.ctx.storage.deleteAlarm();
    this.sql.exec(`DELETE FROM job`);
    const data = { jobId: r.id, kind: r.kind, progress: r.progress, stage: "deleted", status: "cancelled" as const };
    for (const listener of this.listeners) listener("failed", { ...data, error: "the resume was deleted" });
    return true;
  }

  override async alarm(): Promise<void> {
    const r = this.row();
    if (!r || TERMINAL.has(r.status)) return;
    const input = JobInputSchema.parse(JSON.parse(r.input));
    const steps = stepsFor(input);
    const step = steps[r.step];
    if (!step) return this.finish();
    const config = configOf(this.env);
    this.update({ status: "running", stage: step.stage, progress: r.progress });
    await this.announce("job.progress", {});
    let data: JobData;
    try {
      data = await step.run(JSON.parse(r.data) as JobData, createLlm(this.env, config), this.env);
    } catch (error) {
      // expected failures (every provider down, invalid output) end the job; anything else is
      // rethrown so the runtime retries the alarm with backoff
      if (!(error instanceof AppError) && !(error instanceof Error && error.name === "ZodError")) throw error;
      if (this.stopped()) return;
      this.update({ status: "failed", stage: "failed", progress: r.progress, error: error.message });
      return this.announce("job.done", { status: "failed", error: error.message });
    }
    // a cancel (or an erase) that arrived while this step awaited the model wins: nothing more is stored
    if (this.stopped()) return;
    this.sql.exec(
      `UPDATE job SET step = ?, data = ?, provider = coalesce(?, provider), progress = max(progress, ?), updated_at = ? WHERE id = ?`,
      r.step + 1,
      JSON.stringify(data),
      data.provider ?? null,
      step.progress,
      Date.now(),
      r.id,
    );
    // with the offline provider answering, each stage stays on screen a moment (OFFLINE_TOKENS_PER_SECOND):
    // the next step's alarm waits, and the stage shown meanwhile is that next one
    const pause =
      step.offlinePaced && offlineFirst(config, this.env) ? stagePauseMs(config.OFFLINE_TOKENS_PER_SECOND) : 0;
    const next = steps[r.step + 1];
    if (pause > 0 && next) this.sql.exec(`UPDATE job SET stage = ? WHERE id = ?`, next.stage, r.id);
    await this.announce("job.progress", {});
    await this.ctx.storage.setAlarm(Date.now() + pause);
  }

  private stopped(): boolean {
    const r = this.row();
    return !r || r.status === "cancelled";
  }

  private async finish(): Promise<void> {
    this.update({ status: "succeeded", stage: "done", progress: 100 });
    await this.announce("job.done", { status: "succeeded" });
  }

  private update(change: Progress & { error?: string }): void {
    this.sql.exec(
      `UPDATE job SET status = ?, stage = ?, progress = max(progress, ?), error = coalesce(?, error), updated_at = ?`,
      change.status,
      change.stage,
      change.progress,
      change.error ?? null,
      Date.now(),
    );
  }

  private async announce(type: "job.progress" | "job.done", extra: Record<string, unknown>): Promise<void> {
    const r = this.row()!;
    const data = {
      jobId: r.id,
      kind: r.kind,
      progress: r.progress,
      stage: r.stage,
      status: r.status,
      at: Date.now(),
      ...extra,
    };
    const event = type === "job.progress" ? "progress" : r.status === "succeeded" ? "done" : "failed";
    for (const listener of this.listeners) listener(event, data);
    await this.env.USER_ACTOR.get(this.env.USER_ACTOR.idFromName(r.owner))
      .push(type, data)
      .catch(logRejection("job event not pushed to the live channel", { jobId: r.id, type }));
  }

  /** `GET /stream`: SSE of `progress` events, then `done` or `failed` (a cancelled job ends `failed`). */
  override async fetch(request: Request): Promise<Response> {
    const r = this.row();
    if (!r || r.owner !== request.headers.get(USER_HEADER)) return new Response("not found", { status: 404 });
    let listener: ((event: string, data: unknown) => void) | undefined;
    const out = eventStream({ jobId: r.id }, () => listener && this.listeners.delete(listener));
    const send = (event: string, data: unknown) => out.send({ event, data });
    const close = () => out.close();
    const snapshot = { jobId: r.id, kind: r.kind, progress: r.progress, stage: r.stage, status: r.status };
    send("progress", { progress: r.progress, stage: r.stage, at: Date.now() });
    if (TERMINAL.has(r.status)) {
      send(r.status === "succeeded" ? "done" : "failed", snapshot);
      close();
    } else {
      listener = (event: string, data: unknown) => {
        send(
          event,
          event === "progress"
            ? {
                progress: (data as Progress).progress,
                stage: (data as Progress).stage,
                at: (data as { at: number }).at,
              }
            : data,
        );
        if (event !== "progress") {
          this.listeners.delete(listener!);
          close();
        }
      };
      this.listeners.add(listener);
    }
    return sseResponse(out.body);
  }

  /** DELETE /v1/me: everything this actor holds goes (rows counted for the receipt); `{reset}` follows. */
  async eraseAll(): Promise<number> {
    return eraseStorage(this.ctx);
  }

  /** After `eraseAll`: drops this instance (the call rejects), so the next call starts empty. */
  async reset(): Promise<void> {
    this.ctx.abort(RESET_REASON);
  }
}
