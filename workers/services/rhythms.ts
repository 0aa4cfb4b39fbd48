import type { Config } from "../../schemas/config";
import type { Visibility } from "../../schemas/lifelog";
import { sha256 } from "../domain/hash";
import { RHYTHM_DIMENSIONS, RHYTHM_WINDOW_DAYS, padTo, rhythmVector } from "../domain/lifelog/rhythm";
import { addDays } from "../domain/periods";
import { configOf, type AppEnv } from "../env";
import { ConfigError } from "../errors";
import { createDayAnalytics } from "../ports/analytics";
import { matchableAmong, publicLabelsOf, type PublicLabel } from "../ports/db/rhythms";
import { createVectorIndex } from "../ports/vectors";

export const RHYTHMS_NAMESPACE = "rhythms";
export const MAX_MATCHES = 10;
/** Nearest neighbours asked of the index: room for people who opted out since the last nightly refresh. */
const CANDIDATES = 40;

/**
 * A person's vector id: Vectorize ids are global across namespaces and at most 64 characters, while
 * user ids may be 128, so the id is a prefixed hash and the user id travels in the metadata.
 */
export const rhythmVectorId = async (userId: string) => `rhythm:${(await sha256(userId)).slice(0, 48)}`;

/**
 * The dimension the index holds rhythms at. Vectorize has one dimension per index, shared with the
 * item embeddings (EMBEDDINGS_DIMENSIONS), so rhythms are zero-padded to it; the embedded index
 * keeps one dimension per namespace and takes them as they are.
 */
function indexDimensions(config: Config): number {
  if (config.VECTOR_INDEX_PROVIDER === "embedded") return RHYTHM_DIMENSIONS;
  if (config.EMBEDDINGS_DIMENSIONS < RHYTHM_DIMENSIONS)
    throw new ConfigError(`rhythm vectors need a Vectorize index of at least ${RHYTHM_DIMENSIONS} dimensions`);
  return config.EMBEDDINGS_DIMENSIONS;
}

/** Each person's rhythm over the last RHYTHM_WINDOW_DAYS days; people with no logged time are left out. */
async function rhythmsOf(env: AppEnv, userIds: string[], now: Date): Promise<Map<string, number[]>> {
  const since = addDays(now.toISOString().slice(0, 10), -(RHYTHM_WINDOW_DAYS - 1));
  const days = await createDayAnalytics(env).hoursSince(userIds, since);
  const out = new Map<string, number[]>();
  for (const [userId, list] of days) {
    const vector = rhythmVector(list);
    if (vector) out.set(userId, vector);
  }
  return out;
}

/**
 * Brings one page of people's vectors up to date: those who chose `anonymized_timeline` and logged
 * time recently get a fresh vector; everyone else loses theirs (an opt-out, or nothing left to match on).
 */
export async function syncRhythms(
  env: AppEnv,
  people: { userId: string; visibility: Visibility }[],
  now: Date,
): Promise<{ upserted: number; removed: number }> {
  const config = configOf(env);
  const index = createVectorIndex(env, config);
  const open = people.filter((p) => p.visibility === "anonymized_timeline").map((p) => p.userId);
  const vectors = await rhythmsOf(env, open, now);
  const dimensions = indexDimensions(config);
  const records = [];
  const gone = [];
  for (const { userId } of people) {
    const vector = vectors.get(userId);
    const id = await rhythmVectorId(userId);
    if (vector) records.push({ id, values: padTo(vector, dimensions), metadata: { userId } });
    else gone.push(id);
  }
  const upserted = records.length ? (await index.upsert(RHYTHMS_NAMESPACE, records)).count : 0;
  const removed = gone.length ? (await index.delete(RHYTHMS_NAMESPACE, gone)).count : 0;
  return { upserted, removed };
}

/** Deletes the person's rhythm vector at once (erasing them: the nightly walk only sees people with a visibility row). */
export async function forgetRhythm(env: AppEnv, userId: string): Promise<number> {
  return (await createVectorIndex(env, configOf(env)).delete(RHYTHMS_NAMESPACE, [await rhythmVectorId(userId)])).count;
}

export type Match = { userId: string; similarity: number; labels: PublicLabel[] };

/**
 * People whose rhythm is closest to the caller's, among those who chose `anonymized_timeline`, as D1
 * says at this moment (an opt-out hides someone before the nightly refresh removes their vector).
 * The caller's own vector comes from the index, or from their recent days when the refresh has not
 * seen them (any visibility: their vector only ranks others and is shown to no one).
 */
export async function findMatches(env: AppEnv, userId: string, now = new Date()): Promise<{ items: Match[] }> {
  const config = configOf(env);
  const index = createVectorIndex(env, config);
  const ownId = await rhythmVectorId(userId);
  const [stored] = await index.get(RHYTHMS_NAMESPACE, [ownId]);
  const fresh = stored ? undefined : (await rhythmsOf(env, [userId], now)).get(userId);
  const vector = stored ? Array.from(stored.values) : fresh && padTo(fresh, indexDimensions(config));
  if (!vector) return { items: [] };

  const candidates = (await index.query(RHYTHMS_NAMESPACE, vector, { topK: CANDIDATES, excludeIds: [ownId] }))
    .map((m) => ({ userId: String(m.metadata.userId ?? ""), similarity: m.score }))
    .filter((m) => m.userId !== "" && m.userId !== userId);
  const matchable = await matchableAmong(
    env,
    candidates.map((m) => m.userId),
  );
  const kept = candidates.filter((m) => matchable.has(m.userId)).slice(0, MAX_MATCHES);
  const labels = await publicLabelsOf(
    env,
    kept.map((m) => m.userId),
  );
  return {
    items: kept.map((m) => ({
      userId: m.userId,
      similarity: Math.round(m.similarity * 10_000) / 10_000,
      labels: labels.get(m.userId) ?? [],
    })),
  };
}
