import type { ErasurePlan, ErasureStep } from "../../../schemas/erasure";
import { subjectHash } from "../../domain/hash";
import { configOf, type AppEnv } from "../../env";
import { logEvent } from "../../log";
import { openErasure } from "../../ports/db/erasure-receipts";
import { eraseFromD1, type Counts } from "../../ports/db/erasure";
import { eraseFromArchive } from "../../ports/db/pg/erasure";
import { createBehaviourIndex } from "../../ports/search";
import { forgetInMirror } from "../mirror";
import { forgetRhythm } from "../rhythms";

/** Actors that were reset after erasing: the rejection of `reset()` is the expected outcome. */
async function resetActor(reset: () => Promise<void>, what: string): Promise<void> {
  try {
    await reset();
  } catch (error) {
    logEvent("debug", "erasure: actor reset", { what, error: String(error) });
  }
}

/** Empties an actor, then resets it (`reset` rejects by design) so its next call starts from nothing. */
async function eraseActor(stub: { eraseAll(): Promise<number> }, reset: () => Promise<void>, what: string) {
  const rows = await stub.eraseAll();
  await resetActor(reset, what);
  return rows;
}

/** Every actor that holds the person's data: their user and life-log actors, chat sessions and jobs. */
async function eraseActors(env: AppEnv, plan: ErasurePlan): Promise<Counts> {
  const user = env.USER_ACTOR.get(env.USER_ACTOR.idFromName(plan.userId));
  const lifelog = env.LIFELOG.get(env.LIFELOG.idFromName(plan.userId));
  const counts: Counts = {
    "actor.user": await eraseActor(user, () => user.evict(), "user"),
    "actor.lifelog": await eraseActor(lifelog, () => lifelog.reset(), "lifelog"),
    "actor.coach_sessions": 0,
    "actor.jobs": 0,
  };
  for (const id of plan.sessionIds) {
    const session = env.COACH_SESSION.get(env.COACH_SESSION.idFromName(id));
    counts["actor.coach_sessions"]! += await eraseActor(session, () => session.reset(), "session");
  }
  for (const id of plan.jobIds) {
    const job = env.JOB.get(env.JOB.idFromName(id));
    counts["actor.jobs"]! += await eraseActor(job, () => job.reset(), "job");
  }
  return counts;
}

/** KV keys named after the person (feed snapshots `feed:<userId>:…`), listed page by page. */
async function eraseKv(env: AppEnv, userId: string): Promise<number> {
  let removed = 0;
  let cursor: string | undefined;
  do {
    const page = await env.CACHE.list({ prefix: `feed:${userId}:`, ...(cursor ? { cursor } : {}) });
    await Promise.all(page.keys.map((k) => env.CACHE.delete(k.name)));
    removed += page.keys.length;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return removed;
}

/** R2 objects under `users/<userId>/` (analytics reports), deleted a page (≤ 1,000 keys) at a time. */
async function eraseBlobs(env: AppEnv, userId: string): Promise<number> {
  let removed = 0;
  for (;;) {
    const page = await env.BLOBS.list({ prefix: `users/${userId}/`, limit: 1000 });
    if (page.objects.length === 0) return removed;
    await env.BLOBS.delete(page.objects.map((o) => o.key));
    removed += page.objects.length;
  }
}

/**
 * Copies in services outside Cloudflare that are configured: the Elasticsearch behaviour index, and the
 * Kafka mirror (tombstones: a log cannot be edited). Vectors in Upstash, Vectorize or Elasticsearch went
 * with the `vectors` step, through the same port that wrote them.
 */
async function eraseOutside(env: AppEnv, userId: string): Promise<Counts> {
  const counts: Counts = {};
  const behaviour = createBehaviourIndex(env, configOf(env));
  if (behaviour) counts["elasticsearch.user_actions"] = await behaviour.forget(userId);
  const tombstones = await forgetInMirror(env, userId);
  if (tombstones) counts["kafka.tombstones"] = tombstones;
  return counts;
}

/** The deletes again, for writes that were in flight when the erasure began (queued events, alarms). */
async function sweep(env: AppEnv, plan: ErasurePlan): Promise<Counts> {
  const counts: Counts = {};
  const add = (more: Counts) => {
    for (const [k, v] of Object.entries(more)) counts[k] = (counts[k] ?? 0) + v;
  };
  add(await eraseActors(env, plan));
  add(await eraseFromD1(env, plan.userId, plan.emails));
  if (env.HYPERDRIVE) add(await eraseFromArchive(env.HYPERDRIVE, plan.userId));
  return counts;
}

/** One step of the erasure; each is idempotent, so a step that crashed runs again from the start. */
export async function runErasureStep(env: AppEnv, step: ErasureStep, plan: ErasurePlan): Promise<Counts> {
  switch (step) {
    case "revoke-tokens":
      // already done before the 202; again here, for a request that crashed right after storing the plan
      await openErasure(env, { id: plan.erasureId, subjectHash: await subjectHash(plan.userId), at: plan.requestedAt });
      return {};
    case "shred-keys":
      // the per-user key seals every archived copy of a place; without it those copies are unreadable
      await env.LIFELOG.get(env.LIFELOG.idFromName(plan.userId)).forgetLocationKey();
      return { "keys.location": 1 };
    case "actors":
      return eraseActors(env, plan);
    case "vectors":
      return { "vectors.rhythms": await forgetRhythm(env, plan.userId) };
    case "d1":
      return eraseFromD1(env, plan.userId, plan.emails);
    case "kv":
      return { "kv.feed_snapshots": await eraseKv(env, plan.userId) };
    case "r2":
      return { r2: await eraseBlobs(env, plan.userId) };
    case "postgres":
      return env.HYPERDRIVE ? eraseFromArchive(env.HYPERDRIVE, plan.userId) : {};
    case "outside":
      return eraseOutside(env, plan.userId);
    case "sweep":
      return sweep(env, plan);
  }
}
