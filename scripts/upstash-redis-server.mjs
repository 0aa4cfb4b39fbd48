#!/usr/bin/env node
// The Upstash Redis REST protocol (https://upstash.com/docs/redis/features/restapi) in front of a real
// redis-server, so `@upstash/redis` and `@upstash/ratelimit` run unchanged in development and tests.
//
//   node scripts/upstash-redis-server.mjs --redis 127.0.0.1:6379 --port 8079 --token dev
//
// Then UPSTASH_REDIS_REST_URL=http://127.0.0.1:8079 and UPSTASH_REDIS_REST_TOKEN=dev.
// Endpoints: POST / with ["CMD", …]; GET|POST /cmd/arg/… (a POST body is the last argument, query
// parameters follow it); POST /pipeline and /multi-exec with [["CMD", …], …]. Auth by
// `Authorization: Bearer <token>` or `?_token=`. `Upstash-Encoding: base64` encodes every string
// in the result except a plain "OK", as Upstash does.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { RedisReplyError, RespClient } from "./lib/resp.mjs";

const ALLOWED_METHODS = new Set(["HEAD", "GET", "POST", "PUT"]);
// Connection state that cannot be shared across HTTP requests on one socket; Upstash refuses them too.
const REFUSED = new Set(["multi", "exec", "discard", "watch", "unwatch", "select", "auth", "hello", "quit", "reset"]);
const REFUSED_STREAMING = new Set(["subscribe", "psubscribe", "ssubscribe", "monitor", "sync", "psync"]);

class BadRequest extends Error {}

const sha1 = (text) => createHash("sha1").update(text).digest("hex");

/**
 * Upstash's Lua runtime accepts a `allow-key-locking` shebang flag (its own; @upstash/ratelimit sends
 * it) that redis-server rejects. The flag is dropped before a script reaches Redis, and the SHA the
 * client computed from the original text is mapped to the SHA Redis knows, so EVALSHA keeps working.
 */
class ScriptTranslator {
  #shas = new Map();

