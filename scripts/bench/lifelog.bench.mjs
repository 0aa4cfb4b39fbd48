// Life-log: activity ingest (batches of 500 events, 8 connections) and timeline reads of a user with
// 30 days × 200 events (1 connection).
import { performance } from "node:perf_hooks";
import { fetchJson, quantile, serverTimings, tokens } from "./harness.mjs";
import { dayOfEvents, eventStream, seoulDay, seoulMidnight } from "./lifelog-events.mjs";

export const name = "lifelog";

export const GOALS = { eventsPerSec: 20_000, timelineP99Ms: 15 };

const BATCH = 500; // POST /v1/activity takes at most 500 events
// One user per connection: a user's events all go through their one LifelogActor, which runs one
// request at a time, so 8 connections on one user would measure a queue in front of one actor; a
// device batch comes from one person, and 8 people uploading at once is what the goal is about.
const INGEST_USERS = 8;
const DAYS = 30;
const PER_DAY = 200;
const TZ = "Asia/Seoul";
const SOURCES = ["screen_time", "location", "calendar", "health", "manual"];
// Ingest events start 3 minutes apart on a clock that wraps around the 30 hot days, so one batch
// covers about a day (as a phone catching up would) and the stream stays inside the hot window.
const INGEST_STRIDE_MS = 3 * 60_000;

const runId = Date.now().toString(36);
const NAMES = {
  ingest: `POST /v1/activity, ${BATCH} events, ${INGEST_USERS} users`,
  timeline: `GET /v1/timeline, 1 connection, ${DAYS} days × ${PER_DAY} events`,
  bare1: "bare route GET /healthz, 1 connection",
};

/** What setup learns, for `figures`. */
const state = { seed: null, hotDays: [] };

const addDevice = (url, token) =>
  fetchJson(url, "POST", "/v1/devices", token, { name: "벤치 폰 (bench phone)", platform: "ios", sources: SOURCES });
const timelinePath = (day) => `/v1/timeline?day=${day}&tz=${encodeURIComponent(TZ)}`;

/** One user's 30 days through the API, 500 events a request, then the server left to finish its background work. */
async function seedTimeline(ctx, token, days) {
  const { url } = ctx;
  // a first read sets the user's zone, so events are classified in Seoul's hours from the start
  await fetchJson(url, "GET", timelinePath(days[0]), token);
  const { id: deviceId } = await addDevice(url, token);
  const stream = eventStream(`tl-${runId}`, 20261205);
  const events = days.flatMap((day) => dayOfEvents(stream, day, PER_DAY, deviceId));
  const started = performance.now();
  let accepted = 0;
  for (let i = 0; i < events.length; i += BATCH) {
    const res = await fetchJson(url, "POST", "/v1/activity", token, { events: events.slice(i, i + BATCH) });
    if (res.duplicates || res.rejected.length)
      throw new Error(`timeline seed batch ${i / BATCH}: ${JSON.stringify(res)}`);
    accepted += res.accepted;
  }
  const postMs = performance.now() - started;
  const idleMs = await ctx.waitForIdle({ windowMs: 6_000, timeoutMs: 120_000 });
  return { events: events.length, accepted, postMs, idleMs };
}

function timelineScenario(token, days) {
  const tally = { reads: [], empty: 0 };
  let turn = 0;
  return {
    name: NAMES.timeline,
    connections: 1,
    requests: [
      {
        method: "GET",
        setupRequest: (req) => ({
          ...req,
          path: timelinePath(days[turn++ % days.length]),
          headers: { ...req.headers, authorization: `Bearer ${token}` },
        }),
        onResponse: (status, text, _context, headers) => {
          if (status !== 200) return;
          const timing = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "server-timing")?.[1];
          const entries = JSON.parse(text).entries.length;
          if (entries === 0) tally.empty++;
          tally.reads.push({ entries, app: serverTimings(String(timing ?? "")).app });
        },
      },
    ],
    before: () => Object.assign(tally, { reads: [], empty: 0 }),
    // only the measured run's reads: the warm-up's came first
    after: (r) => {
      const reads = tally.reads.slice(-r.total);
      const sorted = (xs) => xs.filter((x) => x !== undefined).sort((a, b) => a - b);
      const app = sorted(reads.map((x) => x.app));
      const entries = sorted(reads.map((x) => x.entries));
      return {
        emptyDays: tally.empty,
        appP50: quantile(app, 0.5),
        appP99: quantile(app, 0.99),
        entriesMin: entries[0],
        entriesP50: quantile(entries, 0.5),
        entriesMax: entries.at(-1),
      };
    },
  };
}

