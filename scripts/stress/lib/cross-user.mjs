// The cross-user matrix (API.md: "another user's resource: 404, do not reveal that it exists"; admin
// routes refuse non-admins with 403). User A creates one of every per-user resource, each carrying a
// unique marker string; then every operation in `/openapi.json` is called as a user B:
//   foreign — B names A's resource in the path: 404 problem+json, and A's resource is unchanged after;
//   mine    — B reads or writes B's own data: 2xx, and neither A's marker nor A's ids appear in the body;
//   admin   — a non-admin B: 403 problem+json;
//   SHARED  — not per-user (the catalogue, public routes…), listed with the reason; still called as B
//             where that is cheap and scanned for A's marker (A's private words must not reach them).
// A also calls A's own reads (controls): A's ids must answer 2xx and A's lists must show A's marker,
// otherwise B's 404 or clean list proves nothing. An operation in /openapi.json that is in neither the
// table nor SHARED fails the matrix: a new route cannot land without saying how users are kept apart.
//
// Pure module (no node: imports): it runs inside workerd (vitest) and in Node (the stress suite).

import { admin, foreign, mine } from "./cross-user-kinds.mjs";
import { ACCOUNT_RESOURCES, ACCOUNT_SHARED } from "./cross-user-account.mjs";
import { COMMUNITY_RESOURCES, COMMUNITY_SHARED } from "./cross-user-communities.mjs";
import { GRAPHQL_RESOURCES, GRAPHQL_SHARED } from "./cross-user-graphql.mjs";
import { SOCIAL_RESOURCES, SOCIAL_SHARED } from "./cross-user-social.mjs";

const JSON_TYPE = "application/json";
const SSE = { Accept: "text/event-stream" };

const resumeInput = (m) => ({
  title: `Resume ${m}`,
  content: `${m} Staff engineer. Led the payments platform migration to event sourcing; mentored six engineers; ${m}.`,
  skills: ["typescript", "distributed systems"],
  yearsOfExperience: 9,
});
/** Yesterday (UTC): inside every user's hot window. */
const LIFE_DAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
/** B replays A's event id on another day, so B's own timeline of LIFE_DAY never shows that id. */
const OTHER_DAY = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
const lifeEvent = (eventId, deviceId, day = LIFE_DAY) => ({
  eventId,
  source: "screen_time",
  start: `${day}T10:00:00Z`,
  end: `${day}T10:30:00Z`,
  ...(deviceId ? { deviceId } : {}),
  metadata: { app: "Matrix editor" },
});
const item = { title: "Matrix item", category: "books", description: "", price: 10, stock: 1 };

/**
 * Per-user resources: how A makes one (returning the ids B will name) and the operations that touch it.
 * A `create` receives `as(method, path, init)` (A's calls, throwing on a non-2xx) and A's marker.
 * Life-log (#17), social (#18), billing and erase (#19) and GraphQL (#20) add their entries here.
 */
