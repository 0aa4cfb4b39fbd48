// `npm run test:stress -- matrix`: the cross-user matrix (lib/cross-user.mjs) against `wrangler dev`
// over real HTTP and real WebSockets, for several pairs of users at once.
import { runCrossUserMatrix } from "./lib/cross-user.mjs";
import { handshake } from "./lib/ws-handshake.mjs";

export const name = "matrix";
export const title = "Cross-user matrix over HTTP and WebSockets";

const PAIRS = 4;

export async function run({ url, seed, token, log }) {
  const socket = (path, tokenValue) => handshake(url + path, { headers: { Authorization: `Bearer ${tokenValue}` } });
  const results = await Promise.all(
    Array.from({ length: PAIRS }, (_, pair) =>
      runCrossUserMatrix({
        fetch: (path, init) => fetch(url + path, { ...init, signal: AbortSignal.timeout(60_000) }),
        socket,
        token,
        tag: `s${seed}p${pair}${Date.now().toString(36)}`,
      }),
    ),
  );
  const [first] = results;
  if (first.stale.length > 0) log(`table entries for undocumented operations (skipped): ${first.stale.join(", ")}`);
  const sum = (key) => results.reduce((total, r) => total + r[key], 0);
  const leaks = sum("leaks");
  return {
    figures: [
      {
        name: "operations covered",
        value: first.covered,
        unit: `of ${first.operations}`,
        goal: `all ${first.operations}`,
        met: results.every((r) => r.covered === r.operations),
      },
      { name: "pairs of users", value: PAIRS },
      { name: "calls made", value: sum("calls") },
      { name: "leaks", value: leaks, goal: 0, met: leaks === 0 },
    ],
    failures: [...new Set(results.flatMap((r) => r.failures))],
  };
}
