// The Postgres archive (issue #18): batch ingest at 8 connections for 60 s on the runner's server (the
// D1-only path), then the same on a second server with the HYPERDRIVE binding and a throwaway
// PostgreSQL, sampling accepted events against rows in `user_actions` to see whether the archive keeps up.
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { demoCatalogue, rng } from "../seed/catalogue.mjs";
import { devToken, serverCpuSeconds, startServer, tokens, waitForIdle, measure } from "./harness.mjs";
import { archiveCounters, startPostgres } from "./postgres.mjs";
import { batchOf, call, ingestScenario, traceId } from "./recs.bench.mjs";

export const name = "archive";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const USERS = 8;
const BATCH_EVENTS = 500; // POST /v1/events takes at most 500
// the goal is read over 60 s; ARCHIVE_BENCH_SECONDS shortens a trial run (the scenario's own duration
// wins over --duration, so that flag cannot)
const DURATION_S = Number(process.env.ARCHIVE_BENCH_SECONDS ?? 60);
const SAMPLE_MS = 5_000;
// every accepted event must name a stored item; 500 keep seeding to one request
const ITEMS = 500;
// backlog growth within this share of the accepted rate is sampling noise (a sample lands between
// the queue's 1 s batches), not an archive falling behind
const GROWTH_TOLERANCE = 0.02;

export const GOALS = { eventsPerSec: 20_000 };
// The archive run offers the goal's rate and no more (autocannon's overallRate, in whole batches): one
// local workerd thread serves the ingest and runs the consumer, so a load that takes every cycle of
// it starves the consumer whatever the consumer costs; deployed, the consumer runs in its own
// invocations. ARCHIVE_BENCH_RATE=0 sends as fast as the server answers instead.
const OFFERED_EVENTS_PER_SEC = Number(process.env.ARCHIVE_BENCH_RATE ?? GOALS.eventsPerSec);

export const NAMES = {
  d1: `POST /v1/events, ${BATCH_EVENTS} events, ${USERS} users, D1 only (${DURATION_S} s)`,
  pg: `POST /v1/events, ${BATCH_EVENTS} events, ${USERS} users, with the Postgres archive (${DURATION_S} s${
    OFFERED_EVENTS_PER_SEC > 0 ? `, ${OFFERED_EVENTS_PER_SEC.toLocaleString("en-US")} events/s offered` : ""
  })`,
};

const items = demoCatalogue(ITEMS, { prefix: "archive", seed: 18 });
const random = rng(18_2026);
const event = () => ({
  traceId: traceId(),
  type: random() < 0.7 ? "view" : "click",
  itemId: items[Math.floor(random() * ITEMS)].id,
});
const body = () => batchOf(BATCH_EVENTS, event);

/** Stores the catalogue and waits until its embedding (queue consumer) has finished. */
async function seed(url, getToken, idle) {
  const admin = await getToken("archive-bench-admin", "admin");
  const res = await call(url, "POST", "/v1/items/batch", admin, { items });
  if (res.accepted !== ITEMS) throw new Error(`seeding: ${JSON.stringify(res)}`);
  await idle({ windowMs: 2_000, timeoutMs: 120_000 });
}

const scenario = (ctx, name, users) =>
  ingestScenario(ctx, {
    name,
    connections: USERS,
    users,
    eventsPerRequest: BATCH_EVENTS,
    body,
    timeout: 60,
    duration: DURATION_S,
  });

export async function scenarios(ctx) {
  await seed(ctx.url, ctx.devToken, ctx.waitForIdle);
  return [scenario(ctx, NAMES.d1, await tokens(ctx.devToken, "archive-d1", USERS))];
}

/**
 * Events in D1's behaviour log (`item_events`) of a running server, or null. The local D1 is the
 * server's own SQLite file: a read that meets one of its writes fails with SQLITE_BUSY and is retried.
 */
