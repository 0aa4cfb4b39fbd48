// Social: the feed of a reader who follows 200 of 300 authors with 10,000 posts in the system, over
// REST (`GET /v1/feed`) and GraphQL (`POST /graphql`, the same page and fields), at 1 and 50
// connections, beside the bare route of the same run.
import { fetchJson, quantile, serverTimings } from "./harness.mjs";
import { seedSocial, WORLD } from "./social-seed.mjs";

export const name = "social";

export const GOALS = { feedP99Ms: 30, graphqlRatio: 1.3 };

const PAGE = 20;
const LOADS = [1, 50];
const runId = Date.now().toString(36);
const FEED_PATH = `/v1/feed?limit=${PAGE}`;

// Every field of the REST route's Post, which the dashboard's feed shows (public/social/post.js).
const BLOCK = "start end category";
const MINUTES = "work study exercise commute social rest sleep leisure chores other";
const POST_FIELDS = `id authorId body visibility communityId createdAt commentCount myReactions
  reactions { like cheer insight }
  snapshot { kind day entry { ${BLOCK} } minutes { ${MINUTES} } blocks { ${BLOCK} } }`;
export const FEED_QUERY = `query Feed($after: String) { feed(after: $after, limit: ${PAGE}) {
  items { ${POST_FIELDS} } nextCursor } }`;

const plural = (n) => `${n} connection${n === 1 ? "" : "s"}`;
export const NAMES = {
  bare1: "bare route GET /healthz, 1 connection",
  rest: (n) => `GET /v1/feed?limit=${PAGE}, ${plural(n)}, 1 reader following ${WORLD.followed}`,
  graphql: (n) => `POST /graphql feed(limit: ${PAGE}), ${plural(n)}, the same reader`,
};

/** What setup learns, for `figures`. */
const state = { seed: null, graphql: null, crossCheck: null, duration: 10 };

/**
 * The page's problems for this reader: no items, an item twice, someone else's private post, or a
 * followers-only post of someone they do not follow. Each makes the response count as an error.
 */
function pageProblems(items, seed) {
  if (!Array.isArray(items) || items.length === 0) return ["empty"];
  const problems = [];
  const ids = new Set();
  for (const p of items) {
    if (ids.has(p.id)) problems.push("duplicate");
    ids.add(p.id);
    if (p.authorId === seed.readerId) continue;
    if (p.visibility === "private") problems.push("private");
    if (p.visibility === "followers" && !seed.followed.has(p.authorId)) problems.push("followers");
  }
  return problems;
}

const restItems = (text) => JSON.parse(text).items;
function graphqlItems(text) {
  const body = JSON.parse(text);
  if (body.errors?.length) throw new Error(`GraphQL errors: ${body.errors.map((e) => e.extensions?.code).join(", ")}`);
  return body.data.feed.items;
}

/**
 * A scenario whose every response is checked: `itemsOf` reads a 200's posts (throwing on a GraphQL
 * error), and a problem counts the response as an error of the row (`errors` in the result).
 */
function checkedScenario(scenarioName, connections, request, itemsOf) {
  const tally = { reads: [], refused: {} };
  return {
    name: scenarioName,
    connections,
    // one connection reads a page at a time: twice the run's duration gives its p99 a few hundred reads
    ...(connections === 1 ? { duration: 2 * state.duration } : {}),
    requests: [
      {
        ...request,
        onResponse: (status, text, _context, headers) => {
          if (status !== 200) {
            // the runner counts them as non-2xx; say which they were and what the first one said
            tally.refused[status] ??= String(text).slice(0, 160);
            return;
          }
          const timing = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === "server-timing")?.[1];
          let problems;
          let n = 0;
          try {
            const items = itemsOf(text);
            n = items?.length ?? 0;
            problems = pageProblems(items, state.seed);
          } catch (error) {
            problems = [error.message.slice(0, 80)];
          }
          tally.reads.push({ n, problems, bytes: text.length, app: serverTimings(String(timing ?? "")).app });
        },
      },
    ],
    before: () => Object.assign(tally, { reads: [], refused: {} }),
    // only the measured run's responses: the warm-up's came first
    after: (r) => {
      const reads = tally.reads.slice(-r.total);
      const bad = reads.filter((x) => x.problems.length > 0);
      const kinds = {};
      for (const x of bad) for (const p of x.problems) kinds[p] = (kinds[p] ?? 0) + 1;
      const app = reads.map((x) => x.app).filter((x) => x !== undefined);
      app.sort((a, b) => a - b);
      const sizes = reads.map((x) => x.n).sort((a, b) => a - b);
      return {
        errors: r.errors + bad.length,
        badBodies: bad.length,
        refused: tally.refused,
        problemKinds: kinds,
        itemsMin: sizes[0],
        itemsMax: sizes.at(-1),
        bytes: reads[0]?.bytes,
        appP50: quantile(app, 0.5),
        appP99: quantile(app, 0.99),
      };
    },
  };
}