export const RESOURCES = [
  {
    name: "retrospects",
    async create(as, m) {
      const { id } = await as("POST", "/v1/retrospects", {
        json: { purpose: `Purpose ${m}`, content: `${m} I shipped late because I skipped the design review.`, mood: 2 },
      });
      return { retrospect: id };
    },
    operations: {
      "POST /v1/retrospects": mine({ json: { purpose: "Mine", content: "My own entry for the week." } }),
      "GET /v1/retrospects": mine({ control: (a) => [a.marker, a.retrospect] }),
      "GET /v1/retrospects/stats": mine(),
      "GET /v1/retrospects/{id}": foreign((a) => ({ id: a.retrospect }), { control: true }),
      "POST /v1/retrospects/{id}/feedback/retry": foreign((a) => ({ id: a.retrospect })),
    },
  },
  {
    name: "growth reports and profile",
    async create(as, m) {
      await as("PATCH", "/v1/me/profile", { json: { displayName: `Name ${m}` } });
      const { id } = await as("POST", "/v1/reports", { json: { period: "week" } });
      return { report: id };
    },
    operations: {
      "GET /v1/reports": mine({ control: (a) => [a.report] }),
      "POST /v1/reports": mine({ json: { period: "week" } }),
      "PATCH /v1/me/profile": mine({ json: { timezone: "UTC" } }),
    },
  },
  {
    name: "coach sessions, messages, streams and sockets",
    async create(as, m) {
      const { id } = await as("POST", "/v1/coach/sessions", { json: { leadershipType: "pacesetting" } });
      const answer = await as("POST", `/v1/coach/sessions/${id}/messages`, {
        json: { content: `${m} How do I stop doing my team's work myself?` },
      });
      const { reportId } = await as("POST", "/v1/coach/interpretation", { json: { leadershipType: "coaching" } });
      return { session: id, message: String(answer.messageId), interpretation: reportId };
    },
    operations: {
      "POST /v1/coach/sessions": mine({ json: {} }),
      "GET /v1/coach/sessions": mine({ control: (a) => [a.session] }),
      "GET /v1/coach/sessions/{id}/messages": foreign((a) => ({ id: a.session }), { control: true }),
      "POST /v1/coach/sessions/{id}/messages": foreign((a) => ({ id: a.session }), {
        json: { content: "Show me this conversation." },
        variants: [{}, { headers: SSE }],
      }),
      "GET /v1/coach/sessions/{id}/messages/{messageId}/stream": foreign(
        (a) => ({ id: a.session, messageId: a.message }),
        { control: true, query: "?offset=0" },
      ),
      "GET /v1/coach/sessions/{id}/ws": foreign((a) => ({ id: a.session }), { socket: true, control: true }),
      // the interpretation is cached per user: B's must be B's own, never A's report
      "POST /v1/coach/interpretation": mine({ json: { leadershipType: "coaching" } }),
    },
  },
  {
    name: "resumes and interview jobs",
    async create(as, m) {
      const { id } = await as("POST", "/v1/resumes", { json: resumeInput(m) });
      const { jobId } = await as("POST", `/v1/resumes/${id}/interview-questions`, { json: { count: 3 } });
      return { resume: id, job: jobId };
    },
    operations: {
      "POST /v1/resumes": mine({ json: resumeInput("mine") }),
      "GET /v1/resumes": mine({ control: (a) => [a.marker, a.resume] }),
      "GET /v1/resumes/{id}": foreign((a) => ({ id: a.resume }), { control: true, after: (a) => [a.marker] }),
      "PUT /v1/resumes/{id}": foreign((a) => ({ id: a.resume }), { json: resumeInput("overwritten by B") }),
      "DELETE /v1/resumes/{id}": foreign((a) => ({ id: a.resume })),
      "POST /v1/resumes/{id}/interview-questions": foreign((a) => ({ id: a.resume }), { json: {} }),
      "POST /v1/resumes/{id}/learning-path": foreign((a) => ({ id: a.resume }), { json: {} }),
      "GET /v1/jobs/{id}": foreign((a) => ({ id: a.job }), { control: true, notAfter: ['"cancelled"'] }),
      "POST /v1/jobs/{id}/cancel": foreign((a) => ({ id: a.job })),
      "GET /v1/jobs/{id}/stream": foreign((a) => ({ id: a.job }), { control: true }),
    },
  },
  {
    name: "notifications and the live channel",
    async create(as, m) {
      // the push answers with the live message's id; the inbox has its own
      await as("POST", "/v1/stream/test", { json: { title: `Note ${m}`, body: `${m} private` } });
      const { items } = await as("GET", "/v1/notifications");
      const note = items.find((n) => n.title === `Note ${m}`);
      if (!note) throw new Error(`A's test notification is not in A's inbox: ${JSON.stringify(items)}`);
      return { notification: String(note.id) };
    },
    operations: {
      "GET /v1/notifications": mine({ control: (a) => [a.marker] }),
      // B's inbox is empty (foreign callers never write), so A's id can only be found by a missing owner check
      "POST /v1/notifications/{id}/read": foreign((a) => ({ id: a.notification }), { control: true }),
      "GET /v1/stream/replay": mine({ query: "?since=0", control: (a) => [a.marker] }),
      "GET /v1/stream": mine({ socket: true, query: "?since=0", control: (a) => [a.marker] }),
      "POST /v1/stream/test": mine({ json: { title: "Mine" } }),
      "GET /v1/me": mine({ control: (a) => [a.marker] }),
    },
  },
  {
    name: "behaviour events",
    async create(as, m) {
      const trace = `trace-${m}`;
      await as("POST", "/v1/events", { json: { traceId: trace, type: "search", query: `${m} headphones` } });
      return { trace };
    },
    operations: {
      // trace ids are per user: A's must not count as B's duplicate (that would reveal A sent it)
      "POST /v1/events": mine({
        json: (a) => ({ traceId: a.trace, type: "search", query: "desk lamp" }),
        check: (body) => (body.includes('"duplicates":0') ? null : `A's traceId counted as B's duplicate: ${body}`),
        scanIds: false,
      }),
    },
  },
  {
    name: "life-log devices, privacy, activity and timeline",
    async create(as, m) {
      const device = await as("POST", "/v1/devices", {
        json: { name: `Phone ${m}`, platform: "ios", sources: ["manual", "screen_time"] },
      });
      const eventId = `life-${m}`;
      await as("POST", "/v1/activity", {
        json: { events: [lifeEvent(eventId, device.id)] },
      });
      const { entries } = await as("GET", `/v1/timeline?day=${LIFE_DAY}&tz=UTC`);
      if (!entries[0]) throw new Error("A's event made no timeline entry");
      return { device: device.id, lifeEvent: eventId, entry: entries[0].id };
    },
    operations: {
      "POST /v1/devices": mine({ json: { name: "Mine", platform: "web", sources: ["manual"] } }),
      "GET /v1/devices": mine({ control: (a) => [a.marker, a.device] }),
      "DELETE /v1/devices/{id}": foreign((a) => ({ id: a.device })),
      "GET /v1/me/privacy": mine(),
      "PUT /v1/me/privacy": mine({ json: { visibility: "stats_only" } }),
      // event ids are per user: A's must not count as B's duplicate (that would reveal A sent it)
      "POST /v1/activity": mine({
        json: (a) => ({ events: [lifeEvent(a.lifeEvent, undefined, OTHER_DAY)] }),
        check: (body) => (body.includes('"duplicates":0') ? null : `A's eventId counted as B's duplicate: ${body}`),
        scanIds: false,
      }),
      "GET /v1/timeline": mine({ query: `?day=${LIFE_DAY}&tz=UTC`, control: (a) => [a.entry] }),
      "GET /v1/timeline/week": mine({ query: `?start=${LIFE_DAY}&tz=UTC` }),
      "POST /v1/timeline/{entryId}/feedback": foreign((a) => ({ entryId: a.entry }), {
        json: { category: "rest" },
      }),
    },
  },
  {
    name: "labels, their verification and label insights",
    async create(as, m) {
      await as("PUT", "/v1/labels/affiliation", { json: { value: `Org ${m}`, domain: "matrix-a.example" } });
      await as("PUT", "/v1/labels/region", { json: { value: `Region ${m}`, visibility: "public" } });
      // a pending code of A's: B's confirm must not find it
      await as("POST", "/v1/labels/affiliation/verify", { json: { email: `a-${m}@matrix-a.example` } });
      return {};
    },
    operations: {
      "GET /v1/labels": mine({ control: (a) => [a.marker] }),
      "PUT /v1/labels/{key}": mine({ params: () => ({ key: "interest" }), json: { value: "Mine" } }),
      // B has none of these labels; A's stay (GET /v1/labels, A's control, still shows them afterwards)
      "DELETE /v1/labels/{key}": foreign(() => ({ key: "region" })),
      "POST /v1/labels/{key}/verify": foreign(() => ({ key: "affiliation" }), {
        json: { email: "b@matrix-a.example" },
      }),
      "POST /v1/labels/{key}/verify/confirm": foreign(() => ({ key: "affiliation" }), { json: { code: "123456" } }),
      // anonymous, noisy cohort aggregates; a cohort of one is suppressed, so nothing of A's can show
      "GET /v1/insights/labels": mine({ query: "?key=affiliation&value=Org" }),
      "GET /v1/matches": mine(),
      "GET /v1/admin/outbox/email": admin(),
    },
  },
  {
    name: "administration",
    create: async () => ({}),
    operations: {
      "PUT /v1/items/{id}": admin({ params: () => ({ id: "matrix-item" }), json: item }),
      "POST /v1/items/batch": admin({ json: { items: [{ id: "matrix-item", ...item }] } }),
      "POST /v1/inventory": admin({ json: { itemId: "matrix-item", price: 1 } }),
      "POST /v1/admin/knowledge": admin({ json: { documents: [{ path: "matrix.md", content: "## Matrix\ntext" }] } }),
      "GET /v1/admin/llm/providers": admin(),
      "GET /v1/admin/dead-letters": admin(),
      "POST /v1/admin/dead-letters/{id}/redrive": admin({ params: () => ({ id: "1" }) }),
      "GET /v1/admin/faults": admin(),
      // a non-admin must not be able to reset another user's actor
      "POST /v1/admin/faults/evict": admin({ json: (a) => ({ userId: a.user }) }),
      "POST /v1/admin/faults/poison": admin({ json: { count: 1 } }),
    },
  },
  // social (#19): each part in its own module, with the same entry kinds
  ...SOCIAL_RESOURCES,
  ...ACCOUNT_RESOURCES,
  ...COMMUNITY_RESOURCES,
  ...GRAPHQL_RESOURCES,
];

