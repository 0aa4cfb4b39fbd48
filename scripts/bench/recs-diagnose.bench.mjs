// Where the time of POST /v1/events goes: variants that skip part of the work, beside the full
// route, on the catalogue the recs bench seeds. `npm run bench -- recs-diagnose` (or with `recs`).
//   duplicate event    route + actor RPC + the trace-id claim (one SQLite insert), nothing else
//   unknown item       + the D1 item lookup (then rejected: no taste update, no outbox, no log)
//   full event         + taste update, outbox, and the behaviour log in the background
import { meAcrossUsers } from "./baseline.bench.mjs";
import {
  batchOf,
  call,
  event,
  ingestScenario,
  NAMES,
  perConnection,
  randomItem,
  seedCatalogue,
  traceId,
} from "./recs.bench.mjs";
import { tokens } from "./harness.mjs";

export const name = "recs-diagnose";

const USERS = 50;
const BATCH = 500;

/** Every request of a connection sends the same body as the same user. */
function fixedBody(users, bodies) {
  let next = 0;
  return (client) => {
    const i = next++ % users.length;
    client.setHeadersAndBody({ "content-type": "application/json", authorization: `Bearer ${users[i]}` }, bodies[i]);
  };
}

let unknown = 0;
const unknownEvent = () => ({ traceId: traceId(), type: "view", itemId: `missing-${unknown++}` });

const VARIANTS = {
  item: `GET /v1/items/:id, ${USERS} users (one D1 read)`,
  dup1: `POST /v1/events, 1 duplicate event, ${USERS} users`,
  unknown1: `POST /v1/events, 1 event of an unknown item, ${USERS} users`,
  full1c: "POST /v1/events, 1 event, 1 connection",
  dup500: `POST /v1/events, ${BATCH} duplicate events, 1 user`,
  unknown500: `POST /v1/events, ${BATCH} events of unknown items, 1 user`,
};

export async function scenarios(ctx) {
  const { url, devToken } = ctx;
  await seedCatalogue(ctx);
  const users = await tokens(devToken, "recs-diagnose", USERS);
  // Events applied once during setup, re-sent as duplicates during the run.
  const dupBodies = [];
  for (const token of users) {
    const e = event();
    await call(url, "POST", "/v1/events", token, e);
    dupBodies.push(JSON.stringify(e));
  }
  const dupBatch = batchOf(BATCH);
  await call(url, "POST", "/v1/events", users[0], dupBatch);
  await ctx.waitForIdle();

  return [
    await meAcrossUsers(devToken),
    {
      name: VARIANTS.item,
      requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: `/v1/items/${randomItem()}` }) }],
      setupClient: perConnection(users),
    },
    ingestScenario(ctx, {
      name: VARIANTS.dup1,
      connections: USERS,
      eventsPerRequest: 1,
      setupClient: fixedBody(users, dupBodies),
    }),
    ingestScenario(ctx, {
      name: VARIANTS.unknown1,
      connections: USERS,
      users,
      eventsPerRequest: 1,
      body: unknownEvent,
    }),
    ingestScenario(ctx, { name: NAMES.single, connections: USERS, users, eventsPerRequest: 1 }),
    ingestScenario(ctx, { name: VARIANTS.full1c, connections: 1, users: users.slice(1, 2), eventsPerRequest: 1 }),
    ingestScenario(ctx, {
      name: VARIANTS.dup500,
      connections: 1,
      eventsPerRequest: BATCH,
      setupClient: fixedBody(users.slice(0, 1), [JSON.stringify(dupBatch)]),
    }),
    ingestScenario(ctx, {
      name: VARIANTS.unknown500,
      connections: 1,
      users: users.slice(2, 3),
      eventsPerRequest: BATCH,
      body: () => batchOf(BATCH, unknownEvent),
      timeout: 60,
    }),
    ingestScenario(ctx, {
      name: NAMES.batch(1),
      connections: 1,
      users: users.slice(3, 4),
      eventsPerRequest: BATCH,
      timeout: 60,
    }),
  ];
}

/** The background work each variant left behind, and what the duplicates and rejections were. */
export async function figures(ctx, results) {
  const ours = [VARIANTS.dup1, VARIANTS.unknown1, NAMES.single, VARIANTS.full1c, VARIANTS.dup500];
  ours.push(VARIANTS.unknown500, NAMES.batch(1));
  return ours.flatMap((n) => {
    const r = results.find((x) => x.name === n);
    if (!r) return [];
    return [
      {
        name: `${n}: accepted / duplicate / rejected events; drain after; server CPU per event incl. drain`,
        value:
          `${r.acceptedEvents} / ${r.duplicateEvents} / ${r.rejectedEvents}; ${r.drainSeconds ?? "> 90"} s; ` +
          `${r.serverCpuMsPerEvent?.toFixed(2) ?? "-"} ms`,
      },
    ];
  });
}
