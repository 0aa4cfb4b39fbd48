import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { coverage, runCrossUserMatrix, SHARED } from "../../scripts/stress/lib/cross-user.mjs";
import worker from "../../workers/index";
import { api, BASE, signToken, uniqueId } from "../helpers/api";

/**
 * The matrix is about who sees what, not about limits (tested on their own): user A makes one of every
 * resource and reads each back, far more than the tests' 40 calls a minute, so it runs with the rate
 * limits off, as the stress suite does against `wrangler dev`.
 */
const unlimited = { ...env, RATE_LIMIT_ENABLED: "false" } as typeof env;
const fetchUnlimited = async (path: string, init?: RequestInit): Promise<Response> =>
  worker.fetch(
    new Request(BASE + path, init) as Parameters<typeof worker.fetch>[0],
    unlimited,
    createExecutionContext(),
  );

/** Opens a WebSocket through the Worker; the frames until `ready` (or a short wait) are the body. */
async function socket(path: string, token: string) {
  const res = await api(path, { token, headers: { Upgrade: "websocket" } });
  const ws = res.webSocket;
  if (res.status !== 101 || !ws) return { status: res.status, body: await res.text() };
  ws.accept();
  const frames: string[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1000);
    ws.addEventListener("message", (event) => {
      frames.push(String(event.data));
      if (String(event.data).includes('"type":"ready"')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  ws.close(1000, "matrix done");
  return { status: 101, body: frames.join("\n") };
}

describe("cross-user matrix", () => {
  it("every operation in /openapi.json answers another user 404 (admin routes 403) and no list shows A's data", async () => {
    const result = await runCrossUserMatrix({
      fetch: fetchUnlimited,
      socket,
      token: (sub, role) => signToken({ sub, role }),
      tag: uniqueId("m"),
    });
    expect(result.failures).toEqual([]);
    expect(result.covered).toBe(result.operations);
    expect(result.leaks).toBe(0);
  });

  it("fails on an operation it does not know, naming it", () => {
    const { missing } = coverage(["GET /v1/retrospects", "DELETE /v1/new-thing/{id}"]);
    expect(missing).toEqual(["DELETE /v1/new-thing/{id}"]);
  });

  it("gives every shared operation a reason", () => {
    for (const [op, { reason }] of Object.entries(SHARED)) expect(reason.length, op).toBeGreaterThan(10);
  });
});