async function d1Events(persistTo) {
  const args = ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", persistTo, "--json"];
  const env = { ...process.env, CI: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      const out = execFileSync("npx", [...args, "--command", "SELECT count(*) AS n FROM item_events"], {
        cwd: root,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return JSON.parse(out)[0].results[0].n;
    } catch {
      await sleep(1000);
    }
  }
  return null;
}

/** Least-squares slope of `y` over `x`. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / sxx;
}

/**
 * The same load on a server with the archive: every 5 s from the warm-up on, the events accepted so far
 * (the 202 bodies) against the rows in `user_actions`; after the load, the time until every accepted
 * event is a row, and what Postgres spent on the INSERTs meanwhile.
 */
async function archiveRun(ctx) {
  // the runner's server may still be draining the D1-only load: that would take CPU from this run
  await ctx.waitForIdle({ windowMs: 3_000, timeoutMs: 180_000 });
  const pg = await startPostgres();
  let server;
  try {
    server = await startServer({ cwd: root, hyperdrive: pg.url });
    const own = {
      url: server.url,
      waitForIdle: (opts) => waitForIdle(server.pgid, opts),
      serverCpuSeconds: () => serverCpuSeconds(server.pgid),
    };
    const getToken = (userId, role) => devToken(server.url, userId, role);
    await seed(server.url, getToken, own.waitForIdle);
    const base = {
      ...scenario(own, NAMES.pg, await tokens(getToken, "archive-pg", USERS)),
      ...(OFFERED_EVENTS_PER_SEC > 0 ? { overallRate: Math.round(OFFERED_EVENTS_PER_SEC / BATCH_EVENTS) } : {}),
    };

    // 202 bodies count the accepted events; a request still in flight when a run stops (up to one per
    // connection, after the warm-up and after the load) is accepted too but never counted, so the
    // final comparison is against the behaviour log in D1, which the same consumer batch writes first
    let accepted = 0;
    const samples = [];
    let timer;
    let started = 0;
    const sample = async () => {
      const at = (performance.now() - started) / 1000;
      const seen = accepted;
      const { rows } = await archiveCounters(pg.sql);
      samples.push({ at, accepted: seen, rows, backlog: seen - rows });
    };
    const [request] = base.requests;
    const counted = {
      ...base,
      requests: [
        {
          ...request,
          onResponse: (status, text) => {
            request.onResponse(status, text);
            if (status === 202) accepted += JSON.parse(text).accepted;
          },
        },
      ],
      before: async () => {
        await base.before();
        accepted = 0;
        started = performance.now();
        timer = setInterval(() => void sample(), SAMPLE_MS);
      },
      after: async (r) => {
        clearInterval(timer);
        await sample(); // the moment the load stopped
        const loadedAt = performance.now();
        const pgCpuAtLoadEnd = pg.cpuSeconds();
        // the last time the row count moved while the server drained is when the archive caught up
        let rows = samples.at(-1).rows;
        let caughtUpAt = loadedAt;
        let draining = true;
        const watch = (async () => {
          while (draining) {
            await sleep(500);
            const now = (await archiveCounters(pg.sql)).rows;
            if (now !== rows) [rows, caughtUpAt] = [now, performance.now()];
          }
        })();
        const rest = await base.after(r);
        draining = false;
        await watch;
        return { ...rest, archiveDrainSeconds: (caughtUpAt - loadedAt) / 1000, pgCpuAtLoadEnd };
      },
    };
    const pgCpu0 = pg.cpuSeconds();
    const stats0 = await archiveCounters(pg.sql);
    const result = await measure(server.url, counted, { ...ctx.load, pgid: server.pgid });
    const stats = await archiveCounters(pg.sql);
    const logged = await d1Events(server.persistTo);
    return {
      result,

      samples,
      accepted,
      logged,
      pgCpuLoadSeconds: result.pgCpuAtLoadEnd - pgCpu0,
      pgCpuSeconds: pg.cpuSeconds() - pgCpu0,
      inserts: stats.inserts - stats0.inserts,
      insertedRows: stats.inserted - stats0.inserted,
      insertMs: stats.insertMs - stats0.insertMs,
      rows: stats.rows,
    };
  } finally {
    await server?.stop();
    await pg.stop();
  }
}

const round = (x) => Math.round(x).toLocaleString("en-US");

export async function figures(ctx, results) {
  const d1 = results.find((r) => r.name === NAMES.d1);
  const bare = results.find((r) => r.baseline);
  const run = await archiveRun(ctx);
  const r = run.result;
  const loadS = run.samples.at(-1).at;
  // rates over the measured window: from the first sample after the warm-up to the end of the load
  const window = run.samples.filter((s) => s.at >= (ctx.load.warmup ?? 0));
  const first = window[0];
  const last = window.at(-1);
  const span = last.at - first.at;
  const acceptedRate = (last.accepted - first.accepted) / span;
  const archivedRate = (last.rows - first.rows) / span;
  const growth = slope(window.map((s) => ({ x: s.at, y: s.backlog })));
  const out = [
    {
      name: `D1 only: accepted events/s (${USERS} users, ${DURATION_S} s; ${d1.acceptedEvents.toLocaleString("en-US")} accepted)`,
      value: Math.round(d1.eventsPerSec),
      ...met(d1.eventsPerSec >= GOALS.eventsPerSec),
    },
    {
      name: `D1 only: drain after the load / server CPU per event incl. the drain`,
      value: `${d1.drainSeconds ?? "> 90"} s / ${d1.serverCpuMsPerEvent?.toFixed(3)} ms`,
    },
    {
      name: `Postgres archive: accepted events/s (${run.accepted.toLocaleString("en-US")} accepted in ${loadS.toFixed(0)} s${
        OFFERED_EVENTS_PER_SEC > 0 ? `; ${round(OFFERED_EVENTS_PER_SEC)}/s offered` : ""
      })`,
      value: Math.round(r.eventsPerSec),
      // an offered rate is the ceiling: what counts is that the server took the goal's rate
      ...met(r.eventsPerSec >= (OFFERED_EVENTS_PER_SEC > 0 ? 1 - GROWTH_TOLERANCE : 1) * GOALS.eventsPerSec),
    },
    {
      name: `Postgres archive: rows/s landing in user_actions during the load`,
      value: Math.round(archivedRate),
      ...met(archivedRate >= (1 - GROWTH_TOLERANCE) * Math.min(acceptedRate, GOALS.eventsPerSec)),
      non2xx: r.non2xx,
      errors: r.errors,
      otherCpuPercent: r.otherCpuPercent,
    },
    {
      name: `Postgres archive: backlog growth (slope of accepted − rows; accepted rate ${round(acceptedRate)}/s)`,
      value: Math.round(growth),
      unit: "events/s",
      goal: `≤ ${GROWTH_TOLERANCE * 100} % of accepted/s`,
      met: growth <= GROWTH_TOLERANCE * acceptedRate,
    },
    {
      name: `  backlog at each ${SAMPLE_MS / 1000} s sample`,
      value: run.samples.map((s) => round(s.backlog)).join(" / "),
      samples: run.samples,
    },
    {
      name: `Postgres archive: until every accepted event is a row, after the load`,
      value: r.drainSeconds === null ? "> 90" : r.archiveDrainSeconds,
      unit: "s",
    },
    {
      name: `  rows in user_actions / events in D1's behaviour log (202 bodies counted ${round(run.accepted)})`,
      value: `${round(run.rows)} / ${run.logged === null ? "n/a (D1 busy)" : round(run.logged)}`,
      goal: "equal",
      met: run.rows === run.logged,
    },
    {
      name: `  INSERT statements / rows per statement / time in Postgres per statement`,
      value: `${round(run.inserts)} / ${run.inserts ? round(run.insertedRows / run.inserts) : "-"} / ${
        run.inserts ? (run.insertMs / run.inserts).toFixed(1) : "-"
      } ms`,
    },
    {
      name: `  Postgres CPU: during the load / in all (load and drain)`,
      value: `${((100 * run.pgCpuLoadSeconds) / loadS).toFixed(0)} % of a core / ${run.pgCpuSeconds.toFixed(1)} s`,
    },
    {
      name: `  server CPU per event incl. the drain: with the archive / D1 only`,
      value: `${r.serverCpuMsPerEvent?.toFixed(3)} / ${d1.serverCpuMsPerEvent?.toFixed(3)} ms`,
    },
    {
      name: `  batch req/s ÷ bare route req/s: with the archive / D1 only`,
      value: `${(r.requestsPerSec / bare.requestsPerSec).toFixed(3)} / ${(d1.requestsPerSec / bare.requestsPerSec).toFixed(3)}`,
    },
  ];
  return out;
}

function met(ok) {
  return { goal: `≥ ${GOALS.eventsPerSec.toLocaleString("en-US")} events/s`, met: ok };
}
