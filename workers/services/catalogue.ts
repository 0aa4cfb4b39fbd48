import type { ItemRow } from "../../schemas/db";
import { itemCache } from "../../durable-objects/user/item-cache";
import { ITEMS_NAMESPACE } from "../../durable-objects/user/recommend";
import { itemText, priceDrop } from "../domain/price-drop";
import { configOf, type AppEnv } from "../env";
import { createBus } from "../ports/bus";
import { createDb } from "../ports/db/d1";
import { findItems, saveVectors, toItem, updateInventory, vectorOf } from "../ports/db/items";
import { createEmbedder } from "../ports/embeddings";
import { createVectorIndex } from "../ports/vectors";
import { NotFoundError } from "../errors";

const metadataOf = (row: ItemRow) => ({ category: row.category, price: row.price, title: row.title.slice(0, 200) });

/**
 * Embeds items (title + category + description) and upserts them into the vector index with
 * category, price and title metadata. Idempotent: the same text gives the same vector.
 */
export async function indexItems(env: AppEnv, ids: string[]): Promise<number> {
  const config = configOf(env);
  const db = createDb(env);
  const rows = await findItems(db, ids);
  if (rows.length === 0) return 0;
  const embedder = createEmbedder(env, config);
  const vectors = await embedder.embed(rows.map(itemText));
  // index first: `embedded` (a stored vector) must only become true once the item is searchable
  await createVectorIndex(env, config).upsert(
    ITEMS_NAMESPACE,
    rows.map((row, i) => ({ id: row.id, values: vectors[i]!, metadata: metadataOf(row) })),
  );
  // events accepted from now on use the new title, category and vector (in this isolate at once)
  itemCache.forget(rows.map((row) => row.id));
  await saveVectors(
    db,
    rows.map((row, i) => ({ id: row.id, values: vectors[i]! })),
    embedder.model,
  );
  return rows.length;
}

/**
 * Applies a price or stock change. A drop of at least PRICE_DROP_THRESHOLD_PERCENT starts the
 * notification fan-out through the queue, so the request returns before anyone is notified.
 */
export async function applyInventory(env: AppEnv, change: { itemId: string; price?: number; stock?: number }) {
  const config = configOf(env);
  const db = createDb(env);
  const [before] = await findItems(db, [change.itemId]);
  if (!before) throw new NotFoundError(`no item ${change.itemId}`);
  const now = Date.now();
  const after = (await updateInventory(
    db,
    change.itemId,
    { price: change.price, stock: change.stock },
    new Date(now),
  ))!;
  const vector = vectorOf(after);
  if (vector && after.price !== before.price) {
    await createVectorIndex(env, config).upsert(ITEMS_NAMESPACE, [
      { id: after.id, values: vector, metadata: metadataOf(after) },
    ]);
  }
  const drop = priceDrop(before.price, after.price, config.PRICE_DROP_THRESHOLD_PERCENT);
  if (drop) {
    await createBus(env).send({
      kind: "price.drop",
      itemId: after.id,
      from: before.price,
      to: after.price,
      percent: drop.percent,
      at: now,
    });
  }
  return {
    item: toItem(after),
    priceDrop: drop ? { from: before.price, to: after.price, percent: drop.percent, notifying: true } : null,
  };
}
