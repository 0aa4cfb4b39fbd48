import { evictDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { actorOf, api, BASE, expectProblem, newUser } from "../helpers/api";
import { wrapSocket, type TestSocket } from "../helpers/sockets";

async function connect(
  token: string,
  { via = "query", since }: { via?: "query" | "protocol"; since?: number } = {},
): Promise<TestSocket> {
  const params = new URLSearchParams();
  if (via === "query") params.set("token", token);
  if (since !== undefined) params.set("since", String(since));
  const headers: Record<string, string> = { Upgrade: "websocket" };
  if (via === "protocol") headers["Sec-WebSocket-Protocol"] = `edge-coach.v1, ${token}`;
  const res = await api(`/v1/stream?${params}`, { headers });
  expect(res.status).toBe(101);
  const socket = wrapSocket(res);
  await socket.next("ready");
  return socket;
}

describe("GET /v1/stream", () => {
  it("a push reaches two sockets of the same user and not another user's", async () => {
    const alice = await newUser();
    const bob = await newUser();
    const [a1, a2, b1] = [
      await connect(alice.token),
      await connect(alice.token, { via: "protocol" }),
      await connect(bob.token),
    ];
    const result = await actorOf(alice.id).push("notification", { title: "가격 인하", body: "price drop" });
    expect(result.delivered).toBe(2);
    for (const socket of [a1, a2]) {
      expect(await socket.next("notification")).toMatchObject({ id: result.id, data: { title: "가격 인하" } });
    }
    await actorOf(bob.id).push("timeline.updated", { day: "2026-11-23" });
    expect((await b1.next()).type).toBe("timeline.updated");
    expect(b1.received.some((m) => m.type === "notification")).toBe(false);
    [a1, a2, b1].forEach((s) => s.close());
  });

  it("echoes the edge-coach.v1 subprotocol and never the token", async () => {
    const { token } = await newUser();
    const res = await api("/v1/stream", {
      headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": `edge-coach.v1, ${token}` },
    });
    expect(res.headers.get("Sec-WebSocket-Protocol")).toBe("edge-coach.v1");
    wrapSocket(res).close();
  });

  it("replays the messages a reconnecting client missed", async () => {
    const user = await newUser();
    const first = await actorOf(user.id).push("job.progress", { progress: 10 });
    await actorOf(user.id).push("job.progress", { progress: 50 });
    await actorOf(user.id).push("job.done", { ok: true });
    const socket = await connect(user.token, { since: first.id });
    expect(socket.received.filter((m) => m.type !== "ready").map((m) => m.type)).toEqual(["job.progress", "job.done"]);
    socket.close();
  });

  it("replays on request over an open socket", async () => {
    const user = await newUser();
    await actorOf(user.id).push("notification", { n: 1 });
    const socket = await connect(user.token);
    socket.ws.send(JSON.stringify({ type: "resume", since: 0 }));
    expect(await socket.next("notification")).toMatchObject({ data: { n: 1 } });
    socket.close();
  });

  it("answers ping with pong", async () => {
    const socket = await connect((await newUser()).token);
    socket.ws.send(JSON.stringify({ type: "ping" }));
    expect((await socket.next("pong")).type).toBe("pong");
    socket.close();
  });

  it("answers a client's close with its code, and a close without a status with 1000", async () => {
    const closed = (socket: TestSocket) =>
      new Promise<number>((resolve) => socket.ws.addEventListener("close", (e) => resolve(e.code)));
    const user = await newUser();
    const [withCode, withoutStatus] = [await connect(user.token), await connect(user.token)];
    const answers = [closed(withCode), closed(withoutStatus)];
    withCode.ws.close(4000, "leaving");
    withoutStatus.ws.close();
    expect(await Promise.all(answers)).toEqual([4000, 1000]);
  });

  it("keeps delivering after the actor hibernates", async () => {
    const user = await newUser();
    const socket = await connect(user.token);
    await evictDurableObject(actorOf(user.id), { webSockets: "hibernate" });
    await actorOf(user.id).push("recommendations.updated", { count: 3 });
    expect(await socket.next("recommendations.updated")).toMatchObject({ data: { count: 3 } });
    socket.close();
  });

  it("answers 426 problem+json without an Upgrade header", async () => {
    const { token } = await newUser();
    const res = await api("/v1/stream", { token });
    await expectProblem(res, 426);
    expect(res.headers.get("Upgrade")).toBe("websocket");
  });

  it.each([
    ["no key", {}, "Sec-WebSocket-Key"],
    ["a key that is not 16 base64 bytes", { "Sec-WebSocket-Key": "not-a-key" }, "Sec-WebSocket-Key"],
    [
      "version 8",
      { "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "8" },
      "Sec-WebSocket-Version",
    ],
  ])("answers 400 problem+json to a handshake with %s, before the actor", async (_, extra, path) => {
    const { token } = await newUser();
    const headers = {
      Authorization: `Bearer ${token}`,
      Upgrade: "websocket",
      "CF-Connecting-IP": "192.0.2.77",
      ...extra,
    };
    // called directly: the api() helper adds the key every real client sends
    const res = await exports.default.fetch(new Request(`${BASE}/v1/stream`, { headers }));
    expect((await expectProblem(res, 400)).errors?.[0]?.path).toBe(path);
  });

  it("answers 401 to an upgrade without a token", async () => {
    await expectProblem(await api("/v1/stream", { headers: { Upgrade: "websocket" } }), 401);
  });
});

describe("POST /v1/stream/test and GET /v1/stream/replay", () => {
  it("pushes a notification to the caller and keeps it for replay", async () => {
    const { token } = await newUser();
    const socket = await connect(token);
    const res = await api("/v1/stream/test", { method: "POST", token, json: { title: "안녕하세요", body: "hello" } });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ delivered: 1 });
    expect(await socket.next("notification")).toMatchObject({ data: { title: "안녕하세요" } });
    const replay = (await (await api("/v1/stream/replay?since=0", { token })).json()) as { items: { type: string }[] };
    expect(replay.items.map((m) => m.type)).toEqual(["notification"]);
    socket.close();
  });

  it("keeps only the configured number of messages for replay", async () => {
    const user = await newUser();
    for (let i = 0; i < 205; i++) await actorOf(user.id).push("job.progress", { i });
    const replay = (await (await api("/v1/stream/replay?since=0", { token: user.token })).json()) as {
      items: { data: { i: number } }[];
    };
    expect(replay.items).toHaveLength(200);
    expect(replay.items[0]!.data.i).toBe(5);
  });
});

describe("live channel input", () => {
  it("answers 400 to an upgrade with a malformed since", async () => {
    const { token } = await newUser();
    const body = await expectProblem(
      await api(`/v1/stream?token=${token}&since=abc`, { headers: { Upgrade: "websocket" } }),
      400,
    );
    expect(body.errors?.[0]?.path).toBe("since");
  });

  it("documents since as a plain integer query parameter", async () => {
    const doc = (await (await api("/openapi.json")).json()) as {
      paths: Record<string, { get: { parameters: { name: string; schema: { type: unknown } }[] } }>;
    };
    const since = doc.paths["/v1/stream/replay"]!.get.parameters.find((p) => p.name === "since");
    expect(since?.schema.type).toBe("integer");
  });
});
