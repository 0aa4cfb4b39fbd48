/** A price drop worth telling people about: at least `thresholdPercent` below the old price. */
export function priceDrop(from: number, to: number, thresholdPercent: number): { percent: number } | null {
  if (!(from > 0) || !(to < from)) return null;
  const percent = Math.round(((from - to) / from) * 10_000) / 100;
  return percent + 1e-9 >= thresholdPercent ? { percent } : null;
}

/** The UTC day a notification counts against, for "at most once per item per day". */
export const dayKey = (at: number) => new Date(at).toISOString().slice(0, 10);

/**
 * Title and body of a price-drop notification, in the user's language; prices in the item's currency
 * (₩45,000 → ₩39,000, $50.00 → $45.00) when it is known, else plain numbers.
 */
export function priceDropMessage(
  locale: "en" | "ko",
  title: string,
  from: number,
  to: number,
  percent: number,
  currency?: string,
) {
  const price = (n: number) =>
    n.toLocaleString(
      locale === "ko" ? "ko-KR" : "en-US",
      currency ? { style: "currency", currency } : { maximumFractionDigits: 2 },
    );
  return locale === "ko"
    ? { title: `가격 인하: ${title}`, body: `${price(from)} → ${price(to)} (${percent}% 할인)` }
    : { title: `Price drop: ${title}`, body: `${price(from)} → ${price(to)} (${percent}% off)` };
}

/** The text embedded for an item: what a shopper would describe it by. */
export const itemText = (item: { title: string; category: string; description: string }) =>
  `${item.title}\n${item.category}\n${item.description}`.trim();
