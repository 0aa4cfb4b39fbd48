// Fault injection on the recommendation pipeline (issue #16): 10,000 events flow from many users
// while the tasks consumer fails 10 % of messages at random (FAULT_QUEUE_FAILURE_RATE, its normal
// retry path) and a second loop resets users' actors mid-flight every ~200 ms (POST
// /v1/admin/faults/evict, `ctx.abort()`); poison messages go onto the queue too. The client behaves
// like a device: a failed or timed-out request is sent again with the same traceIds.
//
// Then: every traceId is in the behaviour log (D1 `item_events`) exactly once, a replay is answered
// as duplicates, poison messages are in the dead-letter table with a reason, and messages that
// exhausted their retries are redriven from it until nothing is missing.
//
// FAULTS_EVENTS (default 10000) shortens the run while developing.
import { setTimeout as sleep } from "node:timers/promises";
import { fetchJson, tokens } from "../bench/harness.mjs";
import { demoCatalogue, rng } from "../seed/catalogue.mjs";

export const name = "faults";
export const title = "Faults: failing consumers and evicted actors while 10,000 events flow";

const EVENTS = Number(process.env.FAULTS_EVENTS ?? 10_000);
const FAILURE_RATE = 0.1;
const USERS = 200;
const ITEMS = 200;
const MAX_BATCH = 150;
const CLIENTS = 8;
const EVICT_EVERY_MS = 200;
const POISON = 10;
const REQUEST_TIMEOUT_MS = 15_000;
const MAX_TRIES = 10;
const DRAIN_DEADLINE_MS = 300_000;
// no progress for this long: look in the dead-letter table for messages that ran out of retries
const STALL_MS = 30_000;
const REPLAYS = 5;
const TYPES = ["view", "view", "view", "click", "click", "add_to_cart", "purchase", "search"];

export function prepare() {
  return { vars: [`FAULT_QUEUE_FAILURE_RATE:${FAILURE_RATE}`] };
}

/** The events as devices would send them: batches of 1–MAX_BATCH from random users, unique traceIds. */
function plan(random, prefix, items, users) {
  const batches = [];
  for (let n = 0; n < EVENTS;) {
    const size = Math.min(EVENTS - n, 1 + Math.floor(random() * random() * MAX_BATCH));
    const user = users[Math.floor(random() * users.length)];
    const events = Array.from({ length: size }, (_, i) => {
      const type = TYPES[Math.floor(random() * TYPES.length)];
      const traceId = `${prefix}-t${n + i}`;
      if (type === "search") return { traceId, type, query: items[Math.floor(random() * items.length)].title };
      return { traceId, type, itemId: items[Math.floor(random() * items.length)].id };
    });
    batches.push({ user, events });
    n += size;
  }
  return batches;
}

/** POST /v1/events; `{status, body}` or `{status: "timeout" | "network"}`. */
async function post(url, token, events) {
  try {
    const res = await fetch(`${url}/v1/events`, {
      method: "POST",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ events }),
    });
    const text = await res.text();
    // an actor reset mid-request is answered 503 with Retry-After (retryable, like a dropped connection)
    const retryable = res.status === 503 && res.headers.has("retry-after") && /actor-unavailable/.test(text);
    return { status: retryable ? "503 retryable" : res.status, body: res.ok ? JSON.parse(text) : text.slice(0, 300) };
  } catch (error) {
    return { status: error.name === "TimeoutError" ? "timeout" : "network", body: String(error) };
  }
}

/** Sends every batch with CLIENTS in parallel, each retried with its own traceIds until it is answered 202. */
async function send(ctx, batches, inFlight, tally) {
  let next = 0;
  async function client() {
    while (next < batches.length) {
      const batch = batches[next++];
      inFlight.add(batch.user.id);
      try {
        for (let attempt = 1; ; attempt++) {
          const { status, body } = await post(ctx.url, batch.user.token, batch.events);
          tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
          if (status === 202) {
            tally.accepted += body.accepted;
            tally.duplicatesAnswered += body.duplicates;
            tally.rejected += body.rejected.length;
            if (attempt > 1) tally.retriedBatches++;
            break;
          }
          if (tally.errorSamples.length < 5) tally.errorSamples.push(`${status}: ${String(body).slice(0, 200)}`);
          if (attempt === MAX_TRIES) {
            tally.abandoned.push(batch);
            break;
          }
          await sleep(Math.min(2000, 100 * 2 ** attempt));
        }
      } finally {
        inFlight.delete(batch.user.id);
      }
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, client));
}