/** Operations that hold no per-user data, with the reason; `call` (if any) is made as B and scanned. */
export const SHARED = {
  "GET /v1/items": { reason: "the item catalogue is one list for everyone", call: {} },
  "GET /v1/items/{id}": { reason: "catalogue items are shared", call: { params: { id: "matrix-item" } } },
  "GET /v1/recommendations": {
    reason: "computed for the caller from the caller's own taste and the shared catalogue and trending",
    call: {},
  },
  "GET /v1/events/rate": { reason: "events per second across all users, with no user in it", call: {} },
  "GET /v1/coach/assessment": { reason: "the questionnaire is the same for everyone", call: {} },
  "POST /v1/coach/assessment": { reason: "a pure classification of the request body; nothing is stored" },
  "POST /v1/auth/token": { reason: "public development token issuer; it holds nothing but the body it is sent" },
  "GET /healthz": { reason: "public liveness", call: {} },
  "GET /readyz": { reason: "public readiness", call: {} },
  "GET /docs": { reason: "public API documentation page", call: {} },
  "GET /widget.js": { reason: "public widget script", call: {} },
  ...SOCIAL_SHARED,
  ...ACCOUNT_SHARED,
  ...COMMUNITY_SHARED,
  ...GRAPHQL_SHARED,
};

