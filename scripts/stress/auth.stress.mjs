// `npm run test:stress -- auth`: forged bearer tokens against a sample of REST routes, the GraphQL
// gateway (POST and GET /graphql), the live WebSocket `/v1/stream` (token in `?token=`, in
// `Sec-WebSocket-Protocol`, in `Authorization`) and a coach session's WebSocket, over real HTTP.
// Every forged token must be refused with 401 problem+json (a socket: no 101), never a 5xx; every
// genuine token — HS256 with the development secret, RS256 and ES256 from the JWKS the server is
// pointed at — must be accepted, so a server that refused everything would fail too. test/integration/auth.test.ts covers the verifier's cases inside workerd; this is the
// same front door over the network, with the transports and sizes only a real server has.
import { readFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from "jose";
import { handshake } from "./lib/ws-handshake.mjs";

export const name = "auth";
export const title = "Auth attacks over HTTP and WebSockets";

const ISS = "edge-coach";
const AUD = "edge-coach-api";
/** The development HS256 secret, read from its one definition (schemas/config.ts) rather than copied. */
const DEV_SECRET = readFileSync(new URL("../../schemas/config.ts", import.meta.url), "utf8").match(
  /DEV_JWT_SECRET = "([^"]+)"/,
)?.[1];

const keys = {};
let jwksUrl;

