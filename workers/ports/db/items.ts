import { eq, inArray } from "drizzle-orm";
import type { Item, ItemInput } from "../../../schemas/catalogue";
import { items, type ItemRow } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";
import { inChunks } from "./in-chunks";
import { newestFirst, type Page, type PageRequest } from "./keyset";

export const toItem = (row: ItemRow): Item => ({
  id: row.id,
  title: row.title,
  category: row.category,
  description: row.description,
  price: row.price,
  currency: row.currency as Item["currency"],
  stock: row.stock,
  embedded: row.vector !== null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export const vectorOf = (row: Pick<ItemRow, "vector">): number[] | null =>
  row.vector ? Array.from(new Float32Array(new Uint8Array(row.vector).buffer)) : null;

const vectorBlob = (values: number[]) => Buffer.from(Float32Array.from(values).buffer);

export function findItems(env: D1Env, ids: string[]): Promise<ItemRow[]> {
  const db = createDb(env);
  return inChunks(ids, (chunk) => db.select().from(items).where(inArray(items.id, chunk)));
}

export async function findItem(env: D1Env, id: string): Promise<ItemRow | undefined> {
  return (await createDb(env).select().from(items).where(eq(items.id, id)).limit(1))[0];
}

/** An item as event ingest needs it: its text fields and its vector, decoded (null until embedded). */
export type ItemFeatures = Pick<ItemRow, "id" | "title" | "category" | "description"> & { vector: number[] | null };

export async function findItemFeatures(env: D1Env, ids: string[]): Promise<ItemFeatures[]> {
  return (await findItems(env, ids)).map(({ id, title, category, description, ...row }) => ({
    id,
    title,
    category,
    description,
    vector: vectorOf(row),
  }));
}

/**
 * Inserts or replaces items' fields in one round trip (a D1 batch runs as one transaction); a
 * changed text clears the vector so the item is re-embedded.
 */
export async function upsertItems(env: D1Env, list: (ItemInput & { id: string })[], now: Date): Promise<void> {
  const db = createDb(env);
  const [first, ...rest] = list.map(({ id, ...input }) =>
    db
      .insert(items)
      .values({ id, ...input, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: items.id, set: { ...input, vector: null, embeddingModel: null, updatedAt: now } }),
  );
  if (first) await db.batch([first, ...rest]);
}

/** Stores the items' vectors in one round trip. */
export async function saveVectors(
  env: D1Env,
  vectors: { id: string; values: number[] }[],
  model: string,
): Promise<void> {
  const db = createDb(env);
  const [first, ...rest] = vectors.map(({ id, values }) =>
    db
      .update(items)
      .set({ vector: vectorBlob(values), embeddingModel: model })
      .where(eq(items.id, id)),
  );
  if (first) await db.batch([first, ...rest]);
}

export async function updateInventory(
  env: D1Env,
  id: string,
  change: { price?: number; stock?: number },
  now: Date,
): Promise<ItemRow | undefined> {
  const [row] = await createDb(env)
    .update(items)
    .set({ ...change, updatedAt: now })
    .where(eq(items.id, id))
    .returning();
  return row;
}

/** Newest first, keyset-paginated on (createdAt, id). */
export function listItems(env: D1Env, category: string | undefined, page: PageRequest): Promise<Page<ItemRow>> {
  return newestFirst(
    createDb(env),
    { table: items, at: "createdAt", id: "id", where: category ? eq(items.category, category) : undefined },
    page,
  );
}

/**
 * The catalogue reads the user actor's stores make, bound to the binding: stores receive these
 * functions from their actor instead of importing the database port.
 */
export const catalogueReads = (env: D1Env) => ({
  find: (ids: string[]) => findItems(env, ids),
  features: (ids: string[]) => findItemFeatures(env, ids),
  newest: async (opts: { category?: string; limit: number }) => (await listItems(env, opts.category, opts)).items,
});
export type CatalogueReads = ReturnType<typeof catalogueReads>;
