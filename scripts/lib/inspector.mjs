// The Worker's isolate through `wrangler dev --inspector-port` (Chrome DevTools Protocol over
// WebSocket). workerd runs the Worker and all of its Durable Objects in that one isolate, so a heap
// or CPU profile taken here covers the routes, the queue consumer and every actor.
import { freePort } from "./free-port.mjs";
import WebSocket from "ws";

export { freePort };

/** Connects to the Worker's inspector at `port`: `send(method, params)` answers a CDP command. */
export async function connectInspector(port, { timeoutMs = 30_000 } = {}) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(5000) })).json();
  const target = targets.find((t) => t.webSocketDebuggerUrl);
  if (!target) throw new Error(`no inspector target at port ${port}: ${JSON.stringify(targets)}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 1 << 30 });
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
  return { send, close: () => ws.close() };
}