/** Resets a random user's actor every ~EVICT_EVERY_MS, preferring users with a request in flight. */
function evictLoop(ctx, admin, users, inFlight, random) {
  let stop = false;
  const counts = { evictions: 0, midFlight: 0, failed: 0 };
  const done = (async () => {
    while (!stop) {
      const busy = [...inFlight];
      const midFlight = busy.length > 0 && random() < 0.75;
      const userId = midFlight
        ? busy[Math.floor(random() * busy.length)]
        : users[Math.floor(random() * users.length)].id;
      try {
        await fetchJson(ctx.url, "POST", "/v1/admin/faults/evict", admin, { userId });
        counts.evictions++;
        if (midFlight) counts.midFlight++;
      } catch (error) {
        counts.failed++;
        ctx.log(`evict ${userId} failed: ${error.message}`);
      }
      await sleep(EVICT_EVERY_MS * (0.5 + random()));
    }
  })();
  return {
    counts,
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

const stored = (ctx, prefix) =>
  ctx.d1(`SELECT count(*) AS n, count(DISTINCT trace_id) AS d FROM item_events WHERE trace_id LIKE '${prefix}-t%'`)[0];

async function deadLetters(ctx, admin) {
  const all = [];
  let cursor = null;
  do {
    const page = await fetchJson(
      ctx.url,
      "GET",
      `/v1/admin/dead-letters?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
      admin,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Behaviour-log messages of this run that ran out of retries: redriven, each once. */
async function redriveExhausted(ctx, admin, prefix, redriven) {
  const ours = (await deadLetters(ctx, admin)).filter(
    (d) => d.body?.kind === "events.log" && d.body.events.some((e) => e.traceId.startsWith(`${prefix}-t`)),
  );
  for (const letter of ours) {
    if (redriven.has(letter.id)) continue;
    await fetchJson(ctx.url, "POST", `/v1/admin/dead-letters/${letter.id}/redrive`, admin);
    redriven.set(letter.id, letter.reason);
    ctx.log(`redrove ${letter.id} (${letter.reason}, ${letter.body.events.length} events)`);
  }
}

export async function run(ctx) {
  const failures = [];
  const random = rng(ctx.seed);
  const prefix = `f${ctx.seed}`;
  const admin = await ctx.token(`${prefix}-admin`, "admin");
  const items = demoCatalogue(ITEMS, { prefix: `${prefix}-item`, seed: ctx.seed });
  await fetchJson(ctx.url, "POST", "/v1/items/batch", admin, { items });
  const users = (await tokens(ctx.token, `${prefix}-u`, USERS)).map((token, i) => ({ id: `${prefix}-u-${i}`, token }));
  const batches = plan(random, prefix, items, users);
  ctx.log(`${EVENTS} events in ${batches.length} batches from ${USERS} users; consumer failure rate ${FAILURE_RATE}`);

  const markers = [];
  const poison = async (count) =>
    markers.push((await fetchJson(ctx.url, "POST", "/v1/admin/faults/poison", admin, { count })).marker);
  await poison(POISON / 2);

  const tally = {
    accepted: 0,
    duplicatesAnswered: 0,
    rejected: 0,
    retriedBatches: 0,
    statuses: {},
    errorSamples: [],
    abandoned: [],
  };
  const inFlight = new Set();
  const evictor = evictLoop(ctx, admin, users, inFlight, random);
  const sendStarted = Date.now();
  const sending = send(ctx, batches, inFlight, tally);
  await sleep(2000);
  await poison(POISON / 2);
  await sending;
  const sendSeconds = (Date.now() - sendStarted) / 1000;
  await evictor.stop();
  ctx.log(
    `sent in ${sendSeconds.toFixed(0)} s: accepted ${tally.accepted}, answered as duplicates ${tally.duplicatesAnswered} ` +
      `(retries of requests whose first answer was lost), statuses ${JSON.stringify(tally.statuses)}; ` +
      `${evictor.counts.evictions} evictions (${evictor.counts.midFlight} of users with a request in flight)`,
  );
  for (const sample of tally.errorSamples) ctx.log(`  e.g. ${sample}`);

  // drain: wait for the behaviour log, redriving whatever ran out of retries
  const drainStarted = Date.now();
  const redriven = new Map();
  let count = stored(ctx, prefix);
  let lastProgress = Date.now();
  while (count.n < EVENTS && Date.now() - drainStarted < DRAIN_DEADLINE_MS) {
    await sleep(3000);
    const now = stored(ctx, prefix);
    if (now.n !== count.n) lastProgress = Date.now();
    count = now;
    if (count.n < EVENTS && Date.now() - lastProgress > STALL_MS) {
      await redriveExhausted(ctx, admin, prefix, redriven);
      lastProgress = Date.now();
    }
  }
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  // whatever still waits in the dead-letter table after the drain was not needed to reach the count
  await redriveExhausted(ctx, admin, prefix, redriven);

  const storedIds = new Set(
    ctx.d1(`SELECT trace_id FROM item_events WHERE trace_id LIKE '${prefix}-t%'`).map((r) => r.trace_id),
  );
  const missing = batches.flatMap((b) => b.events.map((e) => e.traceId)).filter((id) => !storedIds.has(id));
  if (missing.length > 0)
    failures.push(`${missing.length} events never stored, e.g. ${missing.slice(0, 5).join(", ")}`);
  if (tally.abandoned.length > 0)
    failures.push(`${tally.abandoned.length} batches never accepted after ${MAX_TRIES} tries`);

  // a replay of batches already stored changes nothing
  let replayed = 0;
  for (const batch of batches.slice(0, REPLAYS)) {
    // a device retries a request the network dropped (wrangler dev's proxy resets idle keep-alive sockets)
    let answer = await post(ctx.url, batch.user.token, batch.events);
    for (let tries = 1; answer.status === "network" && tries < 3; tries++)
      answer = await post(ctx.url, batch.user.token, batch.events);
    const { status, body } = answer;
    if (status === 202 && body.accepted === 0 && body.duplicates === batch.events.length) replayed++;
    else failures.push(`replay of a stored batch answered ${status} ${JSON.stringify(body).slice(0, 200)}`);
  }

  const letters = await deadLetters(ctx, admin);
  const poisoned = letters.filter((d) => markers.includes(d.body?.marker));
  const withReason = poisoned.filter((d) => typeof d.reason === "string" && d.reason.length > 0);
  if (poisoned.length !== POISON) failures.push(`${poisoned.length} of ${POISON} poison messages in the dead letters`);
  const exhaustedWithReason = [...redriven.values()].filter((r) => r && r.length > 0).length;
  const faults = await fetchJson(ctx.url, "GET", "/v1/admin/faults", admin);
  const fiveXx = Object.entries(tally.statuses)
    .filter(([s]) => Number(s) >= 500)
    .reduce((n, [, c]) => n + c, 0);
  const retryable = tally.statuses["503 retryable"] ?? 0;

  return {
    figures: [
      { name: "events sent (unique traceIds)", value: EVENTS },
      { name: "requests (incl. client retries)", value: Object.values(tally.statuses).reduce((a, b) => a + b, 0) },
      { name: "batches retried by the client", value: tally.retriedBatches },
      { name: "503 + Retry-After answers (actor reset mid-request; retried)", value: retryable },
      { name: "other 5xx answers", value: fiveXx, goal: "0", met: fiveXx === 0 },
      { name: "events stored", value: count.n, goal: String(EVENTS), met: count.n === EVENTS },
      { name: "duplicates stored", value: count.n - count.d, goal: "0", met: count.n === count.d },
      { name: "missing", value: missing.length, goal: "0", met: missing.length === 0 },
      { name: "replays answered as duplicates", value: `${replayed}/${REPLAYS}`, met: replayed === REPLAYS },
      { name: "actor evictions", value: evictor.counts.evictions },
      { name: "evictions of a user with a request in flight", value: evictor.counts.midFlight },
      { name: "injected consumer failures", value: faults.stats.injectedQueueFailures },
      {
        name: "poison messages in DLQ with a reason",
        value: `${withReason.length}/${POISON}`,
        met: withReason.length === POISON,
      },
      { name: "exhausted messages redriven (DLQ with a reason)", value: `${exhaustedWithReason}/${redriven.size}` },
      { name: "send time", value: Number(sendSeconds.toFixed(1)), unit: "s" },
      { name: "drain time after the last answer", value: Number(drainSeconds.toFixed(1)), unit: "s" },
    ],
    failures,
  };
}