function ingestScenario(ctx, users) {
  const stream = eventStream(`in-${runId}`, 17);
  const deviceOf = new Map(users.map((u) => [`Bearer ${u.token}`, u.deviceId]));
  const windowStart = seoulMidnight(state.hotDays[0]);
  const windowMs = DAYS * 86_400_000 - 24 * 3_600_000; // the longest event still ends inside the window
  let clock = 0;
  const batch = (deviceId) =>
    JSON.stringify({
      events: Array.from({ length: BATCH }, () => {
        clock = (clock + INGEST_STRIDE_MS) % windowMs;
        return stream.next(windowStart + clock, deviceId);
      }),
    });
  let next = 0;
  const tally = {};
  const reset = async () =>
    Object.assign(tally, {
      ok: 0,
      accepted: 0,
      duplicates: 0,
      rejected: 0,
      at: Date.now(),
      cpu: await ctx.serverCpuSeconds(),
    });
  return {
    name: NAMES.ingest,
    connections: INGEST_USERS,
    timeout: 60,
    requests: [
      {
        method: "POST",
        path: "/v1/activity",
        setupRequest: (req) => ({ ...req, body: batch(deviceOf.get(req.headers.authorization)) }),
        onResponse: (status, text) => {
          if (status !== 202) return;
          const r = JSON.parse(text);
          tally.ok++;
          tally.accepted += r.accepted;
          tally.duplicates += r.duplicates;
          tally.rejected += r.rejected.length;
        },
      },
    ],
    setupClient: (client) =>
      client.setHeaders({
        "content-type": "application/json",
        authorization: `Bearer ${users[next++ % users.length].token}`,
      }),
    before: reset,
    after: async (r) => {
      const loadS = (Date.now() - tally.at) / 1000;
      // the outbox ships a busy user's events at most every 5 s, so idle means 6 quiet seconds
      const drainMs = await ctx.waitForIdle({ windowMs: 6_000, timeoutMs: 180_000 });
      const cpu = tally.cpu === null ? null : (await ctx.serverCpuSeconds()) - tally.cpu;
      const sent = tally.ok * BATCH;
      return {
        eventsPerSec: r.requestsPerSec * BATCH,
        sentEvents: sent,
        acceptedEvents: tally.accepted,
        duplicateEvents: tally.duplicates,
        rejectedEvents: tally.rejected,
        drainSeconds: drainMs === null ? null : drainMs / 1000,
        sustainedEventsPerSec: drainMs === null ? null : tally.accepted / (loadS + drainMs / 1000),
        // warm-up, measured run and drain: an event's whole cost, background work included
        serverCpuMsPerEvent: cpu === null || tally.accepted === 0 ? null : (1000 * cpu) / tally.accepted,
      };
    },
  };
}

export async function scenarios(ctx) {
  const { url, devToken } = ctx;
  const now = Date.now();
  // the 30 days before today in Seoul: all of them hot (the window is today and the 30 before it)
  state.hotDays = Array.from({ length: DAYS }, (_, i) => seoulDay(now, DAYS - i));
  const [reader] = await tokens(devToken, `lifelog-reader-${runId}`, 1);
  state.seed = await seedTimeline(ctx, reader, state.hotDays);
  const users = [];
  for (const token of await tokens(devToken, `lifelog-ingest-${runId}`, INGEST_USERS)) {
    await fetchJson(url, "GET", timelinePath(state.hotDays.at(-1)), token);
    users.push({ token, deviceId: (await addDevice(url, token)).id });
  }
  return [
    { name: NAMES.bare1, path: "/healthz", connections: 1 },
    timelineScenario(reader, state.hotDays),
    ingestScenario(ctx, users),
  ];
}

