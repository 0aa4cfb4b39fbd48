// Retrospectives (DignifyLab): write throughput of POST /v1/retrospects, the background feedback
// drain it causes, and the time from POST to `feedback.ready` on the user's live socket under
// concurrent writers, with the default offline provider.
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { meAcrossUsers } from "./baseline.bench.mjs";
import { fetchJson, summary, tokens } from "./harness.mjs";

export const name = "retros";

const USERS = 50;
const LIVE = { writers: 20, entriesEach: 20, timeoutMs: 30_000 };
const DRAIN_TIMEOUT_MS = 300_000;
const BATCH_GAP_MS = 250; // feedback.ready arrivals further apart than this belong to different queue batches

const NAMES = {
  me: `GET /v1/me, ${USERS} users`,
  readyz: "GET /readyz (one D1 query, no auth)",
  write: `POST /v1/retrospects, ${USERS} users`,
};

const runId = Date.now().toString(36);
let seq = 0;
const state = { write: null };

const PURPOSES = ["Weekly review", "Sprint retrospective", "1:1 preparation", "Project wrap-up", "Daily reflection"];
const SENTENCES = [
  "I shipped the onboarding flow on time, but the code review queue piled up again on Thursday.",
  "The planning meeting ran long because we had not agreed on the goal beforehand.",
  "I gave specific feedback to a new teammate and it landed well; I want to keep doing that.",
  "I said yes to two extra requests and had no focus time left for the design document.",
  "Pairing with the support team helped me see where customers get stuck.",
  "I skipped my workout three days in a row and felt the energy dip in the afternoons.",
];

/** A valid body with content no other request of this run has. */
function entry() {
  const n = seq++;
  const pick = (k) => SENTENCES[(n * 7 + k * 3) % SENTENCES.length];
  return {
    purpose: PURPOSES[n % PURPOSES.length],
    content: `${pick(0)} ${pick(1)} ${pick(2)} (entry ${runId}-${n})`,
    mood: 1 + (n % 5),
    tags: ["work", n % 2 ? "team" : "focus"],
  };
}

const round = (v) => (v === undefined || v === null ? "n/a" : Math.round(v));

/** Entries among each user's newest `limit` whose feedback is still pending (or failed). */
async function unfinished(url, users, limit = 100) {
  let pending = 0;
  let failed = 0;
  for (const token of users) {
    const page = await fetchJson(url, "GET", `/v1/retrospects?limit=${limit}`, token);
    pending += page.items.filter((r) => r.feedback.status === "pending").length;
    failed += page.items.filter((r) => r.feedback.status === "failed").length;
  }
  return { pending, failed };
}

function writeScenario(ctx, users) {
  const tally = { accepted: 0, startedAt: 0 };
  let next = 0;
  return {
    name: NAMES.write,
    connections: USERS,
    method: "POST",
    path: "/v1/retrospects",
    setupClient: (client) =>
      client.setHeaders({
        "content-type": "application/json",
        authorization: `Bearer ${users[next++ % users.length]}`,
      }),
    requests: [
      {
        method: "POST",
        path: "/v1/retrospects",
        setupRequest: (req) => ({ ...req, body: JSON.stringify(entry()) }),
        onResponse: (status) => {
          if (status === 202) tally.accepted++;
        },
      },
    ],
    before: () => {
      Object.assign(tally, { accepted: 0, startedAt: Date.now() });
    },
    after: async () => {
      // every accepted entry queued a `retro.feedback` message: wait for the consumer to finish them
      const loadS = (Date.now() - tally.startedAt) / 1000;
      const drainMs = await ctx.waitForIdle({ timeoutMs: DRAIN_TIMEOUT_MS });
      const drainS = drainMs === null ? null : drainMs / 1000;
      const left = await unfinished(ctx.url, users);
      state.write = { accepted: tally.accepted, loadS, drainS, ...left };
      return {
        acceptedEntries: tally.accepted,
        drainSeconds: drainS,
        feedbackPerSec: drainS === null ? null : tally.accepted / (loadS + drainS),
        pendingAfterDrain: left.pending,
        failedFeedback: left.failed,
      };
    },
  };
}

