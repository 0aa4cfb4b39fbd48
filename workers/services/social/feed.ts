import { z } from "zod";
import type { Post } from "../../../schemas/social";
import { encodeCursor } from "../../domain/cursor";
import { FEED_SNAPSHOT_TTL_SECONDS, FEED_SOURCE_LIMITS, rankCandidates } from "../../domain/social/rank";
import type { AppEnv } from "../../env";
import { ValidationError } from "../../errors";
import { feedCandidates } from "../../ports/db/feed";
import { cursorOf } from "./cursor";
import { postsByIds } from "./posts";

const FeedCursorSchema = z.object({ k: z.string().regex(/^[0-9a-f-]{36}$/), o: z.number().int().min(0) });
const snapshotKey = (viewerId: string, key: string) => `feed:${viewerId}:${key}`;

/**
 * The viewer's feed, ranked by stored score (domain/social/rank.ts). The first page ranks every candidate
 * once and keeps that ordered list of ids in KV for an hour under a random key; the cursor names the key
 * and an offset, so later pages walk the same list: posts written or reactions added meanwhile neither
 * repeat nor skip an item. Each page's posts are loaded again with the visibility rule, so a post deleted,
 * made unreadable or hidden by an unfollow since the first page is left out (a page may then be short).
 */
export async function feedPage(
  env: AppEnv,
  viewerId: string,
  page: { limit: number; cursor?: string },
): Promise<{ items: Post[]; nextCursor: string | null }> {
  const cursor = cursorOf(page.cursor, FeedCursorSchema);
  let ids: string[];
  let key: string;
  let offset = 0;
  if (cursor === undefined) {
    ids = rankCandidates(await feedCandidates(env, viewerId, FEED_SOURCE_LIMITS));
    key = crypto.randomUUID();
    if (ids.length > page.limit)
      await env.CACHE.put(snapshotKey(viewerId, key), JSON.stringify(ids), {
        expirationTtl: FEED_SNAPSHOT_TTL_SECONDS,
      });
  } else {
    key = cursor.k;
    offset = cursor.o;
    const stored = await env.CACHE.get<string[]>(snapshotKey(viewerId, key), "json");
    if (stored === null)
      throw new ValidationError("the feed cursor has expired; read the feed again from its first page", [
        { path: "cursor", message: "expired cursor" },
      ]);
    ids = stored;
  }
  const slice = ids.slice(offset, offset + page.limit);
  const posts = await postsByIds(env, viewerId, slice);
  const next = offset + page.limit;
  return {
    items: slice.flatMap((id) => posts.get(id) ?? []),
    nextCursor: next < ids.length ? encodeCursor({ k: key, o: next }) : null,
  };
}
