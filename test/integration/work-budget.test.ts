import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { MAX_HISTORY_TURNS, MessageStore } from "../../durable-objects/coach/turns";
import { MAX_STATS_DAYS, MAX_SUMMARY_ENTRIES } from "../../schemas/retrospects";
import type { AppEnv } from "../../workers/env";
import worker from "../../workers/index";
import { queueDueReports } from "../../workers/services/reports";
import { JOBS_ERASED_PER_STEP } from "../../workers/services/resumes";
import { BASE, signToken, uniqueId } from "../helpers/api";
import { fullScans, meterD1, type D1Meter } from "../helpers/d1-meter";

/**
 * A CPU budget per request, by design: work that grows with input (stats, reports, their cron,
 * lists, erasing a resume) reads a bounded number of rows through an index, whatever the user wrote.
 * Each test fills one user with more than any bound, sends the largest input the route accepts, and
 * counts what the request read through a metered D1 binding (rows and statements, not milliseconds).
 */

const DAY_MS = 86_400_000;
const LONGEST_CONTENT = "회고 reflection ".repeat(1_400).slice(0, 20_000); // the schema's maximum

/** The Worker's real fetch, with the real D1 behind a meter. */
async function metered(
  path: string,
  init: RequestInit & { token: string },
): Promise<{ res: Response; meter: D1Meter }> {
  const meter = meterD1(env.DB);
  const ctx = createExecutionContext();
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${init.token}`);
  headers.set("CF-Connecting-IP", `203.0.113.${Math.floor(Math.random() * 250) + 1}`);
  const res = await worker.fetch(
    new Request(BASE + path, { method: init.method, body: init.body, headers }),
    { ...env, DB: meter.db } as AppEnv,
    ctx,
  );
  await res.clone().arrayBuffer();
  await waitOnExecutionContext(ctx);
  return { res, meter };
}

/** `count` entries of the longest allowed content for `userId`, `spacingMs` apart going back from `newest`. */
async function writeEntries(userId: string, count: number, newest: number, spacingMs: number) {
  const rows = Array.from({ length: count }, (_, i) => [
    crypto.randomUUID(),
    userId,
    (i % 5) + 1,
    newest - i * spacingMs,
  ]);
  const perStatement = 20; // D1 binds at most 100 values per statement
  const statements = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    statements.push(
      env.DB.prepare(
        `INSERT INTO retrospects (id, user_id, purpose, content, mood, tags, created_at, feedback_status) VALUES ${chunk
          .map(() => "(?, ?, 'p', ?, ?, '[\"focus\"]', ?, 'pending')")
          .join(", ")}`,
      ).bind(...chunk.flatMap(([id, user, mood, at]) => [id, user, LONGEST_CONTENT, mood, at])),
    );
  }
  await env.DB.batch(statements);
}

async function expectIndexed(meter: D1Meter) {
  expect(await fullScans(env.DB, meter.statements)).toEqual([]);
}

describe("work budget per request", () => {
  it("the meter sees rows and whole-table scans (so the checks below can fail)", async () => {
    const meter = meterD1(env.DB);
    await meter.db.prepare("SELECT id FROM retrospects WHERE content = ? LIMIT 3").bind("nothing like this").all();
    await meter.db.prepare("SELECT 1 AS one UNION ALL SELECT 2").raw();
    expect(meter.statements.map((s) => s.rows)).toEqual([0, 2]);
    expect(await fullScans(env.DB, meter.statements)).toEqual([
      expect.stringMatching(/^SCAN retrospects: SELECT id FROM retrospects WHERE content/),
    ]);
  });

  it("a year of stats over more entries than a summary reads: one row per week and the newest entries only", async () => {
    const userId = uniqueId("budget");
    const token = await signToken({ sub: userId });
    const entries = MAX_SUMMARY_ENTRIES + 150;
    const now = Date.now();
    await writeEntries(userId, entries, now, Math.floor((MAX_STATS_DAYS * DAY_MS) / entries) - 1);
    const to = new Date(now).toISOString().slice(0, 10);
    const from = new Date(now - MAX_STATS_DAYS * DAY_MS).toISOString().slice(0, 10);

    const { res, meter } = await metered(`/v1/retrospects/stats?from=${from}&to=${to}`, { token });
    expect(res.status).toBe(200);
    const stats = await res.json<{ total: number; weeks: { entries: number }[]; themesFrom: number }>();
    // counts still cover every entry
    expect(stats.total).toBe(entries);
    expect(stats.weeks.reduce((sum, w) => sum + w.entries, 0)).toBe(entries);
    expect(stats.themesFrom).toBe(MAX_SUMMARY_ENTRIES);
    // … while the Worker read at most a row per week plus the summary's entries
    expect(meter.rows()).toBeLessThanOrEqual(stats.weeks.length + MAX_SUMMARY_ENTRIES + 5);
    expect(meter.statements.length).toBeLessThanOrEqual(6);
    await expectIndexed(meter);
  });

  it("a month's report over more entries than a summary reads, each of the longest content", async () => {
    const userId = uniqueId("budget");
    const token = await signToken({ sub: userId });
    const entries = MAX_SUMMARY_ENTRIES + 50;
    // all of them in the running month (UTC, the default time zone), however early in it today is
    const startOfMonth = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1);
    const now = Date.now() - 1000;
    await writeEntries(userId, entries, now, Math.max(1, Math.floor((now - startOfMonth) / entries)));

    const { res, meter } = await metered("/v1/reports", {
      token,
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ period: "month" }),
    });
    expect(res.status).toBe(202);
    const { id } = await res.json<{ id: string }>();
    const stored = await env.DB.prepare("SELECT body FROM reports WHERE id = ?").bind(id).first<{ body: string }>();
    // the report counts every entry of the month while reading only its newest
    expect(JSON.parse(stored!.body).entries).toBe(entries);
    const retroRows = meter.statements.filter((s) => /from "retrospects"/.test(s.sql));
    expect(retroRows.reduce((sum, s) => sum + s.rows, 0)).toBeLessThanOrEqual(MAX_SUMMARY_ENTRIES + 1);
    expect(meter.statements.length).toBeLessThanOrEqual(8);
    await expectIndexed(meter);
  });

  it("the report cron asks each user only whether they wrote, not for what they wrote", async () => {
    const userId = uniqueId("budget");
    // a week of entries, then the cron an hour after that week ended (UTC Monday 00:05)
    const monday = Date.UTC(2031, 0, 13, 0, 5);
    await env.DB.prepare(
      "INSERT INTO users (id, timezone, locale, created_at, updated_at) VALUES (?, 'UTC', 'en', ?, ?)",
    )
      .bind(userId, monday - 30 * DAY_MS, monday - 30 * DAY_MS)
      .run();
    await writeEntries(userId, 60, monday - DAY_MS, 60_000);
    const meter = meterD1(env.DB);
    await queueDueReports({ ...env, DB: meter.db } as AppEnv, new Date(monday));
    const asked = meter.statements.filter((s) => /from "retrospects"/.test(s.sql));
    expect(asked.length).toBeGreaterThan(0);
    for (const s of asked) expect(s.rows, s.sql).toBeLessThanOrEqual(1);
    await expectIndexed(meter);
  });

  it("the longest page of a list reads one row more than the page", async () => {
    const userId = uniqueId("budget");
    const token = await signToken({ sub: userId });
    await writeEntries(userId, 150, Date.now(), 60_000);
    const { res, meter } = await metered("/v1/retrospects?limit=100", { token });
    expect(res.status).toBe(200);
    expect((await res.json<{ items: unknown[] }>()).items).toHaveLength(100);
    expect(meter.rows()).toBeLessThanOrEqual(101 + 2);
    await expectIndexed(meter);
  });

  it("deleting a resume with many jobs erases a page in the request and the rest through the queue", async () => {
    const userId = uniqueId("budget");
    const token = await signToken({ sub: userId });
    const resumeId = crypto.randomUUID();
    const now = Date.now();
    await env.DB.prepare(
      "INSERT INTO resumes (id, user_id, title, content, skills, created_at, updated_at) VALUES (?, ?, 't', 'c', '[]', ?, ?)",
    )
      .bind(resumeId, userId, now, now)
      .run();
    const jobs = 3 * JOBS_ERASED_PER_STEP + 5;
    await env.DB.batch(
      Array.from({ length: jobs }, (_, i) =>
        env.DB.prepare(
          "INSERT INTO jobs (id, user_id, resume_id, kind, fingerprint, created_at) VALUES (?, ?, ?, 'learning-path', ?, ?)",
        ).bind(crypto.randomUUID(), userId, resumeId, `f${i}`, now - i * 1000),
      ),
    );

    const { res, meter } = await metered(`/v1/resumes/${resumeId}`, { token, method: "DELETE" });
    expect(res.status).toBe(204);
    expect(meter.rows()).toBeLessThanOrEqual(JOBS_ERASED_PER_STEP + 3);
    await expectIndexed(meter);
    const left = async () =>
      (await env.DB.prepare("SELECT count(*) AS n FROM jobs WHERE resume_id = ?")
        .bind(resumeId)
        .first<{ n: number }>())!.n;
    // the queue erases the rest, a page per message
    await expect.poll(left, { timeout: 15_000, interval: 200 }).toBe(0);
  });

  it("a coach turn reads a bounded history however long the session has run", async () => {
    const stub = env.COACH_SESSION.get(env.COACH_SESSION.idFromName(uniqueId("budget-session")));
    await runInDurableObject(stub, (_instance, state) => {
      const store = new MessageStore(state.storage.sql);
      for (let i = 0; i < 400; i++) {
        state.storage.sql.exec(
          `INSERT INTO messages (role, content, status, created_at) VALUES (?, ?, 'done', ?)`,
          i % 2 ? "assistant" : "user",
          `turn ${i}`,
          i,
        );
      }
      const history = store.history(10_000);
      expect(history).toHaveLength(MAX_HISTORY_TURNS);
      // the newest turns, oldest first
      expect(history.at(-1)!.content).toBe("turn 399");
      expect(history[0]!.content).toBe(`turn ${400 - MAX_HISTORY_TURNS}`);
    });
  });
});