const METHODS = ["get", "put", "post", "delete", "patch"];

/** Every operation `/openapi.json` documents, as "METHOD /path". */
export function operationsOf(spec) {
  const ops = [];
  for (const [path, item] of Object.entries(spec.paths ?? {}))
    for (const method of METHODS) if (item[method]) ops.push(`${method.toUpperCase()} ${path}`);
  return ops.sort();
}

/** What the table says about each operation; `missing` are operations it does not know. */
export function coverage(operations) {
  const table = new Map();
  for (const resource of RESOURCES)
    for (const [op, entry] of Object.entries(resource.operations)) table.set(op, { resource, entry });
  const missing = operations.filter((op) => !table.has(op) && !SHARED[op]);
  const known = new Set(operations);
  const stale = [...table.keys(), ...Object.keys(SHARED)].filter((op) => !known.has(op));
  return { table, missing, stale };
}

/** Reads a body for at most `ms` (an SSE stream a client should never have been given may not end). */
export async function readBounded(res, ms = 2000) {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + ms;
  let text = "";
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0 || text.length > 1_000_000) break;
    let timer;
    const chunk = await Promise.race([
      reader.read(),
      new Promise((resolve) => (timer = setTimeout(() => resolve({ timedOut: true }), left))),
    ]);
    clearTimeout(timer);
    if (chunk.timedOut || chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel();
  return text;
}