export async function scenarios(ctx) {
  const users = await tokens(ctx.devToken, `retros-w-${runId}`, USERS);
  return [await meAcrossUsers(ctx.devToken), { name: NAMES.readyz, path: "/readyz" }, writeScenario(ctx, users)];
}

// ── POST → feedback.ready on the socket ───────────────────────────────────────────────────────

/** Opens the live channel and resolves once the actor said `ready`; `arrivals` maps retro id → time. */
function openLive(url, token, arrivals, all, closed) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/v1/stream?token=${encodeURIComponent(token)}`);
    const waiters = new Map();
    const timer = setTimeout(() => reject(new Error("live channel: no `ready` in 15 s")), 15_000);
    ws.on("message", (raw) => {
      const at = performance.now();
      const m = JSON.parse(raw.toString());
      if (m.type === "ready") {
        clearTimeout(timer);
        resolve({
          ws,
          /** Resolves with the arrival time of `feedback.ready` for `id` (maybe already arrived). */
          wait: (id, timeoutMs) =>
            arrivals.has(id)
              ? Promise.resolve(arrivals.get(id))
              : new Promise((ok) => {
                  const t = setTimeout(() => (waiters.delete(id), ok(null)), timeoutMs);
                  waiters.set(id, (a) => (clearTimeout(t), ok(a)));
                }),
        });
      } else if (m.type === "feedback.ready") {
        const a = { at, status: m.data.status };
        arrivals.set(m.data.id, a);
        all.push(at);
        waiters.get(m.data.id)?.(a);
        waiters.delete(m.data.id);
      }
    });
    ws.once("error", (e) => (clearTimeout(timer), reject(e)));
    // a socket the server closes mid-run (e.g. wrangler dev reloading) makes later entries "missing"
    ws.once("close", () => closed.count++);
  });
}

/** Splits sorted arrival times into queue batches (gaps over BATCH_GAP_MS) and sizes them. */
function batches(times) {
  const s = [...times].sort((a, b) => a - b);
  const out = [];
  for (const t of s) {
    const last = out.at(-1);
    if (last && t - last.end <= BATCH_GAP_MS) {
      last.end = t;
      last.size++;
    } else out.push({ start: t, end: t, size: 1 });
  }
  const multi = out.filter((b) => b.size > 1);
  return {
    count: out.length,
    meanSize: s.length / Math.max(1, out.length),
    // time the consumer spends per message: the spread of a batch's pushes over its gaps
    perMessageMs:
      multi.reduce((a, b) => a + (b.end - b.start), 0) /
      Math.max(
        1,
        multi.reduce((a, b) => a + b.size - 1, 0),
      ),
  };
}

async function feedbackLatency(ctx) {
  const { url } = ctx;
  const drained = await ctx.waitForIdle({ timeoutMs: DRAIN_TIMEOUT_MS });
  const users = await tokens(ctx.devToken, `retros-live-${runId}`, LIVE.writers);
  const arrivals = new Map();
  const allArrivals = [];
  const closed = { count: 0 };
  const live = await Promise.all(users.map((t) => openLive(url, t, arrivals, allArrivals, closed)));
  const once = async (w) => {
    const t0 = performance.now();
    const { id } = await fetchJson(url, "POST", "/v1/retrospects", users[w], entry());
    const t1 = performance.now();
    const a = await live[w].wait(id, LIVE.timeoutMs);
    return { id, post: t1 - t0, total: a ? a.at - t0 : null, status: a?.status ?? "missing" };
  };
  // one uncounted round: wakes each user's actor and socket path
  await Promise.all(users.map((_, w) => once(w)));
  await ctx.waitForIdle({ timeoutMs: 30_000 });
  allArrivals.length = 0;
  const started = performance.now();
  const { value: rows, otherCpu } = await ctx.foreignCpu(async () => {
    const out = [];
    await Promise.all(
      users.map(async (_, w) => {
        for (let i = 0; i < LIVE.entriesEach; i++) out.push(await once(w));
      }),
    );
    return out;
  });
  const seconds = (performance.now() - started) / 1000;
  const closedDuringRun = closed.count;
  for (const { ws } of live) ws.close();

  // the server's own view: createdAt (POST) → readyAt (feedback stored), both Worker clocks
  const serverMs = [];
  const ids = new Set(rows.map((r) => r.id));
  for (const token of users) {
    const page = await fetchJson(url, "GET", `/v1/retrospects?limit=${LIVE.entriesEach + 5}`, token);
    for (const r of page.items)
      if (ids.has(r.id) && r.feedback.readyAt) serverMs.push(Date.parse(r.feedback.readyAt) - Date.parse(r.createdAt));
  }
  const ok = rows.filter((r) => r.status === "ready");
  return {
    drainedBefore: drained !== null,
    closedDuringRun,
    entries: rows.length,
    ready: ok.length,
    failed: rows.filter((r) => r.status === "failed").length,
    missing: rows.filter((r) => r.status === "missing").length,
    entriesPerSec: rows.length / seconds,
    total: summary(ok.map((r) => r.total)),
    post: summary(rows.map((r) => r.post)),
    server: summary(serverMs),
    batches: batches(allArrivals),
    otherCpu,
  };
}

export async function figures(ctx, results) {
  const byName = (n) => results.find((r) => r.name === n);
  const bare = results.find((r) => r.baseline);
  const me = byName(NAMES.me);
  const write = byName(NAMES.write);
  const out = [];

  out.push({
    name: `write ÷ bare route (req/s, ${USERS} connections)`,
    value: write.requestsPerSec / bare.requestsPerSec,
  });
  if (me) out.push({ name: `write ÷ ${NAMES.me} (req/s)`, value: write.requestsPerSec / me.requestsPerSec });
  const readyz = byName(NAMES.readyz);
  if (readyz)
    out.push({ name: `write ÷ ${NAMES.readyz} (req/s)`, value: write.requestsPerSec / readyz.requestsPerSec });
  const w = state.write;
  out.push({
    name: `write: feedback drain after the run (${w.accepted.toLocaleString("en-US")} entries in warm-up + run)`,
    value: w.drainS ?? `> ${DRAIN_TIMEOUT_MS / 1000}`,
    unit: "s",
  });
  out.push({
    name: "write: entries with feedback per second, incl. the drain",
    value: w.drainS === null ? "n/a" : Math.round(w.accepted / (w.loadS + w.drainS)),
  });
  if (w.pending || w.failed)
    out.push({
      name: "write: feedback still pending / failed after the drain (newest 100 per user)",
      value: `${w.pending} / ${w.failed}`,
      errors: w.pending + w.failed,
    });

  const f = await feedbackLatency(ctx);
  const bad = f.failed + f.missing;
  out.push({
    name: `feedback, ${LIVE.writers} writers (${f.ready}/${f.entries} entries): POST sent → feedback.ready p50`,
    value: round(f.total.p50),
    unit: "ms",
    detail: f,
    otherCpuPercent: f.otherCpu,
    errors: bad,
  });
  out.push({
    name: "  p90 / p99 / max",
    value: `${round(f.total.p90)} / ${round(f.total.p99)} / ${round(f.total.max)}`,
    unit: "ms",
  });
  out.push({ name: "  min", value: round(f.total.min), unit: "ms" });
  out.push({
    name: "  of which POST → 202 p50 / p99",
    value: `${round(f.post.p50)} / ${round(f.post.p99)}`,
    unit: "ms",
  });
  out.push({
    name: "  server: createdAt → feedback readyAt p50 / p99",
    value: `${round(f.server.p50)} / ${round(f.server.p99)}`,
    unit: "ms",
  });
  out.push({
    name: "  queue batches seen / mean size / consumer ms per message",
    value: `${f.batches.count} / ${f.batches.meanSize.toFixed(1)} / ${f.batches.perMessageMs.toFixed(1)}`,
  });
  out.push({ name: "  entries per second (closed loop)", value: f.entriesPerSec });
  if (bad)
    out.push({ name: "  feedback failed / missing after 30 s", value: `${f.failed} / ${f.missing}`, errors: bad });
  if (f.closedDuringRun)
    out.push({
      name: "  live sockets closed by the server during the run",
      value: f.closedDuringRun,
      errors: f.closedDuringRun,
    });
  if (!f.drainedBefore)
    out.push({ name: "  server was not idle before the run (drain timeout)", value: "yes", errors: 1 });
  return out;
}
