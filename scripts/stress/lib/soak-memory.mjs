// Resident memory of the server's process group over a soak (Linux /proc), and the growth verdict.
import { readdir, readFile } from "node:fs/promises";
import { median } from "../../bench/harness.mjs";

/**
 * Resident MB of the processes in group `pgid`, or null off Linux. `wrangler dev` runs two workerd
 * processes: `workerd`, the runtime that holds the Worker's isolate and its actors, and `proxy`,
 * wrangler's proxy in front of it (the one listening on `publicPort`); `total` adds wrangler's node
 * processes. `workerdPids` names both workerd processes, so a restart shows as a change.
 */
export async function groupRss(pgid, publicPort) {
  if (!pgid || process.platform !== "linux") return null;
  const rss = { workerd: 0, proxy: 0, total: 0 };
  const pids = [];
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    // a process may end between readdir and these reads: it then simply has no memory to count
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) !== pgid) continue;
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    const mb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024;
    rss.total += mb;
    if (!/^Name:\s+workerd$/m.test(status)) continue;
    pids.push(pid);
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(`entry=127.0.0.1:${publicPort}\0`)) rss.proxy += mb;
    else rss.workerd += mb;
  }
  return { ...rss, workerdPids: pids.sort().join(" ") };
}

/**
 * Samples `groupRss(pgid, publicPort)` every `everyMs` until `stop()`, which resolves to the samples
 * `{ t (s since start), phase, workerd, proxy, total, workerdPids, ...extra() }`; `phase` is
 * whatever `setPhase` last set.
 */
export function startSampler(pgid, publicPort, { everyMs = 5000, extra = () => ({}) } = {}) {
  const started = Date.now();
  const samples = [];
  let phase = "start";
  let pending = Promise.resolve();
  const take = () => {
    pending = groupRss(pgid, publicPort).then((rss) => {
      if (rss) samples.push({ t: (Date.now() - started) / 1000, phase, ...rss, ...extra() });
    });
    return pending;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    setPhase: (p) => (phase = p),
    /** Seconds since sampling started, on the samples' clock. */
    elapsed: () => (Date.now() - started) / 1000,
    async stop() {
      clearInterval(timer);
      await pending;
      await take();
      return samples;
    },
  };
}

/** Least-squares slope of `ys` against `xs` (0 with fewer than two distinct xs). */
export function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/**
 * Growth over the soak, from the samples taken between `from` and `to` (seconds on the sampler's
 * clock): medians of the first and of the last `windowS` seconds, and the fitted slope in MB/min,
 * for `key` (workerd or total).
 */
export function growth(samples, { from, to, windowS, key }) {
  const soak = samples.filter((s) => s.t >= from && s.t <= to);
  const first = soak.filter((s) => s.t < from + windowS).map((s) => s[key]);
  const last = soak.filter((s) => s.t > to - windowS).map((s) => s[key]);
  if (first.length === 0 || last.length === 0) return null;
  return {
    firstMedian: median(first),
    lastMedian: median(last),
    slopeMbPerMin: slope(
      soak.map((s) => s.t / 60),
      soak.map((s) => s[key]),
    ),
    peak: Math.max(...soak.map((s) => s[key])),
  };
}

/** How many times workerd's process ids changed between samples: each change is a restart. */
export function restarts(samples) {
  return samples.filter((s, i) => i > 0 && s.workerdPids !== samples[i - 1].workerdPids).length;
}

/** The samples as CSV, one row each; numbers rounded to 0.1. */
export function samplesCsv(samples) {
  const cols = Object.keys(samples[0] ?? { t: 0 });
  const cell = (v) => (typeof v === "number" ? String(Math.round(v * 10) / 10) : String(v));
  return [cols.join(","), ...samples.map((s) => cols.map((c) => cell(s[c])).join(","))].join("\n") + "\n";
}
