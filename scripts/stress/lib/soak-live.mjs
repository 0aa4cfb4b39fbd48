// Live channels held by some users during the soak: `count` sockets open at a time, each closed
// after a random 20–60 s and replaced by another user's, so opens and closes run all through.
import { performance } from "node:perf_hooks";
import { openLive } from "../../bench/jobs-clients.mjs";

const LIFETIME_MS = [20_000, 60_000];

/**
 * Holds `count` of `users` (`[{ id, token }]`) on `GET /v1/stream`. Each open (until `ready`) is a
 * request of the `live` family in `owner.rec`; a socket the server closes or breaks is an error.
 * `pushes` counts the messages received by type.
 */
export function liveSockets(url, users, count, random, owner) {
  const open = new Map();
  const pushes = {};
  const timers = new Set();
  let running = true;
  let opened = 0;

  async function openOne() {
    const free = users.filter((u) => !open.has(u.id));
    if (!running || free.length === 0) return;
    const user = free[Math.floor(random() * free.length)];
    open.set(user.id, null);
    const started = performance.now();
    let live;
    try {
      live = await openLive(url, user.token, 30_000);
    } catch (error) {
      open.delete(user.id);
      owner.rec.fail("live", null, /in time/.test(error.message) ? "timeout" : "connection", `open: ${error.message}`);
      return later(openOne, 1000);
    }
    owner.rec.ok("live", performance.now() - started);
    opened++;
    if (!running) {
      open.delete(user.id);
      return live.ws.close(1000);
    }
    const entry = { ws: live.ws, closing: false };
    open.set(user.id, entry);
    live.ws.on("message", (raw) => {
      const { type } = JSON.parse(raw.toString());
      if (type !== "ready" && type !== "pong") pushes[type] = (pushes[type] ?? 0) + 1;
    });
    live.ws.on("close", (code) => {
      open.delete(user.id);
      if (!entry.closing) {
        owner.rec.fail("live", null, "connection", `socket of ${user.id} closed by the server (${code})`);
        later(openOne, 0);
      }
    });
    live.ws.on("error", (error) => owner.rec.fail("live", null, "connection", `socket: ${error.message}`));
    const lifetime = LIFETIME_MS[0] + random() * (LIFETIME_MS[1] - LIFETIME_MS[0]);
    later(() => {
      entry.closing = true;
      live.ws.close(1000);
      return openOne();
    }, lifetime);
  }

  function later(fn, ms) {
    if (!running) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  for (let i = 0; i < count; i++) openOne();
  return {
    pushes,
    get opened() {
      return opened;
    },
    get openNow() {
      return [...open.values()].filter(Boolean).length;
    },
    /** Closes every socket and opens no more. */
    async stop() {
      running = false;
      for (const t of timers) clearTimeout(t);
      const closing = [...open.values()].filter(Boolean);
      for (const entry of closing) entry.closing = true;
      await Promise.all(
        closing.map(
          (e) =>
            new Promise((resolve) => {
              e.ws.once("close", resolve);
              e.ws.close(1000);
              // a close handshake the server never finishes must not hold the run
              setTimeout(() => (e.ws.terminate(), resolve()), 5000).unref();
            }),
        ),
      );
    },
  };
}
