import type { ReactionResult, ReactionType } from "../../../schemas/social";
import type { AppEnv } from "../../env";
import { NotFoundError } from "../../errors";
import { setReaction } from "../../ports/db/reactions";
import { proOnly } from "./posts";

/** Adds the user's reaction of `type` (idempotent); 404 for a post they may not see. */
export function react(env: AppEnv, userId: string, postId: string, type: ReactionType): Promise<ReactionResult> {
  return change(env, userId, postId, type, true);
}

/** Removes the user's reaction of `type` (idempotent); 404 for a post they may not see. */
export function unreact(env: AppEnv, userId: string, postId: string, type: ReactionType): Promise<ReactionResult> {
  return change(env, userId, postId, type, false);
}

async function change(
  env: AppEnv,
  userId: string,
  postId: string,
  type: ReactionType,
  on: boolean,
): Promise<ReactionResult> {
  const state = await setReaction(env, userId, postId, type, on, Date.now());
  if (!state?.visible) throw new NotFoundError("no such post");
  if (state.locked) throw proOnly();
  return { postId, type, count: state.count, reacted: state.reacted === 1 };
}
