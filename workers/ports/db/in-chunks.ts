/**
 * D1 binds at most 100 values per statement, so an `IN (…)` list is sent this many ids at a time,
 * leaving room for the statement's other values.
 */
export const IN_CHUNK = 90;

/** Runs `query` over the distinct `ids` a chunk at a time and returns every chunk's rows. */
export async function inChunks<T>(ids: readonly string[], query: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += IN_CHUNK) out.push(...(await query(unique.slice(i, i + IN_CHUNK))));
  return out;
}