const fill = (path, params) =>
  path.replace(/\{(\w+)\}/g, (_, name) => {
    if (params[name] === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(params[name]);
  });

/**
 * Runs the matrix for one pair of users (A and the B callers).
 * @param {object} o
 * @param {(path: string, init?: RequestInit) => Promise<Response>} o.fetch the server, by path
 * @param {(path: string, token: string) => Promise<{status: number, body: string}>} o.socket opens a
 *   WebSocket with the token in `Authorization`; `body` is the frames received until a `ready` frame or a
 *   short wait (101), or the refusal's body
 * @param {(userId: string, role?: "user" | "admin") => Promise<string>} o.token
 * @param {string} o.tag unique per run: user ids and the marker are built from it
 * @param {number} [o.callsPerB] B callers rotate after this many calls (a per-user rate limit)
 */
export async function runCrossUserMatrix({ fetch, socket, token, tag, callsPerB = 15 }) {
  const failures = [];
  let calls = 0;
  let leaks = 0;
  const leak = (message) => {
    leaks++;
    failures.push(`LEAK ${message}`);
  };

  const specRes = await fetch("/openapi.json");
  const operations = operationsOf(JSON.parse(await specRes.text()));
  const { table, missing, stale } = coverage(operations);
  for (const op of missing) failures.push(`operation ${op} is not in the cross-user matrix: add it`);

  const marker = `mx${tag.replace(/[^a-z0-9]/gi, "").toLowerCase()}q`;
  const aId = `matrix-a-${marker}`;
  const aToken = await token(aId);

  async function call(tokenValue, method, path, init = {}) {
    calls++;
    const headers = { ...init.headers };
    if (tokenValue) headers.Authorization = `Bearer ${tokenValue}`;
    let body;
    if (init.json !== undefined) {
      headers["Content-Type"] = JSON_TYPE;
      body = JSON.stringify(init.json);
    }
    const res = await fetch(path, { method, headers, body });
    const type = res.headers.get("Content-Type") ?? "";
    const text = await readBounded(res, type.includes("event-stream") ? 1500 : 10_000);
    return { status: res.status, type, body: text };
  }

  // A's calls must succeed: the matrix is meaningless over resources that were never made
  async function as(method, path, init) {
    const res = await call(aToken, method, path, init);
    if (res.status >= 300) throw new Error(`A's ${method} ${path} answered ${res.status}: ${res.body.slice(0, 300)}`);
    return res.body ? JSON.parse(res.body) : {};
  }

  const a = { marker, user: aId };
  for (const resource of RESOURCES) Object.assign(a, await resource.create(as, marker));
  // uuids and other long ids only: notification and message ids are small per-owner counters
  const distinctive = Object.entries(a)
    .filter(([k, v]) => k !== "marker" && typeof v === "string" && v.length >= 12)
    .map(([, v]) => v);

  // foreign callers never write, so a per-owner counter id of A's cannot collide with one of their own
  const pools = {};
  async function caller(pool) {
    const p = (pools[pool] ??= { n: 0, used: callsPerB, token: "" });
    if (p.used >= callsPerB) {
      p.token = await token(`matrix-b-${pool}-${p.n++}-${tag}`);
      p.used = 0;
    }
    p.used++;
    return p.token;
  }

  const scan = (op, body, { ids = true } = {}) => {
    if (body.includes(marker)) leak(`${op} as B shows A's content (marker ${marker}): ${body.slice(0, 200)}`);
    if (ids) for (const id of distinctive) if (body.includes(id)) leak(`${op} as B shows A's id ${id}`);
  };
  const isProblem = (res, status) => res.status === status && res.type.startsWith("application/problem+json");

  async function perform(op, entry, tokenValue, params, variant = {}) {
    const [method, template] = op.split(" ");
    const path = fill(template, params) + (entry.query ?? "");
    if (entry.socket) {
      calls++;
      return { ...(await socket(path, tokenValue)), type: "" };
    }
    const json = typeof entry.json === "function" ? entry.json(a) : entry.json;
    return call(tokenValue, method, path, { json, headers: variant.headers });
  }

  const controls = [];
  for (const [op, { entry }] of table) {
    if (!operations.includes(op)) continue;
    const params = entry.params?.(a) ?? {};
    for (const variant of entry.variants ?? [{}]) {
      const label = variant.headers ? `${op} (${Object.values(variant.headers).join(", ")})` : op;
      if (entry.kind === "foreign") {
        const res = await perform(op, entry, await caller("foreign"), params, variant);
        const expected = entry.socket ? res.status === 404 : isProblem(res, 404);
        if (!expected) leak(`${label} as B with A's ids answered ${res.status} ${res.type}: ${res.body.slice(0, 200)}`);
        scan(label, res.body, { ids: false });
      } else if (entry.kind === "admin") {
        const res = await perform(op, entry, await caller("admin"), params, variant);
        if (!isProblem(res, 403)) leak(`${label} as a non-admin answered ${res.status}: ${res.body.slice(0, 200)}`);
      } else {
        const res = await perform(op, entry, await caller("mine"), params, variant);
        const ok = entry.socket ? res.status === 101 : res.status >= 200 && res.status < 300;
        if (!ok) failures.push(`${label} as B answered ${res.status}: ${res.body.slice(0, 200)}`);
        scan(label, res.body, { ids: entry.scanIds !== false });
        const wrong = entry.check?.(res.body);
        if (wrong) leak(`${label}: ${wrong}`);
      }
    }
    if (entry.control) controls.push([op, entry, params]);
  }

  for (const [op, entry] of Object.entries(SHARED)) {
    if (!entry.call || !operations.includes(op)) continue;
    const [method, template] = op.split(" ");
    const res = await call(await caller("mine"), method, fill(template, entry.call.params ?? {}));
    if (res.status >= 500) failures.push(`${op} (shared) answered ${res.status}`);
    if (res.body.includes(marker)) leak(`${op} (shared) shows A's private content (marker ${marker})`);
  }

  // controls after B's calls, so they also show that B's writes changed nothing of A's
  for (const [op, entry, params] of controls) {
    const res = await perform(op, entry, aToken, params);
    const ok = entry.socket ? res.status === 101 : res.status >= 200 && res.status < 300;
    if (!ok) {
      failures.push(
        `control: A's own ${op} answered ${res.status}, so B's answer proves nothing: ${res.body.slice(0, 200)}`,
      );
      continue;
    }
    const wanted = typeof entry.control === "function" ? entry.control(a) : (entry.after?.(a) ?? []);
    for (const w of wanted)
      if (!res.body.includes(w)) failures.push(`control: A's own ${op} does not show ${w}: ${res.body.slice(0, 200)}`);
    for (const w of entry.notAfter ?? [])
      if (res.body.includes(w)) leak(`A's ${op} shows ${w} after B's calls: ${res.body.slice(0, 200)}`);
  }

  // entries for routes not (or no longer) documented are skipped, not failed: an entry may land before its route
  return { operations: operations.length, covered: operations.length - missing.length, calls, leaks, failures, stale };
}
