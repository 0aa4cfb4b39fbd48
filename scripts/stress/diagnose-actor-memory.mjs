// `node scripts/stress/diagnose-actor-memory.mjs`: a diagnosis behind docs/RELIABILITY.md's soak
// figures, not a section of the suite. Under `wrangler dev`, does workerd's resident memory grow with
// requests to a fixed set of user actors, with new actors, and is it given back? POST /v1/events at
// 50 requests/s on fresh connections: 60 s warm-up and 120 s over 20 fixed users, 120 s with a new
// user (so a new actor) per request, then 90 s over the fixed users again; workerd's RSS every 10 s.
import { SignJWT } from "jose";
import { startServer } from "../bench/harness.mjs";
import { groupRss } from "./lib/soak-memory.mjs";
const secret = new TextEncoder().encode("edge-coach-development-secret-not-for-production");
const sign = (sub) =>
  new SignJWT({ role: "user" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer("edge-coach")
    .setAudience("edge-coach-api")
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime("2h")
    .sign(secret);
const server = await startServer({ cwd: process.cwd() });
const port = new URL(server.url).port;
const rss = async () => Math.round((await groupRss(server.pgid, port)).workerd);
const fixed = await Promise.all(Array.from({ length: 20 }, (_, i) => sign(`fixed-${i}`)));
let n = 0;
async function one(token) {
  const res = await fetch(`${server.url}/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", connection: "close" },
    body: JSON.stringify({ traceId: `t-${n++}-${Math.random()}`, type: "search", query: "run shoes" }),
  });
  if (res.status === 202) await res.arrayBuffer();
  if (res.status !== 202) console.log("status", res.status, (await res.text().catch(() => "")).slice(0, 80));
}
async function phase(name, seconds, rate, tokenFor) {
  const start = Date.now();
  const out = [];
  let next = Date.now();
  const inflight = new Set();
  const sampler = setInterval(async () => out.push([Math.round((Date.now() - start) / 1000), await rss()]), 10_000);
  while (Date.now() - start < seconds * 1000) {
    next += 1000 / rate;
    const p = tokenFor()
      .then(one)
      .catch((e) => console.log(e.message));
    inflight.add(p);
    p.finally(() => inflight.delete(p));
    const wait = next - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await Promise.all(inflight);
  clearInterval(sampler);
  console.log(name, JSON.stringify(out));
}
let fresh = 0;
try {
  await phase("warm (20 fixed users)", 60, 50, async () => fixed[n % 20]);
  await phase("fixed (20 users)", 120, 50, async () => fixed[n % 20]);
  await phase("fresh (a new user, so a new actor, per request)", 120, 50, () => sign(`fresh-${fresh++}`));
  await phase("fixed again", 90, 50, async () => fixed[n % 20]);
  console.log("new actors created:", fresh);
} finally {
  await server.stop();
}
