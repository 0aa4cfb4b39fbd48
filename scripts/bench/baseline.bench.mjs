// Foundation: the bare route ceiling and one UserActor call per request.
import { bareRoute } from "./harness.mjs";

export const name = "baseline";

const POOL_SIZE = 50;

export async function scenarios({ devToken }) {
  const pool = await Promise.all(Array.from({ length: POOL_SIZE }, (_, i) => devToken(`bench-user-${i}`)));
  const hot = await devToken("bench-hot-user");
  let next = 0;
  return [
    bareRoute,
    {
      name: `GET /v1/me, ${POOL_SIZE} users`,
      path: "/v1/me",
      // One user per connection, so each actor sees one request at a time, like separate clients.
      setupClient: (client) => client.setHeaders({ authorization: `Bearer ${pool[next++ % pool.length]}` }),
    },
    { name: "GET /v1/me, 1 hot user", path: "/v1/me", headers: { authorization: `Bearer ${hot}` } },
  ];
}
