// Foundation: the bare route ceiling and one UserActor call per request.
import { bareRoute } from "./harness.mjs";

export const name = "baseline";

const POOL_SIZE = 50;

/**
 * `GET /v1/me` with one user per connection, so each actor sees one request at a time, like separate
 * clients: the bare authenticated-actor route. Other benches include it for their ratios; the runner
 * measures a scenario name once.
 */
export async function meAcrossUsers(devToken) {
  const pool = await Promise.all(Array.from({ length: POOL_SIZE }, (_, i) => devToken(`bench-user-${i}`)));
  let next = 0;
  return {
    name: `GET /v1/me, ${POOL_SIZE} users`,
    path: "/v1/me",
    setupClient: (client) => client.setHeaders({ authorization: `Bearer ${pool[next++ % pool.length]}` }),
  };
}

export async function scenarios({ devToken }) {
  const hot = await devToken("bench-hot-user");
  return [
    bareRoute,
    await meAcrossUsers(devToken),
    { name: "GET /v1/me, 1 hot user", path: "/v1/me", headers: { authorization: `Bearer ${hot}` } },
  ];
}
