// What the soak's clients saw: latency per route family, and every request that did not get the
// answer a valid request should get.
import { performance } from "node:perf_hooks";
import { callJson } from "../../bench/chat-client.mjs";

export const FAMILIES = [
  "events",
  "recs",
  "catalogue",
  "retros",
  "reports",
  "resumes",
  "jobs",
  "coach",
  "notifications",
  "me",
  "live",
];

/** For the server at `url`: latencies (ms) per family and the errors, by kind; `errorSamples` keeps the first few of each kind in full. */
export function recorder(url) {
  return {
    url,
    requests: 0,
    latency: Object.fromEntries(FAMILIES.map((f) => [f, []])),
    errors: { "5xx": 0, "4xx": 0, connection: 0, timeout: 0, invalid: 0, dropped: 0 },
    /** 503s wrangler's dev proxy made up when its pooled connection to workerd broke (see below). */
    proxyDropped: 0,
    errorSamples: [],
    ok(family, ms) {
      this.requests++;
      this.latency[family].push(ms);
    },
    /** `kind` is one of the `errors` keys; `detail` says which request and what came back. */
    fail(family, ms, kind, detail) {
      this.requests++;
      if (ms !== null) this.latency[family].push(ms);
      this.errors[kind]++;
      if (this.errors[kind] <= 8) this.errorSamples.push(`${family}: ${kind}: ${detail}`);
    },
    get errorCount() {
      return Object.values(this.errors).reduce((a, b) => a + b, 0);
    },
  };
}

// wrangler dev's proxy (a worker in its own workerd) forwards each request over pooled keep-alive
// connections to the workerd that runs the Worker. When workerd closes one of them just as the
// proxy reuses it, the proxy retries a GET but answers anything else with a plain-text 503 of its
// own (wrangler-dist/ProxyWorker.js), although nothing restarted. The same race with this client's
// own keep-alive connections gave ECONNRESET; sent straight to workerd without keep-alive, the same
// mix gave no errors at all. So these 503s are counted apart from the Worker's errors.
const PROXY_503 = "Your worker restarted mid-request";
export const isProxy503 = (status, text) => status === 503 && String(text).includes(PROXY_503);

/**
 * One JSON request of route family `family`, timed from `since` (the arrival it was scheduled for,
 * so a server that falls behind shows in the latency instead of slowing the arrivals down).
 * Records it in `rec`; returns the parsed body, or null when it failed. `check(body)` returns a
 * complaint about a 2xx answer that is not what the request should get.
 */
export async function timedCall(rec, family, method, path, { token, body, since, expect = [200], check } = {}) {
  const started = since ?? performance.now();
  try {
    // a fresh connection each time, as many separate users would have, and no keep-alive race (above)
    const res = await callJson(rec.url, method, path, { token, body, headers: { connection: "close" } });
    const ms = performance.now() - started;
    if (isProxy503(res.status, res.body)) {
      rec.requests++;
      rec.proxyDropped++;
      return null;
    }
    if (!expect.includes(res.status)) {
      const kind = res.status >= 500 ? "5xx" : "4xx";
      rec.fail(family, ms, kind, `${method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      return null;
    }
    const complaint = check?.(res.body);
    if (complaint) {
      rec.fail(family, ms, "invalid", `${method} ${path}: ${complaint}`);
      return null;
    }
    rec.ok(family, ms);
    return res.body ?? {};
  } catch (error) {
    const kind = /no answer in/.test(error.message) ? "timeout" : "connection";
    rec.fail(family, null, kind, `${method} ${path}: ${error.message}`);
    return null;
  }
}
