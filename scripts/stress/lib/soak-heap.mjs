// The JavaScript heap of the Worker's isolate, read through `wrangler dev --inspector-port` (Chrome
// DevTools Protocol over WebSocket). workerd runs the Worker and all of its Durable Objects in that
// one isolate (a heap snapshot of a soak holds the Worker and all ~240 resident actors: 200
// UserActors, the coach sessions, jobs), so every map, cache, listener or stream our code keeps
// lives in this heap; what workerd allocates natively (the actors' SQLite, sockets, V8's own
// reserves) does not.
import { connectInspector, freePort } from "../../lib/inspector.mjs";

export { freePort };

/**
 * Connects to the Worker's inspector at `port`. `liveMb()` forces a full garbage collection and
 * returns the heap still in use (MB): what is reachable, so garbage not yet collected does not count.
 * The collection stops the isolate for a moment (tens of ms at these heap sizes).
 */
export async function workerHeap(port, { timeoutMs = 30_000 } = {}) {
  const { send, close } = await connectInspector(port, { timeoutMs });
  await send("HeapProfiler.enable");
  return {
    async liveMb() {
      await send("HeapProfiler.collectGarbage");
      const usage = await send("Runtime.getHeapUsage");
      return usage.usedSize / 1048576;
    },
    close,
  };
}
