#!/usr/bin/env node
// `npm run db:backfill:pg -- --local|--remote [--persist-to <dir>] [--page 500]`: copies D1's
// `activity_days` into the Postgres in DATABASE_URL. Run it once when you turn the archive on: from then
// on the consumer writes every day summary to both, but label insights, matches and growth reports read
// Postgres, so the days logged before would be missing there. Safe to run again and while the consumer
// writes: a row changes only for a newer summary (the consumer's own rule), so nothing goes backwards.
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { offlineEnv, root, wranglerBin } from "./lib/wrangler.mjs";

/** One page of D1 rows after (userId, day), through `wrangler d1 execute --json`. */
function d1Page({ target, persistTo, after, limit }) {
  const where = after ? `WHERE (user_id, day) > ('${quote(after.userId)}', '${quote(after.day)}')` : "";
  const command =
    `SELECT user_id, day, tz, minutes, hours, exercise, updated_at FROM activity_days ${where} ` +
    `ORDER BY user_id, day LIMIT ${limit}`;
  const args = ["d1", "execute", "DB", target, "--json", "--command", command];
  if (persistTo) args.push("--persist-to", persistTo);
  // a remote database needs the network and an account; a local one must not try either
  const env = target === "--remote" ? process.env : offlineEnv;
  const result = spawnSync(wranglerBin, args, { cwd: root, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`wrangler d1 execute failed:\n${result.stdout}${result.stderr}`);
  return JSON.parse(result.stdout)[0].results;
}

/** SQLite string literal body (the only values spliced are ids and days read from D1 itself). */
const quote = (text) => String(text).replaceAll("'", "''");

/** Copies every row; returns how many were read and how many changed a row in Postgres. */
export async function backfillActivityDays({ url, target = "--local", persistTo, limit = 500, log = () => {} }) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let read = 0;
  let written = 0;
  try {
    for (let after = null; ;) {
      const rows = d1Page({ target, persistTo, after, limit });
      if (rows.length === 0) break;
      const page = rows.map((r) => ({
        user_id: r.user_id,
        day: r.day,
        tz: r.tz,
        minutes: JSON.parse(r.minutes),
        hours: JSON.parse(r.hours),
        exercise: r.exercise === 1,
        updated_at: new Date(r.updated_at).toISOString(),
      }));
      const result = await sql`
        INSERT INTO activity_days (user_id, day, tz, minutes, hours, exercise, updated_at)
        SELECT user_id, day::date, tz, minutes, hours, exercise, updated_at
        FROM json_to_recordset(${JSON.stringify(page)}::text::json) AS r(user_id text, day text, tz text,
          minutes jsonb, hours jsonb, exercise boolean, updated_at timestamptz)
        ON CONFLICT (user_id, day) DO UPDATE SET tz = excluded.tz, minutes = excluded.minutes,
          hours = excluded.hours, exercise = excluded.exercise, updated_at = excluded.updated_at
        WHERE activity_days.updated_at < excluded.updated_at`;
      read += rows.length;
      written += result.count;
      log(`${read} rows read, ${written} written`);
      if (rows.length < limit) break;
      const last = rows.at(-1);
      after = { userId: last.user_id, day: last.day };
    }
  } finally {
    await sql.end();
  }
  return { read, written };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      local: { type: "boolean" },
      remote: { type: "boolean" },
      "persist-to": { type: "string" },
      page: { type: "string", default: "500" },
    },
  });
  const url = process.env.DATABASE_URL;
  if (!url || values.local === values.remote) {
    console.error(
      "usage: DATABASE_URL=postgres://… npm run db:backfill:pg -- --local|--remote [--persist-to <dir>] [--page 500]",
    );
    process.exit(2);
  }
  const { read, written } = await backfillActivityDays({
    url,
    target: values.remote ? "--remote" : "--local",
    persistTo: values["persist-to"],
    limit: Number(values.page),
    log: (line) => process.stdout.write(`\r${line}`),
  });
  console.log(`\nactivity_days: ${read} rows read from D1, ${written} written to Postgres`);
}
