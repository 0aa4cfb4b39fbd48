import DataLoader from "dataloader";
import type { Context } from "hono";
import type { Post } from "../../schemas/social";
import { userOf, type AppBindings } from "../api/types";
import { postsByIds } from "../services/social/posts";

/**
 * Per-request batch loaders: every field resolved per item goes through one, so a request reads a fixed
 * number of times however many items it names. Made per request (the viewer is part of what they load).
 */
export type Loaders = {
  /** The posts the caller may see, by id (null: not visible to them, or not there). */
  post: DataLoader<string, Post | null>;
};

export function createLoaders(c: Context<AppBindings>): Loaders {
  return {
    post: new DataLoader<string, Post | null>(
      async (ids) => {
        const found = await postsByIds(c.env, userOf(c).id, [...ids]);
        return ids.map((id) => found.get(id) ?? null);
      },
      // postsByIds reads 100 ids per statement; the loader hands it everything one tick asked for
      { maxBatchSize: 500 },
    ),
  };
}
