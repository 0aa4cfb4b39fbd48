import { describe, expect, it } from "vitest";
import { api, expectProblem, newUser } from "../helpers/api";

const notify = (token: string, key: string, title = "once") =>
  api("/v1/stream/test", { method: "POST", token, json: { title }, headers: { "Idempotency-Key": key } });

const replayCount = async (token: string) =>
  ((await (await api("/v1/stream/replay?since=0", { token })).json()) as { items: unknown[] }).items.length;

describe("Idempotency-Key", () => {
  it("a replayed key returns the first result and changes nothing", async () => {
    const { token } = await newUser();
    const first = await notify(token, "key-1");
    const second = await notify(token, "key-1");
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await replayCount(token)).toBe(1);
  });

  it("different keys are different requests", async () => {
    const { token } = await newUser();
    await notify(token, "a");
    await notify(token, "b");
    expect(await replayCount(token)).toBe(2);
  });

  it("the same key with a different body is a 422", async () => {
    const { token } = await newUser();
    await notify(token, "k", "first");
    await expectProblem(await notify(token, "k", "second"), 422);
    expect(await replayCount(token)).toBe(1);
  });

  it("keys belong to one user", async () => {
    const [a, b] = [await newUser(), await newUser()];
    await notify(a.token, "shared");
    const res = await notify(b.token, "shared");
    expect(res.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await replayCount(b.token)).toBe(1);
  });

  it("a failed request releases its key so a corrected retry with the same key runs", async () => {
    const { token } = await newUser();
    await expectProblem(await notify(token, "fix-me", ""), 400);
    const corrected = await notify(token, "fix-me", "now valid");
    expect(corrected.status).toBe(202);
    expect(corrected.headers.get("Idempotent-Replayed")).toBeNull();
    expect(await replayCount(token)).toBe(1);
  });

  it("rejects a malformed key", async () => {
    const { token } = await newUser();
    await expectProblem(await notify(token, "has spaces in it"), 400);
  });
});
