// `npm run db:backfill:pg`: a local D1 (migrated by wrangler itself) with day totals, a throwaway
// PostgreSQL migrated by `db:migrate:pg`, and the script in between, paging in small pages.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { backfillActivityDays } from "../../scripts/db-backfill-pg.mjs";
import { startPostgres } from "../../scripts/bench/postgres.mjs";
import { wrangler } from "../../scripts/lib/wrangler.mjs";

const hasPostgres = existsSync("/usr/lib/postgresql");
if (!hasPostgres && process.env.REQUIRE_POSTGRES === "1")
  throw new Error("REQUIRE_POSTGRES=1 but there is no PostgreSQL in /usr/lib/postgresql");

const grid = (minutes) => JSON.stringify(Array.from({ length: 240 }, (_, i) => (i === 90 ? minutes : 0)));
const day = (userId, d, work, updatedAt) =>
  `('${userId}', '${d}', 'Asia/Seoul', '{"work":${work},"sleep":420}', '${grid(work)}', ${work > 100 ? 1 : 0}, ${updatedAt})`;

describe("db:backfill:pg", { skip: hasPostgres ? false : "no PostgreSQL in /usr/lib/postgresql" }, () => {
  let persistTo;
  let pg;
  before(async () => {
    persistTo = await mkdtemp(join(tmpdir(), "edge-coach-backfill-"));
    wrangler(["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo]);
    const rows = [
      day("김하늘", "2026-11-30", 300, 1_000),
      day("김하늘", "2026-12-01", 200, 1_000),
      day("ada", "2026-12-01", 90, 1_000),
      day("ada", "2026-12-02", 480, 1_000),
      day("ada", "2026-12-03", 60, 1_000),
    ];
    wrangler([
      "d1",
      "execute",
      "DB",
      "--local",
      "--persist-to",
      persistTo,
      "--command",
      `INSERT INTO activity_days (user_id, day, tz, minutes, hours, exercise, updated_at) VALUES ${rows.join(", ")}`,
    ]);
    pg = await startPostgres();
    // the consumer already wrote a newer summary of one day: the backfill must not take it back
    await pg.sql`INSERT INTO activity_days (user_id, day, tz, minutes, hours, exercise, updated_at)
      VALUES ('ada', '2026-12-02', 'Asia/Seoul', ${JSON.stringify({ work: 500 })}::text::jsonb,
        ${grid(500)}::text::jsonb, true, ${new Date(5_000).toISOString()})`;
  });
  after(async () => {
    await pg?.stop();
    await rm(persistTo, { recursive: true, force: true });
  });

  it("copies every day in pages, keeps newer rows, and changes nothing when run again", async () => {
    const first = await backfillActivityDays({ url: pg.url, persistTo, limit: 2 });
    assert.deepEqual(first, { read: 5, written: 4 });
    const rows = await pg.sql`
      SELECT user_id, to_char(day, 'YYYY-MM-DD') AS day, tz, minutes ->> 'work' AS work, exercise, hours -> 90 AS hour9
      FROM activity_days ORDER BY user_id, day`;
    assert.deepEqual(
      rows.map((r) => [r.user_id, r.day, r.tz, Number(r.work), r.exercise, Number(r.hour9)]),
      [
        ["ada", "2026-12-01", "Asia/Seoul", 90, false, 90],
        ["ada", "2026-12-02", "Asia/Seoul", 500, true, 500],
        ["ada", "2026-12-03", "Asia/Seoul", 60, false, 60],
        ["김하늘", "2026-11-30", "Asia/Seoul", 300, true, 300],
        ["김하늘", "2026-12-01", "Asia/Seoul", 200, true, 200],
      ],
    );
    assert.deepEqual(await backfillActivityDays({ url: pg.url, persistTo, limit: 2 }), { read: 5, written: 0 });
  });
});
