import { fitsCurrency, type ItemInput } from "../../schemas/catalogue";
import type { ItemRow } from "../../schemas/db";
import { ITEMS_NAMESPACE } from "../../schemas/vectors";
import { itemText, priceDrop } from "../domain/price-drop";
import { configOf, type AppEnv } from "../env";
import { NotFoundError, ValidationError } from "../errors";
import { createBus } from "../ports/bus";
import { findItem, findItems, saveVectors, toItem, updateInventory, upsertItems, vectorOf } from "../ports/db/items";
import { recordPriceDrop } from "../ports/db/price-drops";
import { createEmbedder } from "../ports/embeddings";
import { createVectorIndex } from "../ports/vectors";
import { itemCache } from "../ports/vectors/item-cache";

const EMBED_CHUNK = 50;

const metadataOf = (row: ItemRow) => ({
  category: row.category,
  price: row.price,
  currency: row.currency,
  title: row.title.slice(0, 200),
});

/**
 * Embeds items (title + category + description) and upserts them into the vector index with
 * category, price, currency and title metadata. Idempotent: the same text gives the same vector.
 */
export async function indexItems(env: AppEnv, ids: string[]): Promise<number> {
  const config = configOf(env);
  const rows = await findItems(env, ids);
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
    env,
    rows.map((row, i) => ({ id: row.id, values: vectors[i]! })),
    embedder.model,
  );
  return rows.length;
}

/** Stores one item and indexes it before answering, so it is searchable when the caller sees it. */
export async function storeItem(env: AppEnv, id: string, input: ItemInput) {
  await upsertItems(env, [{ id, ...input }], new Date());
  await indexItems(env, [id]);
  return toItem((await findItem(env, id))!);
}

/** Stores items at once and leaves their embedding to the queue, 50 items a message. */
export async function storeItems(env: AppEnv, items: (ItemInput & { id: string })[]) {
  await upsertItems(env, items, new Date());
  const messages = [];
  for (let i = 0; i < items.length; i += EMBED_CHUNK) {
    messages.push({ kind: "items.embed" as const, itemIds: items.slice(i, i + EMBED_CHUNK).map((item) => item.id) });
  }
  await createBus(env).sendBatch(messages);
  return { accepted: items.length, queued: items.length };
}

/**
 * Applies a price or stock change (a KRW or JPY price is a whole number). A drop of at least PRICE_DROP_THRESHOLD_PERCENT starts the
 * notification fan-out through the queue, so the request returns before anyone is notified.
 */
export async function applyInventory(env: AppEnv, change: { itemId: string; price?: number; stock?: number }) {
  const config = configOf(env);
  const [before] = await findItems(env, [change.itemId]);
  if (!before) throw new NotFoundError(`no item ${change.itemId}`);
  if (change.price !== undefined && !fitsCurrency(change.price, before.currency)) {
    const message = `a ${before.currency} price is a whole number`;
    throw new ValidationError(message, [{ path: "price", message }]);
  }
  const now = Date.now();
  const after = (await updateInventory(
    env,
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
    // recorded before the fan-out reads its audience: interest that lands after that read finds it
    await recordPriceDrop(env, {
      itemId: after.id,
      at: now,
      from: before.price,
      to: after.price,
      percent: drop.percent,
    });
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