const auth = () => ({ authorization: `Bearer ${state.seed.reader}` });
const restScenario = (n) =>
  checkedScenario(NAMES.rest(n), n, { method: "GET", path: FEED_PATH, headers: auth() }, restItems);
const graphqlScenario = (n) =>
  checkedScenario(
    NAMES.graphql(n),
    n,
    {
      method: "POST",
      path: "/graphql",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ query: FEED_QUERY }),
    },
    graphqlItems,
  );

/** Whether the gateway's schema has `feed` yet (the route is being built beside this bench). */
async function graphqlFeed(url, token) {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query: `{ __type(name: "Query") { fields { name } } }` }),
  });
  if (!res.ok) return { ok: false, why: `POST /graphql answered ${res.status}` };
  const fields = (await res.json()).data?.__type?.fields?.map((f) => f.name) ?? [];
  return fields.includes("feed") ? { ok: true } : { ok: false, why: "the GraphQL schema has no feed field yet" };
}

/** One first page from each door, on the idle server: the same posts in the same order, and where they come from. */
async function crossCheck(url) {
  const { reader, readerId, followed } = state.seed;
  const rest = await fetchJson(url, "GET", FEED_PATH, reader);
  const out = { restIds: rest.items.map((p) => p.id), sources: { own: 0, followed: 0, other: 0 } };
  for (const p of rest.items) {
    const key = p.authorId === readerId ? "own" : followed.has(p.authorId) ? "followed" : "other";
    out.sources[key]++;
  }
  out.reacted = rest.items.filter((p) => p.reactions.like + p.reactions.cheer + p.reactions.insight > 0).length;
  if (state.graphql.ok) {
    const res = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${reader}`, "content-type": "application/json" },
      body: JSON.stringify({ query: FEED_QUERY }),
    });
    const text = await res.text();
    try {
      out.graphqlIds = graphqlItems(text).map((p) => p.id);
    } catch (error) {
      out.graphqlError = `${res.status} ${error.message}: ${text.slice(0, 300)}`;
    }
  }
  return out;
}

export async function scenarios(ctx) {
  state.duration = ctx.load.duration;
  state.seed = await seedSocial(ctx, runId);
  state.graphql = await graphqlFeed(ctx.url, state.seed.reader);
  state.crossCheck = await crossCheck(ctx.url);
  const rows = [{ name: NAMES.bare1, path: "/healthz", connections: 1 }];
  // REST and GraphQL back to back at each load, REST first at 1 connection and GraphQL first at 50, so a
  // machine that drifts during the run (this one does) favours neither door
  for (const n of LOADS) {
    const pair = state.graphql.ok ? [restScenario(n), graphqlScenario(n)] : [restScenario(n)];
    rows.push(...(n === LOADS[0] ? pair : pair.reverse()));
  }
  return rows;
}

const fmt = (n) => Math.round(n).toLocaleString("en-US");
const ms = (x) => (x === undefined || x === null ? "n/a" : Number(x.toFixed(1)));
const ratioGoal = (value) => ({ goal: `≤ ${GOALS.graphqlRatio}`, met: value <= GOALS.graphqlRatio });

export async function figures(_ctx, results) {
  const byName = (n) => results.find((r) => r.name === n);
  const bare = results.find((r) => r.baseline);
  const bare1 = byName(NAMES.bare1);
  const { seed, graphql, crossCheck: cc } = state;
  const c = seed.counts;
  const out = [];
  out.push({
    name: `setup: ${fmt(WORLD.posts)} posts (public / followers / private), ${WORLD.authors} authors`,
    value: `${fmt(c["posts public"] ?? 0)} / ${fmt(c["posts followers"] ?? 0)} / ${fmt(c["posts private"] ?? 0)}`,
  });
  out.push({
    name: "  follows / reactions / comments (approved, pending) / public label holders",
    value: `${fmt(c.follows)} / ${fmt(c.reactions)} / ${fmt(c["comments approved"] ?? 0)}, ${fmt(c["comments pending"] ?? 0)} / ${c.labels}`,
  });
  const s = seed.seconds;
  out.push({
    name: "  seconds: follows / posts (posts/s) / reactions and comments / idle after",
    value: `${ms(s.follows)} / ${ms(s.posts)} (${fmt(seed.postsPerSec)}) / ${ms(s.interactions)} / ${s.idle === null ? "> 120" : ms(s.idle)}`,
  });
  const src = cc.sources;
  out.push({
    name: `  first page: own / followed authors / others (label holders, popular); with reactions`,
    value: `${src.own} / ${src.followed} / ${src.other}; ${cc.reacted}`,
  });
  if (!graphql.ok) out.push({ name: "GraphQL feed", value: `not measured: ${graphql.why}`, met: false });
  else if (cc.graphqlError) out.push({ name: "GraphQL feed", value: cc.graphqlError, met: false, errors: 1 });
  else {
    const same = cc.graphqlIds.join() === cc.restIds.join();
    out.push({
      name: "  GraphQL's first page = REST's (same posts, same order)",
      value: same ? `yes (${cc.restIds.length} posts)` : "NO",
      ...(same ? {} : { errors: 1 }),
    });
  }

  for (const n of LOADS) {
    const rest = byName(NAMES.rest(n));
    const gql = byName(NAMES.graphql(n));
    const p99Goal = n === 1 ? { goal: `< ${GOALS.feedP99Ms} ms`, met: rest.p99 < GOALS.feedP99Ms } : {};
    out.push({
      name: `GET /v1/feed, ${plural(n)}: p50 / p99`,
      value: `${rest.p50} / ${rest.p99}`,
      unit: "ms",
      ...p99Goal,
    });
    out.push({
      name: `  req/s (× bare route at 50 connections); server CPU per request`,
      value: `${fmt(rest.requestsPerSec)} (${(rest.requestsPerSec / bare.requestsPerSec).toFixed(2)}); ${ms(rest.serverCpuMsPerRequest)} ms`,
    });
    out.push({
      name: "  in the Worker (Server-Timing app): p50 / p99",
      value: `${ms(rest.appP50)} / ${ms(rest.appP99)}`,
      unit: "ms",
    });
    if (!gql) continue;
    out.push({ name: `POST /graphql feed, ${plural(n)}: p50 / p99`, value: `${gql.p50} / ${gql.p99}`, unit: "ms" });
    out.push({
      name: `  req/s; server CPU per request; in the Worker p50 / p99`,
      value: `${fmt(gql.requestsPerSec)}; ${ms(gql.serverCpuMsPerRequest)} ms; ${ms(gql.appP50)} / ${ms(gql.appP99)} ms`,
    });
    const p50Ratio = gql.p50 / Math.max(rest.p50, 1);
    out.push({ name: `  GraphQL p50 ÷ REST p50, ${plural(n)}`, value: p50Ratio, ...ratioGoal(p50Ratio) });
    const rateRatio = rest.requestsPerSec / gql.requestsPerSec;
    out.push({ name: `  REST req/s ÷ GraphQL req/s, ${plural(n)}`, value: rateRatio, ...ratioGoal(rateRatio) });
  }
  const rows = LOADS.flatMap((n) => [byName(NAMES.rest(n)), byName(NAMES.graphql(n))]).filter(Boolean);
  const bad = rows.flatMap((r) => Object.entries(r.problemKinds).map(([k, v]) => `${k} ${v}`));
  out.push({
    name: "every page checked: items min–max; bad pages (empty, duplicate, private, followers-only leak)",
    value: `${Math.min(...rows.map((r) => r.itemsMin))}–${Math.max(...rows.map((r) => r.itemsMax))}; ${bad.length ? bad.join(", ") : "none"}`,
    ...(bad.length ? { errors: rows.reduce((a, r) => a + r.badBodies, 0) } : {}),
  });
  for (const r of rows.filter((x) => Object.keys(x.refused).length > 0))
    out.push({ name: `  non-2xx in "${r.name}" (first answer of each status)`, value: JSON.stringify(r.refused) });
  out.push({
    name: "  bytes of a page: REST / GraphQL",
    value: `${fmt(byName(NAMES.rest(1)).bytes)} / ${graphql.ok ? fmt(byName(NAMES.graphql(1)).bytes) : "-"}`,
  });
  out.push({
    name: "bare route GET /healthz, 1 connection: p50 / p99",
    value: `${bare1.p50} / ${bare1.p99}`,
    unit: "ms",
  });
  out.push({ name: "bare route GET /healthz, 50 connections", value: fmt(bare.requestsPerSec), unit: "req/s" });
  return out;
}
