import { and, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { Item, ItemInput } from "../../../schemas/catalogue";
import { items, type ItemRow } from "../../../schemas/db";
import type { Db } from "./d1";

// D1 binds at most 100 parameters per statement.
const IN_CHUNK = 90;

export const toItem = (row: ItemRow): Item => ({
  id: row.id,
  title: row.title,
  category: row.category,
  description: row.description,
  price: row.price,
  stock: row.stock,
  embedded: row.vector !== null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const vectorOf = (row: Pick<ItemRow, "vector">): number[] | null =>
  row.vector ? Array.from(new Float32Array(new Uint8Array(row.vector).buffer)) : null;

export const vectorBlob = (values: number[]) => Buffer.from(Float32Array.from(values).buffer);

export async function findItems(db: Db, ids: string[]): Promise<ItemRow[]> {
  const unique = [...new Set(ids)];
  const out: ItemRow[] = [];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    out.push(
      ...(await db
        .select()
        .from(items)
        .where(inArray(items.id, unique.slice(i, i + IN_CHUNK)))),
    );
  }
  return out;
}

export async function findItem(db: Db, id: string): Promise<ItemRow | undefined> {
  return (await db.select().from(items).where(eq(items.id, id)).limit(1))[0];
}

/** Inserts or replaces the item's fields; a changed text clears the vector so it is re-embedded. */
export function upsertItemStatement(db: Db, id: string, input: ItemInput, now: Date) {
  return db
    .insert(items)
    .values({ id, ...input, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: items.id, set: { ...input, vector: null, embeddingModel: null, updatedAt: now } });
}

/** Stores the items' vectors in one round trip (a D1 batch runs as one transaction). */
export async function saveVectors(db: Db, vectors: { id: string; values: number[] }[], model: string): Promise<void> {
  const [first, ...rest] = vectors.map(({ id, values }) =>
    db
      .update(items)
      .set({ vector: vectorBlob(values), embeddingModel: model })
      .where(eq(items.id, id)),
  );
  if (first) await db.batch([first, ...rest]);
}

export async function updateInventory(db: Db, id: string, change: { price?: number; stock?: number }, now: Date) {
  const [row] = await db
    .update(items)
    .set({ ...change, updatedAt: now })
    .where(eq(items.id, id))
    .returning();
  return row;
}

export type ItemCursor = { at: number; id: string };

/** Newest first, keyset-paginated on (createdAt, id). */
export async function listItems(
  db: Db,
  opts: { category?: string; limit: number; after?: ItemCursor },
): Promise<ItemRow[]> {
  const after = opts.after
    ? or(
        lt(items.createdAt, new Date(opts.after.at)),
        and(eq(items.createdAt, new Date(opts.after.at)), lt(items.id, opts.after.id)),
      )
    : undefined;
  return db
    .select()
    .from(items)
    .where(and(opts.category ? eq(items.category, opts.category) : undefined, after))
    .orderBy(desc(items.createdAt), desc(items.id))
    .limit(opts.limit + 1);
}