  rewrite(args) {
    const name = String(args[0]).toLowerCase();
    if (name === "eval" || name === "eval_ro") return [args[0], this.#strip(String(args[1])), ...args.slice(2)];
    if (name === "evalsha" || name === "evalsha_ro") return [args[0], this.#sha(args[1]), ...args.slice(2)];
    if (name === "script" && String(args[1]).toLowerCase() === "load")
      return [args[0], args[1], this.#strip(String(args[2]))];
    if (name === "script" && String(args[1]).toLowerCase() === "exists")
      return [args[0], args[1], ...args.slice(2).map((s) => this.#sha(s))];
    return args;
  }

  /** SCRIPT LOAD answers with the SHA of the text the client sent, not of the rewritten one. */
  loadedSha(args) {
    return sha1(String(args[2]));
  }

  #sha(sha) {
    return this.#shas.get(String(sha).toLowerCase()) ?? sha;
  }

  #strip(script) {
    const match = /^#!lua flags=([^\n]*)/.exec(script);
    if (!match) return script;
    const flags = match[1].split(",").filter((f) => f.trim() && f.trim() !== "allow-key-locking");
    const rewritten = script.replace(match[0], flags.length ? `#!lua flags=${flags.join(",")}` : "#!lua");
    this.#shas.set(sha1(script), sha1(rewritten));
    return rewritten;
  }
}

/** A Redis reply as Upstash's JSON result; `base64` encodes every string but a plain OK. */
function toJson(reply, base64) {
  if (reply === null || typeof reply === "number") return reply;
  if (reply instanceof RedisReplyError) throw new BadRequest(reply.message);
  if (Array.isArray(reply)) return reply.map((item) => toJson(item, base64));
  const bytes = Buffer.isBuffer(reply) ? reply : Buffer.from(reply.simple, "utf8");
  if (reply.simple === "OK") return "OK";
  return base64 ? bytes.toString("base64") : bytes.toString("utf8");
}

/** `{result}` or `{error}` for one reply. */
function entry(reply, base64) {
  try {
    return { result: toJson(reply, base64) };
  } catch (err) {
    if (err instanceof BadRequest) return { error: err.message };
    throw err;
  }
}

function checkCommand(command) {
  if (!Array.isArray(command) || command.length === 0) throw new BadRequest("ERR failed to parse command");
  for (const arg of command) {
    if (!["string", "number", "boolean"].includes(typeof arg)) throw new BadRequest("ERR failed to parse command");
  }
  const name = String(command[0]).toLowerCase();
  if (REFUSED.has(name) || REFUSED_STREAMING.has(name))
    throw new BadRequest(`ERR Command is not available: '${name}'. Use /pipeline or /multi-exec for batches`);
  return command.map(String);
}

/** The handler of the REST protocol over `redis` (a RespClient) with bearer `token`. */
export function createUpstashHandler({ redis, token }) {
  const scripts = new ScriptTranslator();
  const expected = Buffer.from(token);
  const authorised = (req, url) => {
    const header = req.headers.authorization ?? "";
    const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : (url.searchParams.get("_token") ?? ""));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const run = async (commands) => {
    const rewritten = commands.map((c) => scripts.rewrite(c));
    const replies = await redis.send(rewritten);
    return replies.map((reply, i) =>
      String(commands[i][0]).toLowerCase() === "script" &&
      String(commands[i][1]).toLowerCase() === "load" &&
      Buffer.isBuffer(reply)
        ? Buffer.from(scripts.loadedSha(commands[i]))
        : reply,
    );
  };

  return async function upstash(req, res) {
    const send = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(req.method === "HEAD" ? undefined : JSON.stringify(body));
    };
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (!ALLOWED_METHODS.has(req.method ?? "")) return send(405, { error: "ERR method not allowed" });
      if (!authorised(req, url)) return send(401, { error: "WRONGPASS invalid or missing auth token" });
      const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
      const raw = await readBody(req);
      const path = url.pathname.replace(/\/+$/, "");

      if (path === "/pipeline" || path === "/multi-exec") {
        const commands = parseJson(raw);
        if (!Array.isArray(commands) || commands.length === 0) throw new BadRequest("ERR failed to parse command");
        const checked = commands.map(checkCommand);
        if (path === "/pipeline")
          return send(
            200,
            (await run(checked)).map((r) => entry(r, base64)),
          );
        const replies = await run([["MULTI"], ...checked, ["EXEC"]]);
        const exec = replies.at(-1);
        // a command Redis refused while queueing discards the whole transaction (EXECABORT)
        if (exec instanceof RedisReplyError) {
          const reason = replies.slice(1, -1).find((r) => r instanceof RedisReplyError);
          throw new BadRequest((reason ?? exec).message);
        }
        if (exec === null) throw new BadRequest("ERR transaction discarded");
        return send(
          200,
          exec.map((r) => entry(r, base64)),
        );
      }

      let command;
      if (path === "") command = parseJson(raw);
      else {
        command = path.slice(1).split("/").map(decodeURIComponent);
        if (raw.length > 0) command.push(raw.toString("utf8"));
        for (const [name, value] of url.searchParams) if (name !== "_token") command.push(name, value);
      }
      const [reply] = await run([checkCommand(command)]);
      const result = entry(reply, base64);
      return send("error" in result ? 400 : 200, result);
    } catch (err) {
      if (err instanceof BadRequest) return send(400, { error: err.message });
      return send(500, { error: `ERR ${err instanceof Error ? err.message : String(err)}` });
    }
  };
}

function parseJson(raw) {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new BadRequest("ERR failed to parse command");
  }
}

const readBody = (req) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });

/** Starts the REST server; `port` 0 picks a free one. Resolves with its URL and a `close()`. */
export async function startUpstashRedisServer({ redis, port = 0, host = "127.0.0.1", token }) {
  const [redisHost, redisPort] = redis.split(":");
  const client = new RespClient(redisHost, Number(redisPort));
  const server = createServer(createUpstashHandler({ redis: client, token }));
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        client.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const flag = (name, fallback) => {
    const at = process.argv.indexOf(name);
    return at === -1 ? fallback : process.argv[at + 1];
  };
  const token = flag("--token", process.env.UPSTASH_REDIS_REST_TOKEN);
  if (!token) {
    console.error("usage: node scripts/upstash-redis-server.mjs --redis host:port --port 8079 --token <token>");
    process.exit(2);
  }
  const server = await startUpstashRedisServer({
    redis: flag("--redis", "127.0.0.1:6379"),
    port: Number(flag("--port", "8079")),
    host: flag("--host", "127.0.0.1"),
    token,
  });
  console.log(`Upstash REST protocol on ${server.url} → redis-server ${flag("--redis", "127.0.0.1:6379")}`);
  console.log(`UPSTASH_REDIS_REST_URL=${server.url}\nUPSTASH_REDIS_REST_TOKEN=${token}`);
}
