import type { LabelKey } from "../../../schemas/labels";
import { labelValueKey } from "../../domain/lifelog/label-value";
import type { AppEnv } from "../../env";
import { RuleViolationError } from "../../errors";
import { deleteFollow, deleteLabelFollow, insertFollow, insertLabelFollow } from "../../ports/db/follows";

/** Follows a person (idempotent); their recent posts join the follower's feed. Following yourself is a 422. */
export async function followUser(env: AppEnv, userId: string, followeeId: string): Promise<{ following: true }> {
  if (userId === followeeId) throw new RuleViolationError("you cannot follow yourself");
  await insertFollow(env, userId, followeeId, Date.now());
  return { following: true };
}

/** Unfollows (idempotent): their followers-only posts are hidden at once, their posts leave the feed. */
export async function unfollowUser(env: AppEnv, userId: string, followeeId: string): Promise<{ following: false }> {
  await deleteFollow(env, userId, followeeId);
  return { following: false };
}

/** Follows a label value (compared like labels are: case, spacing and Hangul composition do not matter). */
export async function followLabel(
  env: AppEnv,
  userId: string,
  key: LabelKey,
  value: string,
): Promise<{ following: true }> {
  await insertLabelFollow(env, userId, { key, value, valueKey: labelValueKey(value) }, Date.now());
  return { following: true };
}

export async function unfollowLabel(
  env: AppEnv,
  userId: string,
  key: LabelKey,
  value: string,
): Promise<{ following: false }> {
  await deleteLabelFollow(env, userId, key, labelValueKey(value));
  return { following: false };
}
