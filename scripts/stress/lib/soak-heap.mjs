// The JavaScript heap of the Worker's isolate, read through `wrangler dev --inspector-port` (Chrome
// DevTools Protocol over WebSocket). workerd runs the Worker and all of its Durable Objects in that
// one isolate (a heap snapshot of a soak holds the Worker and all ~240 resident actors: 200
// UserActors, the coach sessions, jobs), so every map, cache, listener or stream our code keeps
// lives in this heap; what workerd allocates natively (the actors' SQLite, sockets, V8's own
// reserves) does not.
import { createServer } from "node:net";
import WebSocket from "ws";

/** A free TCP port on 127.0.0.1, for `--inspector-port`. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Connects to the Worker's inspector at `port`. `liveMb()` forces a full garbage collection and
 * returns the heap still in use (MB): what is reachable, so garbage not yet collected does not count.
 * The collection stops the isolate for a moment (tens of ms at these heap sizes).
 */
export async function workerHeap(port, { timeoutMs = 30_000 } = {}) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(5000) })).json();
  const target = targets.find((t) => t.webSocketDebuggerUrl);
  if (!target) throw new Error(`no inspector target at port ${port}: ${JSON.stringify(targets)}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  let id = 0;
  const pending = new Map();
  ws.on("message", (data) => {
    const msg = JSON.parse(data.toString());
    const done = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!done) return;
    pending.delete(msg.id);
    if (msg.error) done.reject(new Error(`inspector: ${JSON.stringify(msg.error)}`));
    else done.resolve(msg.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const n = ++id;
      const timer = setTimeout(() => {
        pending.delete(n);
        reject(new Error(`inspector: no answer to ${method} in ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(n, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  await send("HeapProfiler.enable");
  return {
    async liveMb() {
      await send("HeapProfiler.collectGarbage");
      const usage = await send("Runtime.getHeapUsage");
      return usage.usedSize / 1048576;
    },
    close: () => ws.close(),
  };
}