/** Serves a JWKS with one RSA and one EC key; the server keeps its development HS256 secret too. */
export async function prepare() {
  if (!DEV_SECRET) throw new Error("DEV_JWT_SECRET not found in schemas/config.ts");
  for (const [k, alg] of [
    ["rs", "RS256"],
    ["es", "ES256"],
    ["rogueRs", "RS256"],
    ["rogueEs", "ES256"],
    ["roguePs", "PS256"],
  ])
    keys[k] = await generateKeyPair(alg, { extractable: true });
  const jwks = {
    keys: [
      { ...(await exportJWK(keys.rs.publicKey)), kid: "stress-rs", alg: "RS256", use: "sig" },
      { ...(await exportJWK(keys.es.publicKey)), kid: "stress-es", alg: "ES256", use: "sig" },
    ],
  };
  keys.rsPem = await exportSPKI(keys.rs.publicKey);
  keys.rsJwk = JSON.stringify(jwks.keys[0]);
  const server = createServer((req, res) => {
    res.writeHead(req.url === "/.well-known/jwks.json" ? 200 : 404, { "Content-Type": "application/json" });
    res.end(JSON.stringify(jwks));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`;
  return { vars: [`JWKS_URL:${jwksUrl}`], close: () => new Promise((resolve) => server.close(resolve)) };
}

const now = () => Math.floor(Date.now() / 1000);
const b64 = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

/** A JWT with the given claims (defaults: a valid user token for `sub`), header and key. */
async function sign(key, { alg = "HS256", header = {}, claims = {}, omit = [] } = {}) {
  const payload = { sub: claims.sub, role: "admin", iss: ISS, aud: AUD, iat: now(), exp: now() + 600, ...claims };
  for (const k of omit) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg, typ: "JWT", ...header }).sign(key);
}
const hs = (secret) => new TextEncoder().encode(secret);
const unsigned = (header, payload) => `${b64(header)}.${b64(payload)}.`;
const swapPayload = (token, patch) => {
  const [h, p, s] = token.split(".");
  return [h, b64({ ...JSON.parse(Buffer.from(p, "base64url").toString()), ...patch }), s].join(".");
};
const junk = (bytes) => Buffer.from(Array.from({ length: bytes }, (_, i) => (i * 131 + 7) % 256)).toString("base64url");

/** Forged tokens that all claim to be `sub` (an admin); each must be refused wherever it is sent. */
async function forgedTokens(sub, attackerToken) {
  const claims = { sub };
  const dev = hs(DEV_SECRET);
  const base = { sub, role: "admin", iss: ISS, aud: AUD, iat: now(), exp: now() + 600 };
  const padded = async (bytes) => {
    const t = await sign(dev, { claims });
    return `${t.slice(0, t.lastIndexOf(".") + 1)}${junk(bytes)}`;
  };
  return [
    ["alg none", unsigned({ alg: "none", typ: "JWT" }, base)],
    ["alg None", unsigned({ alg: "None" }, base)],
    ["alg none with a signature", `${unsigned({ alg: "none" }, base)}${junk(32)}`],
    ["HS256 with the wrong key", await sign(hs("not-the-server-secret-but-long-enough-1234"), { claims })],
    ["HS256 with an empty-ish key", await sign(hs("x"), { claims })],
    ["RS256 by an unknown key", await sign(keys.rogueRs.privateKey, { alg: "RS256", claims })],
    [
      "RS256 by an unknown key, claiming the server's kid",
      await sign(keys.rogueRs.privateKey, { alg: "RS256", header: { kid: "stress-rs" }, claims }),
    ],
    [
      "ES256 by an unknown key, claiming the server's kid",
      await sign(keys.rogueEs.privateKey, { alg: "ES256", header: { kid: "stress-es" }, claims }),
    ],
    ["HS/RS confusion: HS256 keyed with the RSA public key PEM", await sign(hs(keys.rsPem), { claims })],
    [
      "HS/RS confusion: HS256 keyed with the PEM, claiming the RSA kid",
      await sign(hs(keys.rsPem), { header: { kid: "stress-rs" }, claims }),
    ],
    ["HS/RS confusion: HS256 keyed with the public JWK", await sign(hs(keys.rsJwk), { claims })],
    [
      "RS256 with the attacker's key embedded as jwk",
      await sign(keys.rogueRs.privateKey, {
        alg: "RS256",
        header: { jwk: await exportJWK(keys.rogueRs.publicKey) },
        claims,
      }),
    ],
    [
      "RS256 with a jku to the attacker's keys",
      await sign(keys.rogueRs.privateKey, { alg: "RS256", header: { jku: "http://127.0.0.1:1/jwks.json" }, claims }),
    ],
    [
      "HS256 with a kid path traversal",
      await sign(hs(""), { header: { kid: "../../../../dev/null" }, claims }).catch(() => "x.y.z"),
    ],
    ["PS256 (not an accepted algorithm)", await sign(keys.roguePs.privateKey, { alg: "PS256", claims })],
    ["expired a minute ago", await sign(dev, { claims: { ...claims, exp: now() - 60, iat: now() - 660 } })],
    ["expired long ago", await sign(dev, { claims: { ...claims, exp: 1_000_000_000, iat: 999_999_000 } })],
    ["iat two minutes ahead", await sign(dev, { claims: { ...claims, iat: now() + 120 } })],
    [
      "iat ten years ahead",
      await sign(dev, { claims: { ...claims, iat: now() + 315_360_000, exp: now() + 315_360_600 } }),
    ],
    ["nbf two minutes ahead", await sign(dev, { claims: { ...claims, nbf: now() + 120 } })],
    ["no aud", await sign(dev, { claims, omit: ["aud"] })],
    ["wrong aud", await sign(dev, { claims: { ...claims, aud: "someone-else" } })],
    ["aud list without ours", await sign(dev, { claims: { ...claims, aud: ["a", "b"] } })],
    ["wrong iss", await sign(dev, { claims: { ...claims, iss: "evil" } })],
    ["no iss", await sign(dev, { claims, omit: ["iss"] })],
    ["no sub", await sign(dev, { claims, omit: ["sub"] })],
    ["empty sub", await sign(dev, { claims: { ...claims, sub: "" } })],
    ["numeric sub", await sign(dev, { claims: { ...claims, sub: 42 } })],
    ["sub outside the id alphabet", await sign(dev, { claims: { ...claims, sub: "a b/../c" } })],
    ["no exp", await sign(dev, { claims, omit: ["exp"] })],
    [
      "RS256 from the JWKS key but expired",
      await sign(keys.rs.privateKey, { alg: "RS256", claims: { ...claims, exp: now() - 60 } }),
    ],
    [
      "RS256 from the JWKS key with the wrong aud",
      await sign(keys.rs.privateKey, { alg: "RS256", claims: { ...claims, aud: "x" } }),
    ],
    ["sub swapped after signing", swapPayload(attackerToken, { sub })],
    ["role raised to admin after signing", swapPayload(attackerToken, { role: "admin" })],
    ["signature truncated", attackerToken.slice(0, -6)],
    ["signature removed", attackerToken.slice(0, attackerToken.lastIndexOf(".") + 1)],
    ["header and payload only", attackerToken.slice(0, attackerToken.lastIndexOf("."))],
    ["garbage", "abc.def.ghi"],
    ["base64 junk", `${junk(24)}.${junk(60)}.${junk(32)}`],
    ["header JSON null", `${b64("null")}.${b64(base)}.${junk(32)}`],
    ["header not JSON", `${b64("{alg:")}.${b64(base)}.${junk(32)}`],
    ["not a JWT", "not-a-jwt"],
    ["four segments", `${attackerToken}.${junk(8)}`],
    ["oversize 8 KB", await padded(8 * 1024)],
    ["oversize 64 KB", await padded(64 * 1024), { oversize: true }],
    ["oversize 1 MB", await padded(1024 * 1024), { oversize: true }],
  ];
}

/** One HTTP request with exactly these headers (node:http, so Upgrade and repeated headers go as given). */
function http(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const req = request(url, { method, headers, timeout: 30_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] ?? "", body: text }),
      );
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (error) => resolve({ status: 0, type: "", body: String(error.message ?? error) }));
    req.end(body);
  });
}

async function pool(tasks, width) {
  const out = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

/** Cases whose routes have not landed yet; when /openapi.json documents one, the section fails until it is added. */
const NOT_YET = [];

export async function run({ url, seed, token, log }) {
  const spec = await (await fetch(`${url}/openapi.json`)).json();
  const pending = [];
  for (const [op, what] of NOT_YET) {
    const [method, path] = op.split(" ");
    if (spec.paths?.[path]?.[method.toLowerCase()])
      pending.push(`${op} has landed: add this case to auth.stress.mjs: ${what}`);
    else log(`not applicable yet (${op} does not exist): ${what}`);
  }
  const tag = `${seed}-${Date.now().toString(36)}`;
  const owner = `auth-owner-${tag}`;
  const ownerToken = await token(owner);
  const attackerToken = await token(`auth-attacker-${tag}`);
  const session = await http(`${url}/v1/coach/sessions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ownerToken}`, "Content-Type": "application/json" },
    body: "{}",
  });
  if (session.status !== 201)
    throw new Error(`could not open the owner's coach session: ${session.status} ${session.body}`);
  const sessionId = JSON.parse(session.body).id;

  let trace = 0;
  const rest = [
    { label: "GET /v1/me", path: "/v1/me" },
    { label: "GET /v1/retrospects", path: "/v1/retrospects" },
    { label: "GET /v1/coach/sessions/{id}/messages", path: `/v1/coach/sessions/${sessionId}/messages` },
    { label: "GET /v1/admin/llm/providers", path: "/v1/admin/llm/providers" },
    {
      label: "POST /v1/events",
      path: "/v1/events",
      method: "POST",
      body: () => JSON.stringify({ traceId: `auth-${tag}-${trace++}`, type: "search", query: "lamp" }),
    },
  ];
  // the GraphQL gateway sits outside /v1 behind the same front door: the same 401 problem+json before GraphQL runs
  const gqlQuery = "{ me { userId } }";
  const graphql = [
    {
      label: "POST /graphql",
      path: "/graphql",
      method: "POST",
      body: () => JSON.stringify({ query: gqlQuery }),
    },
    { label: "GET /graphql", path: `/graphql?query=${encodeURIComponent(gqlQuery)}` },
  ];
  const sockets = [
    { transport: "WS /v1/stream", path: "/v1/stream" },
    { transport: "WS /v1/coach/sessions/{id}/ws", path: `/v1/coach/sessions/${sessionId}/ws` },
  ];
  const bearer = (t) => ({ Authorization: `Bearer ${t}` });
  const restCall =
    (route, headers, query = "") =>
    () =>
      http(`${url}${route.path}${query}`, {
        method: route.method,
        headers: route.body ? { ...headers, "Content-Type": "application/json" } : headers,
        body: route.body?.(),
      });
  // the three places a socket may carry its token
  const socketWays = {
    "?token=": (path, t) => handshake(`${url}${path}?token=${encodeURIComponent(t)}`),
    "Sec-WebSocket-Protocol": (path, t) => handshake(`${url}${path}`, { protocols: ["edge-coach.v1", t] }),
    Authorization: (path, t) => handshake(`${url}${path}`, { headers: bearer(t) }),
  };

  // every attempt: [transport, what, make(), genuine?, oversize?]
  const attempts = [];
  for (const [what, forged, opts = {}] of await forgedTokens(owner, attackerToken)) {
    for (const route of rest)
      attempts.push(["REST", `${what} → ${route.label}`, restCall(route, bearer(forged)), false, opts.oversize]);
    for (const route of graphql)
      attempts.push(["GraphQL", `${what} → ${route.label}`, restCall(route, bearer(forged)), false, opts.oversize]);
    for (const s of sockets)
      for (const [way, open] of Object.entries(socketWays))
        attempts.push([s.transport, `${what} in ${way}`, () => open(s.path, forged), false, opts.oversize]);
  }
  // a genuine token in the wrong place, or a malformed Authorization header
  const me = rest[0];
  const misplaced = [
    ["token in ?token= of a REST route", restCall(me, {}, `?token=${ownerToken}`)],
    [
      "token in ?token= of a REST route that claims an upgrade",
      restCall(me, { Upgrade: "websocket", Connection: "Upgrade" }, `?token=${ownerToken}`),
    ],
    ["token in a cookie", restCall(me, { Cookie: `token=${ownerToken}` })],
    ["token in X-Auth-Token", restCall(me, { "X-Auth-Token": ownerToken })],
    [
      "token in Sec-WebSocket-Protocol of a REST call",
      restCall(me, { "Sec-WebSocket-Protocol": `edge-coach.v1, ${ownerToken}` }),
    ],
    ["Authorization without Bearer", restCall(me, { Authorization: ownerToken })],
    ["Bearer doubled", restCall(me, { Authorization: `Bearer Bearer ${ownerToken}` })],
    ["Basic scheme", restCall(me, { Authorization: `Basic ${ownerToken}` })],
    ["Bearer with no token", restCall(me, { Authorization: "Bearer" })],
    ["Bearer and spaces", restCall(me, { Authorization: "Bearer    " })],
    ["two Authorization headers", restCall(me, { Authorization: [`Bearer ${attackerToken}`, `Bearer ${ownerToken}`] })],
  ];
  for (const [what, make] of misplaced) attempts.push(["REST", what, make, false]);
  for (const route of graphql) {
    attempts.push(["GraphQL", `no token → ${route.label}`, restCall(route, {}), false]);
    attempts.push([
      "GraphQL",
      `token in ?token= → ${route.label}`,
      restCall(route, {}, `${route.path.includes("?") ? "&" : "?"}token=${ownerToken}`),
      false,
    ]);
  }
  for (const s of sockets) {
    attempts.push([
      s.transport,
      "token in ?access_token=",
      () => handshake(`${url}${s.path}?access_token=${ownerToken}`),
      false,
    ]);
    attempts.push([
      s.transport,
      "token in a cookie",
      () => handshake(`${url}${s.path}`, { headers: { Cookie: `token=${ownerToken}` } }),
      false,
    ]);
    attempts.push([s.transport, "no token", () => handshake(`${url}${s.path}`), false]);
  }

  // genuine tokens for the owner: each must be accepted on every route and in every socket place
  const genuine = [
    ["dev token from POST /v1/auth/token", await token(owner, "admin")],
    ["HS256 with the development secret", await sign(hs(DEV_SECRET), { claims: { sub: owner } })],
    ["HS256, iat 20 s ahead (within leeway)", await sign(hs(DEV_SECRET), { claims: { sub: owner, iat: now() + 20 } })],
    [
      "RS256 from the JWKS key",
      await sign(keys.rs.privateKey, { alg: "RS256", header: { kid: "stress-rs" }, claims: { sub: owner } }),
    ],
    [
      "ES256 from the JWKS key",
      await sign(keys.es.privateKey, { alg: "ES256", header: { kid: "stress-es" }, claims: { sub: owner } }),
    ],
  ];
  for (const [what, t] of genuine) {
    for (const route of rest) attempts.push(["REST", `${what} → ${route.label}`, restCall(route, bearer(t)), true]);
    for (const route of graphql)
      attempts.push(["GraphQL", `${what} → ${route.label}`, restCall(route, bearer(t)), true]);
    for (const s of sockets)
      for (const [way, open] of Object.entries(socketWays))
        attempts.push([s.transport, `${what} in ${way}`, () => open(s.path, t), true]);
  }
  attempts.push(["REST", "lower-case bearer scheme", restCall(me, { Authorization: `bearer ${ownerToken}` }), true]);

  // an erased account (DELETE /v1/me): every token issued before the erase is refused on every door afterwards
  const erased = `auth-erased-${tag}`;
  const erasedTokens = [
    ["the token that asked for the erasure", await token(erased)],
    ["an older token of the erased account", await sign(hs(DEV_SECRET), { claims: { sub: erased, iat: now() - 60 } })],
  ];
  const erase = await http(`${url}/v1/me`, { method: "DELETE", headers: bearer(erasedTokens[0][1]) });
  if (erase.status !== 202) throw new Error(`could not erase the test account: ${erase.status} ${erase.body}`);
  for (const [what, t] of erasedTokens) {
    for (const route of [...rest, ...graphql])
      attempts.push([
        route.path.startsWith("/graphql") ? "GraphQL" : "REST",
        `${what} → ${route.label}`,
        restCall(route, bearer(t)),
        false,
      ]);
    for (const s of sockets)
      for (const [way, open] of Object.entries(socketWays))
        attempts.push([s.transport, `${what} in ${way}`, () => open(s.path, t), false]);
  }

  const results = await pool(
    attempts.map(([, , make]) => make),
    6,
  );
  const failures = [];
  const tried = {};
  let accepted = 0;
  let serverErrors = 0;
  let refusedGenuine = 0;
  let platform = 0;
  results.forEach((res, i) => {
    const [transport, what, , isGenuine, oversize] = attempts[i];
    const socket = transport.startsWith("WS");
    const ok = socket ? res.status === 101 : res.status >= 200 && res.status < 300;
    const show = `${transport} ${what}: ${res.status} ${res.type ?? ""} ${res.body.slice(0, 160)}`;
    if (res.status >= 500) {
      serverErrors++;
      failures.push(`5xx ${show}`);
    }
    if (isGenuine) {
      if (!ok) {
        refusedGenuine++;
        failures.push(`genuine token refused: ${show}`);
      }
      return;
    }
    tried[transport] = (tried[transport] ?? 0) + 1;
    if (ok) {
      accepted++;
      failures.push(`forged token ACCEPTED: ${show}`);
    } else if (oversize && [0, 413, 414, 431].includes(res.status)) {
      platform++; // refused by the runtime's header limit before the Worker runs
    } else if (res.status !== 401 || !String(res.type).startsWith("application/problem+json")) {
      if (res.status < 500) failures.push(`expected 401 problem+json: ${show}`);
    }
  });
  if (platform > 0)
    log(
      `${platform} oversize attempts were refused by the runtime's header limit (status 0/413/414/431), not by the Worker`,
    );

  const forgedTotal = Object.values(tried).reduce((a, b) => a + b, 0);
  return {
    figures: [
      ...Object.entries(tried).map(([transport, n]) => ({ name: `forged tokens tried, ${transport}`, value: n })),
      { name: "forged tokens accepted", value: accepted, unit: `of ${forgedTotal}`, goal: 0, met: accepted === 0 },
      { name: "5xx answers", value: serverErrors, goal: 0, met: serverErrors === 0 },
      { name: "genuine tokens tried", value: attempts.filter((a) => a[3]).length },
      { name: "genuine tokens refused", value: refusedGenuine, goal: 0, met: refusedGenuine === 0 },
      { name: "oversize refused before the Worker", value: platform },
    ],
    failures: [...pending, ...failures],
  };
}
