/**
 * Feed rank. Newer is higher; reactions and approved comments add a boost worth a fixed amount of age:
 * score = created_seconds / 45,000 + log10(1 + reactions + 2 · comments). One point is 12.5 hours, so a
 * post with 9 reactions ranks like an unreacted post 12.5 hours newer, and 99 like one 25 hours newer.
 * The score is stored (posts.score) and changed in the same D1 batch as the counters, so a page's order
 * never depends on when it is read.
 *
 * D1 does not allow SQLite's math functions (log10 is "not authorized"), so the logarithm is a
 * piecewise-linear curve through log10 at 1, 1.5, 2, 3, 4, 5 and 7 of every decade (off by less than
 * 0.02), written once here as numbers and used both by `postScore` and by the SQL (`scoreSql`): the two
 * compute the same doubles in the same order.
 */
export const SCORE_MS_PER_POINT = 45_000_000;

const MULTIPLES = [1, 1.5, 2, 3, 4, 5, 7];
/** Up to 10^8 reactions-and-comments; beyond it the boost stays at 8. */
const DECADES = 8;
const POINTS: { x: number; y: number; slope: number }[] = (() => {
  const xs = [...Array.from({ length: DECADES }, (_, d) => MULTIPLES.map((m) => m * 10 ** d)).flat(), 10 ** DECADES];
  return xs.slice(0, -1).map((x, i) => {
    const next = xs[i + 1]!;
    return { x, y: Math.log10(x), slope: (Math.log10(next) - Math.log10(x)) / (next - x) };
  });
})();

/** log10(x) for x ≥ 1 along the curve above. */
export function logBoost(x: number): number {
  if (x >= 10 ** DECADES) return DECADES;
  let point = POINTS[0]!;
  for (const p of POINTS) if (x >= p.x) point = p;
  return point.y + (x - point.x) * point.slope;
}

export function postScore(createdAtMs: number, reactions: number, comments: number): number {
  return createdAtMs / SCORE_MS_PER_POINT + logBoost(1 + reactions + 2 * comments);
}

/** `postScore` over a row's columns, as SQL (the same constants, the same order of operations). */
export function scoreSql(createdAt: string, reactions: string, comments: string): string {
  const x = `(1 + ${reactions} + 2 * ${comments})`;
  const branches = [...POINTS]
    .reverse()
    .map((p) => `WHEN ${x} >= ${p.x} THEN ${p.y} + (${x} - ${p.x}) * ${p.slope}`)
    .join(" ");
  return `(${createdAt} / ${SCORE_MS_PER_POINT}.0 + CASE WHEN ${x} >= ${10 ** DECADES} THEN ${DECADES}.0 ${branches} ELSE 0.0 END)`;
}

/**
 * Fan-out on write up to this many followers: a post by someone with at most this many followers is
 * copied into each follower's inbox in the post's own D1 batch (one INSERT … SELECT over the follows
 * index, so at most 1,000 small rows written with the post, well inside one statement's budget). Above it
 * the post is written once (to the author's outbox row) and read by followers on the fly (fan-in), so a
 * popular author's post never writes thousands of rows and a follower pays one indexed probe per
 * followed popular author instead.
 */
export const FANOUT_MAX_FOLLOWERS = 1_000;

/**
 * How many candidates a feed snapshot holds (later pages walk this list), and how many of each source:
 * at most 500, 25 pages of 20, so a first page reads and ranks a bounded few hundred rows (the social
 * bench: 1,000 candidates cost a first page 32 ms of server CPU). Past the snapshot the feed ends and
 * asks to be read again from the top, which then brings what arrived meanwhile.
 */
export const FEED_SNAPSHOT_MAX = 500;
export const FEED_SOURCE_LIMITS = { inbox: 200, fanIn: 100, own: 50, labels: 100, popular: 50 } as const;
/** How long a feed snapshot (and so its cursor) lives. */
export const FEED_SNAPSHOT_TTL_SECONDS = 3_600;

/** Candidates by score, highest first, ties by id (descending); duplicates dropped; at most `max`. */
export function rankCandidates(rows: { id: string; score: number }[], max = FEED_SNAPSHOT_MAX): string[] {
  const best = new Map<string, number>();
  for (const r of rows) best.set(r.id, r.score);
  return [...best]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0))
    .slice(0, max)
    .map(([id]) => id);
}
