import type { PriceDropNotice } from "../../schemas/notifications";
import type { TaskMessage } from "../../schemas/tasks";
import { dayKey, priceDropMessage } from "../domain/price-drop";
import { configOf, type AppEnv } from "../env";
import { createBus } from "../ports/bus";
import { interestedUsers, type Interest } from "../ports/db/item-interest";
import type { PriceDropRecord } from "../ports/db/price-drops";
import { findItems } from "../ports/db/items";
import { localesOf } from "../ports/db/users";
import { mirrorNotifications } from "../services/mirror";

type PriceDrop = Extract<TaskMessage, { kind: "price.drop" }>;
type Notify = Extract<TaskMessage, { kind: "notify.price-drop" }>;

const DAY_MS = 86_400_000;
const PAGE = 1000;
const USERS_PER_MESSAGE = 100;

/** One notify message per 100 users of a drop's audience. */
function notifyMessages(
  drop: PriceDropRecord,
  { title, currency }: { title: string; currency: string },
  userIds: string[],
): TaskMessage[] {
  const { itemId, from, to, percent, at } = drop;
  return Array.from({ length: Math.ceil(userIds.length / USERS_PER_MESSAGE) }, (_, n) => ({
    kind: "notify.price-drop" as const,
    itemId,
    title,
    currency,
    from,
    to,
    percent,
    at,
    userIds: userIds.slice(n * USERS_PER_MESSAGE, (n + 1) * USERS_PER_MESSAGE),
  }));
}

/**
 * Finds everyone interested in the item in the last PRICE_DROP_INTEREST_DAYS days, a page at a
 * time, and queues one notify message per 100 of them; the next page is its own message, so a
 * drop touching many thousands of users never holds one consumer invocation for long.
 */
export async function fanOutPriceDrop(env: AppEnv, drop: PriceDrop): Promise<void> {
  const [item] = await findItems(env, [drop.itemId]);
  if (!item) return;
  const since = new Date(drop.at - configOf(env).PRICE_DROP_INTEREST_DAYS * DAY_MS);
  const userIds = await interestedUsers(env, {
    itemId: drop.itemId,
    since,
    afterUserId: drop.afterUserId,
    limit: PAGE,
  });
  const messages = notifyMessages(drop, item, userIds);
  if (userIds.length === PAGE) messages.push({ ...drop, afterUserId: userIds[userIds.length - 1] });
  if (messages.length > 0) await createBus(env).sendBatch(messages);
}

/**
 * Interest that reached the audience table after a drop's fan-out had read it: an event is accepted
 * at once but its interest lands when the user's outbox flushes, seconds later. Users whose interest
 * predates a recorded drop (and is within PRICE_DROP_INTEREST_DAYS of it) are notified now; one the
 * fan-out already reached is not notified twice (the actor's ledger keeps one per item per day).
 */
export async function notifyLateInterest(env: AppEnv, interest: Interest[], drops: PriceDropRecord[]): Promise<void> {
  if (interest.length === 0 || drops.length === 0) return;
  const window = configOf(env).PRICE_DROP_INTEREST_DAYS * DAY_MS;
  const titles = new Map((await findItems(env, [...new Set(drops.map((d) => d.itemId))])).map((r) => [r.id, r]));
  const messages = drops.flatMap((drop) => {
    const title = titles.get(drop.itemId);
    const userIds = interest
      .filter((i) => i.itemId === drop.itemId && i.lastAt <= drop.at && i.lastAt >= drop.at - window)
      .map((i) => i.userId);
    return title === undefined ? [] : notifyMessages(drop, title, [...new Set(userIds)]);
  });
  if (messages.length > 0) await createBus(env).sendBatch(messages);
}

/**
 * Notifies each user in the user's language; the actor's ledger keeps it to once per item per day.
 * Every notice of the message is mirrored, also those the ledger skipped on a retry: the mirror runs
 * after the actors, so a notice it missed when it failed before is produced now (readers dedupe on
 * user + item + day).
 */
export async function notifyPriceDrop(env: AppEnv, message: Notify): Promise<void> {
  const locales = await localesOf(env, message.userIds);
  const notices = message.userIds.map((userId) => {
    const text = priceDropMessage(
      locales.get(userId) ?? "en",
      message.title,
      message.from,
      message.to,
      message.percent,
      message.currency,
    );
    const notice: PriceDropNotice = {
      itemId: message.itemId,
      ...text,
      from: message.from,
      to: message.to,
      percent: message.percent,
      day: dayKey(message.at),
    };
    return { userId, kind: "price_drop" as const, notice };
  });
  await Promise.all(
    notices.map(({ userId, notice }) => env.USER_ACTOR.get(env.USER_ACTOR.idFromName(userId)).notifyPriceDrop(notice)),
  );
  await mirrorNotifications(env, notices);
}
