import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  REQUIRE_REDIS,
  missingRedis,
  redisServerInstalled,
  startRedisRest,
  type RedisRest,
} from "../helpers/redis-server";

/**
 * scripts/upstash-redis-server.mjs speaks the Upstash REST protocol as its documentation describes it
 * (https://upstash.com/docs/redis/features/restapi): the status codes, `{result}`/`{error}` bodies,
 * the base64 encoding and the endpoints, over a real redis-server.
 */
const installed = redisServerInstalled();
if (!installed && REQUIRE_REDIS) throw new Error(missingRedis(true));
if (!installed) console.warn(`⚠ ${missingRedis(false)}`);

describe.skipIf(!installed)("the Upstash REST protocol server", () => {
  let rest: RedisRest;
  beforeAll(async () => {
    rest = await startRedisRest();
  });
  afterAll(() => rest?.close());

  const call = async (path: string, init: RequestInit & { base64?: boolean; token?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token !== null) headers.set("Authorization", `Bearer ${init.token ?? rest.token}`);
    if (init.base64) headers.set("Upstash-Encoding", "base64");
    const res = await fetch(rest.url + path, { ...init, headers });
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as unknown };
  };
  const post = (path: string, body: unknown, base64 = false) =>
    call(path, { method: "POST", body: JSON.stringify(body), base64 });
  let n = 0;
  const key = () => `proto:${Date.now()}:${n++}`;

  it("runs a command posted as a JSON array and answers {result} as JSON", async () => {
    const k = key();
    expect(await post("/", ["SET", k, "값", "EX", 100])).toEqual({
      status: 200,
      type: "application/json",
      body: { result: "OK" },
    });
    expect((await post("/", ["GET", k])).body).toEqual({ result: "값" });
  });

  it("runs a command spelled in the path, with URL-encoded Korean arguments", async () => {
    const k = key();
    await call(`/set/${k}/${encodeURIComponent("한글 값")}`);
    expect((await call(`/get/${k}`)).body).toEqual({ result: "한글 값" });
  });

  it("appends a POST body to a path command and query parameters after it", async () => {
    const k = key();
    await call(`/set/${k}?EX=100`, { method: "POST", body: '{"말":"JSON 값"}' });
    expect((await call(`/get/${k}`)).body).toEqual({ result: '{"말":"JSON 값"}' });
    expect((await post("/", ["TTL", k])).body).toEqual({ result: 100 });
  });

  it("encodes every string but OK in base64 when asked, leaving integers and nulls alone", async () => {
    const k = key();
    expect((await post("/", ["SET", k, "바"], true)).body).toEqual({ result: "OK" });
    expect((await post("/", ["GET", k], true)).body).toEqual({ result: Buffer.from("바").toString("base64") });
    expect((await post("/", ["PING"], true)).body).toEqual({ result: Buffer.from("PONG").toString("base64") });
    expect((await post("/", ["STRLEN", k], true)).body).toEqual({ result: 3 });
    expect((await post("/", ["MGET", k, key()], true)).body).toEqual({ result: ["67CU", null] });
  });

  it("answers a failing command with 400 and Redis's error", async () => {
    expect(await post("/", ["GET"])).toMatchObject({
      status: 400,
      body: { error: "ERR wrong number of arguments for 'get' command" },
    });
  });

  it("answers a body that is not a command with 400", async () => {
    expect(await call("/", { method: "POST", body: "{not json" })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^ERR /) },
    });
  });

  it("runs /pipeline in order with one {result} or {error} per command", async () => {
    const k = key();
    const res = await post("/pipeline", [
      ["SET", k, "x"],
      ["INCR", k],
      ["GET", k],
    ]);
    expect(res).toEqual({
      status: 200,
      type: "application/json",
      body: [{ result: "OK" }, { error: "ERR value is not an integer or out of range" }, { result: "x" }],
    });
  });

  it("runs /multi-exec as one transaction with each command's result", async () => {
    const k = key();
    const res = await post(
      "/multi-exec",
      [
        ["INCR", k],
        ["INCR", k],
        ["GET", k],
      ],
      true,
    );
    expect(res.body).toEqual([{ result: 1 }, { result: 2 }, { result: Buffer.from("2").toString("base64") }]);
  });

  it("discards a whole /multi-exec with a single 400 error when a command is unknown", async () => {
    const k = key();
    const res = await post("/multi-exec", [["SET", k, "1"], ["NOSUCHCOMMAND"]]);
    expect(res).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^ERR unknown command/) } });
    expect((await post("/", ["EXISTS", k])).body).toEqual({ result: 0 });
  });

  it("refuses a missing or wrong token with 401, and accepts ?_token=", async () => {
    expect(await call("/get/x", { token: null })).toMatchObject({
      status: 401,
      body: { error: expect.stringMatching(/^WRONGPASS/) },
    });
    expect(await call("/get/x", { token: "wrong" })).toMatchObject({ status: 401 });
    expect(await call(`/ping?_token=${rest.token}`, { token: null })).toMatchObject({
      status: 200,
      body: { result: "PONG" },
    });
  });

  it("refuses methods other than HEAD, GET, POST and PUT with 405", async () => {
    expect((await call("/get/x", { method: "DELETE" })).status).toBe(405);
  });

  it("refuses MULTI as a single command, since its state cannot span requests", async () => {
    expect(await post("/", ["MULTI"])).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/not available/) },
    });
  });

  it("accepts Upstash's allow-key-locking script flag and keeps EVALSHA on the client's SHA", async () => {
    const script = "#!lua flags=allow-key-locking\nreturn redis.call('INCR', KEYS[1])";
    const k = key();
    const loaded = (await post("/", ["SCRIPT", "LOAD", script])).body as { result: string };

    expect(loaded.result).toBe(createHash("sha1").update(script).digest("hex"));
    expect((await post("/", ["EVALSHA", loaded.result, 1, k])).body).toEqual({ result: 1 });
    expect((await post("/", ["EVAL", script, 1, k])).body).toEqual({ result: 2 });
  });
});