const goal = (value, op, target, text) => ({ goal: text, met: op === "≥" ? value >= target : value < target });
const fmt = (n) => Math.round(n).toLocaleString("en-US");

export async function figures(_ctx, results) {
  const byName = (n) => results.find((r) => r.name === n);
  const bare = results.find((r) => r.baseline);
  const bare1 = byName(NAMES.bare1);
  const ingest = byName(NAMES.ingest);
  const tl = byName(NAMES.timeline);
  const s = state.seed;
  const out = [];
  out.push({
    name: `setup: ${fmt(s.events)} events (${DAYS} days × ${PER_DAY}) in ${s.events / BATCH} POSTs; then idle after`,
    value: `${(s.postMs / 1000).toFixed(1)} s; ${s.idleMs === null ? "> 120" : (s.idleMs / 1000).toFixed(1)} s`,
    ...(s.accepted === s.events ? {} : { errors: s.events - s.accepted }),
  });

  const verified =
    ingest.acceptedEvents === ingest.sentEvents && ingest.duplicateEvents === 0 && ingest.rejectedEvents === 0;
  out.push({
    name: `ingest, ${INGEST_USERS} users × ${BATCH} events: accepted events/s`,
    value: Math.round(ingest.eventsPerSec),
    ...goal(ingest.eventsPerSec, "≥", GOALS.eventsPerSec, `≥ ${fmt(GOALS.eventsPerSec)}`),
  });
  out.push({
    name: "  every 202's events accepted (incl. warm-up): accepted / duplicates / rejected of sent",
    value: `${fmt(ingest.acceptedEvents)} / ${ingest.duplicateEvents} / ${ingest.rejectedEvents} of ${fmt(ingest.sentEvents)}`,
    ...(verified ? {} : { errors: 1 }),
  });
  out.push({
    name: `  one batch costs (bare route req/s ÷ batch req/s) in bare-route requests`,
    value: bare.requestsPerSec / ingest.requestsPerSec,
  });
  out.push({
    name: `  server CPU per batch during the run / per event incl. the drain`,
    value: `${ingest.serverCpuMsPerRequest?.toFixed(1)} / ${ingest.serverCpuMsPerEvent?.toFixed(3)}`,
    unit: "ms",
  });
  out.push({
    name: `  accepted events/s incl. the background drain (${ingest.drainSeconds ?? "> 180"} s)`,
    value: ingest.sustainedEventsPerSec === null ? "n/a" : Math.round(ingest.sustainedEventsPerSec),
  });

  out.push({ name: "timeline, 1 connection, 30 days in turn: p50", value: tl.p50, unit: "ms" });
  out.push({
    name: "timeline, 1 connection, 30 days in turn: p99",
    value: tl.p99,
    unit: "ms",
    ...goal(tl.p99, "<", GOALS.timelineP99Ms, `< ${GOALS.timelineP99Ms} ms`),
  });
  out.push({
    name: "  the same reads in the Worker (Server-Timing app): p50 / p99",
    value: `${tl.appP50?.toFixed(1)} / ${tl.appP99?.toFixed(1)}`,
    unit: "ms",
  });
  out.push({
    name: "  blocks per day: min / median / max (days with none)",
    value: `${tl.entriesMin} / ${tl.entriesP50} / ${tl.entriesMax} (${tl.emptyDays})`,
    ...(tl.emptyDays ? { errors: tl.emptyDays } : {}),
  });
  out.push({
    name: "  same client, bare route GET /healthz: p50 / p99",
    value: `${bare1.p50} / ${bare1.p99}`,
    unit: "ms",
  });
  out.push({ name: "  server CPU per timeline read", value: tl.serverCpuMsPerRequest, unit: "ms" });
  return out;
}
