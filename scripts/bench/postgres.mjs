// A throwaway PostgreSQL for the archive benchmark: the same cluster as test/helpers/setup-postgres.ts
// (trust auth, durability off, a free port, a data dir under the temp dir), which Node cannot import
// because it is TypeScript. Also reads the counters the bench samples while it loads the server.
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { migratePostgres } from "../db-migrate-pg.mjs";
import { freePort } from "../lib/free-port.mjs";

/** The newest PostgreSQL server binaries in Debian's layout, or undefined. */
function serverBinaries() {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  return readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a))
    .map((major) => path.join(root, major, "bin"))
    .find((bin) => ["initdb", "pg_ctl", "postgres"].every((tool) => existsSync(path.join(bin, tool))));
}

// initdb and postgres refuse to run as root: as root they run as the `postgres` user
const asRoot = process.getuid?.() === 0;

function runAsServer(bin, args) {
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const result = spawnSync(command, argv, { encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0)
    throw new Error(`${path.basename(bin)} failed: ${result.error?.message ?? ""}${result.stderr}${result.stdout}`);
}

/**
 * Starts a migrated cluster. Returns `{ url, sql, stop, cpuSeconds }`: `url` carries a password because
 * miniflare refuses a Hyperdrive connection string without one (trust auth ignores it), `sql` is a
 * postgres.js client for the bench's own reads, and `cpuSeconds()` the CPU the postmaster and its
 * backends have used so far (Linux /proc).
 */
export async function startPostgres() {
  const bin = serverBinaries();
  if (!bin)
    throw new Error("no PostgreSQL server binaries in /usr/lib/postgresql/<major>/bin (apt-get install postgresql)");
  const dir = mkdtempSync(path.join(tmpdir(), "edge-coach-bench-pg-"));
  if (asRoot) {
    const id = (flag) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  const tool = (name) => path.join(bin, name);
  runAsServer(tool("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]);
  // durability off, as in the tests: the figure is the archive path's, not this VM's disk flushes
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements`;
  runAsServer(tool("pg_ctl"), ["start", "-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-s"]);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await sql?.end({ timeout: 5 }).catch(() => {});
    runAsServer(tool("pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-s"]);
    rmSync(dir, { recursive: true, force: true });
  };
  // an interrupted run must not leave a server behind
  process.once("exit", () => {
    if (!stopped) runAsServer(tool("pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-s"]);
  });
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  let sql;
  try {
    await migratePostgres(url);
    sql = postgres(url, { max: 1, onnotice: () => {} });
    // per-statement server time: how long each archive batch's INSERT takes inside Postgres
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`;
  } catch (error) {
    await stop();
    throw error;
  }
  const postmaster = Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
  return { url, sql, stop, cpuSeconds: () => clusterCpuSeconds(postmaster) };
}

/** CPU seconds of the postmaster and its children (backends, walwriter, …), from /proc. */
function clusterCpuSeconds(postmaster) {
  let ticks = 0;
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue; // exited meanwhile
    }
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime stime cutime cstime: an exited backend's time moves into the postmaster's cutime
    if (Number(pid) === postmaster || Number(f[1]) === postmaster)
      ticks += f.slice(11, 15).reduce((a, b) => a + Number(b), 0);
  }
  return ticks / 100; // USER_HZ
}

/**
 * Rows in `user_actions`, and the archive's INSERT statements so far: how many ran, the rows they
 * wrote and their total execution time inside Postgres (pg_stat_statements), for the time per batch.
 */
export async function archiveCounters(sql) {
  const [{ rows }] = await sql`SELECT count(*)::int AS rows FROM user_actions`;
  const [stats] = await sql`
    SELECT coalesce(sum(calls), 0)::bigint AS calls, coalesce(sum(rows), 0)::bigint AS inserted,
      coalesce(sum(total_exec_time), 0)::float8 AS ms
    FROM pg_stat_statements WHERE query ILIKE '%insert into "user_actions"%'`;
  return { rows, inserts: Number(stats.calls), inserted: Number(stats.inserted), insertMs: stats.ms };
}
