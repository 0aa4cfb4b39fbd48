import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migratePostgres } from "../../scripts/db-migrate-pg.mjs";
import { freePort } from "../../scripts/lib/free-port.mjs";

/**
 * A throwaway PostgreSQL for the archive tests (issue #18): vitest.config.mts calls `planPostgres()` at
 * load time, because the HYPERDRIVE binding needs its connection string before any global setup runs;
 * this global setup then starts the cluster on that port, applies migrations/pg and stops it at the end.
 */

/** Hands the planned address from the config to the global setup (both run in vitest's main process). */
const PLANNED = "EDGE_COACH_TEST_POSTGRES_URL";

/** The newest PostgreSQL server binaries in Debian's layout (`/usr/lib/postgresql/<major>/bin`). */
function serverBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry))
    .sort((a, b) => Number(b) - Number(a));
  return majors
    .map((major) => path.join(root, major, "bin"))
    .find((bin) => ["initdb", "pg_ctl", "postgres"].every((tool) => existsSync(path.join(bin, tool))));
}

/** The URL the archive tests' Postgres will listen on, or undefined when no server binaries exist. */
export async function planPostgres(): Promise<string | undefined> {
  if (process.env[PLANNED]) return process.env[PLANNED];
  if (!serverBinaries()) return undefined;
  process.env[PLANNED] = `postgres://postgres:postgres@127.0.0.1:${await freePort()}/postgres`;
  return process.env[PLANNED];
}

/** initdb and postgres refuse to run as root: as root they run as the `postgres` user. */
function runAsServer(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  const result = spawnSync(command, argv, { encoding: "utf8", timeout: 30_000 });
  if (result.status !== 0)
    throw new Error(`${path.basename(bin)} failed: ${result.error?.message ?? ""}${result.stderr}${result.stdout}`);
}

function ownedDirectory(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "edge-coach-pg-"));
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  return dir;
}

export default async function setup(_project: TestProject) {
  const url = process.env[PLANNED];
  const bin = serverBinaries();
  if (!url || !bin) {
    const why = "no PostgreSQL server binaries in /usr/lib/postgresql/<major>/bin (apt-get install postgresql)";
    if (process.env.REQUIRE_POSTGRES === "1") throw new Error(`REQUIRE_POSTGRES=1 but ${why}`);
    console.warn(`Postgres archive tests skipped: ${why}`);
    return () => {};
  }
  const dir = ownedDirectory();
  const data = path.join(dir, "data");
  const port = new URL(url).port;
  const tool = (name: string) => path.join(bin, name);
  runAsServer(tool("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"]);
  // a throwaway cluster: durability off makes start, migration and inserts fast
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  runAsServer(tool("pg_ctl"), ["start", "-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-s"]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    runAsServer(tool("pg_ctl"), ["stop", "-D", data, "-m", "immediate", "-s"]);
    rmSync(dir, { recursive: true, force: true });
  };
  // a crashed or interrupted run must not leave a server behind
  process.once("exit", stop);
  try {
    await migratePostgres(url);
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}
