import type { Message } from "../../../schemas/coach";
import type { Job } from "../../../schemas/interview";
import type { Notification } from "../../../schemas/notifications";
import type { LifelogExportPage, LifelogExportRequest } from "../../../durable-objects/lifelog/export";
import type { UserExportPage, UserExportRequest } from "../../../durable-objects/user/export";
import type { AppEnv } from "../../env";
import {
  exportAudit,
  exportEmails,
  exportEntitlementRow,
  exportReaders,
  exportUserRow,
  type ExportCursor,
  type ExportTable,
} from "../../ports/db/user-export";

/** Rows per D1 page and per actor page: enough to keep round trips few, small enough to stay bounded. */
export const PAGE_SIZE = 200;

export type Page<C> = { items: unknown[]; next: C | null };
/** A section is one value (an object or null) or a list read page by page. */
export type Section =
  | { name: string; kind: "object"; read: () => Promise<unknown> }
  | { name: string; kind: "list"; pages: () => AsyncIterable<unknown[]> };

/** Every page of a paged read, in order, one page in memory at a time. */
export async function* pagesOf<C>(read: (cursor: C | null) => Promise<Page<C>>): AsyncIterable<unknown[]> {
  let cursor: C | null = null;
  do {
    const page: Page<C> = await read(cursor);
    if (page.items.length > 0) yield page.items;
    cursor = page.next;
  } while (cursor !== null);
}

/** The items of every page of `outer`, each expanded into the items of its own paged read. */
async function* nested<C>(
  outer: AsyncIterable<unknown[]>,
  inner: (item: Record<string, unknown>) => (cursor: C | null) => Promise<Page<C>>,
): AsyncIterable<unknown[]> {
  for await (const page of outer) for (const item of page) yield* pagesOf(inner(item as Record<string, unknown>));
}

export type ExportContext = { env: AppEnv; userId: string; subjectHash: string };

const list = (name: string, pages: () => AsyncIterable<unknown[]>): Section => ({ name, kind: "list", pages });
const object = (name: string, read: () => Promise<unknown>): Section => ({ name, kind: "object", read });

/** A D1 table's rows of the user, page by page; `map` may add what other stores know of each page. */
function table(ctx: ExportContext, name: ExportTable, map?: (rows: Record<string, unknown>[]) => Promise<unknown[]>) {
  return list(name, () =>
    pagesOf<ExportCursor>(async (cursor) => {
      const page = await exportReaders[name](ctx.env, ctx.userId, cursor, PAGE_SIZE);
      const rows = page.items.map(isoTimes);
      return { items: map ? await map(rows) : rows, next: page.next };
    }),
  );
}

/**
 * Every section of the export, in the order they are written. Sealed places in D1's copies are opened
 * by the life-log actor (it holds the key); a place it cannot open stays sealed and is named in `sealed`.
 */
export function exportSections(ctx: ExportContext): Section[] {
  const { env, userId } = ctx;
  const user = env.USER_ACTOR.get(env.USER_ACTOR.idFromName(userId));
  const lifelog = env.LIFELOG.get(env.LIFELOG.idFromName(userId));
  // pages hold plain JSON values; RPC's types cannot say so of `unknown[]`
  const userPage = async (request: UserExportRequest) => (await user.exportPage(request)) as unknown as UserExportPage;
  const lifelogPage = async (request: LifelogExportRequest) =>
    (await lifelog.exportPage(request)) as unknown as LifelogExportPage;
  const userPages = (section: "recentItems" | "purchases") =>
    pagesOf<string>((after) => userPage({ section, after, limit: PAGE_SIZE }));
  const lifelogPages = (section: "events" | "corrections" | "days") =>
    pagesOf<string>((after) => lifelogPage({ section, after, limit: PAGE_SIZE }));
  const open = async (sealed: string[]) =>
    sealed.length === 0 ? [] : ((await lifelogPage({ section: "open", sealed })).items as (string | null)[]);

  /** Each row with its job's state as the job's actor keeps it (progress, result, error). */
  const withJobState = (rows: Record<string, unknown>[]) =>
    Promise.all(
      rows.map(async (r) => ({
        ...r,
        state: (await env.JOB.get(env.JOB.idFromName(String(r.id))).status(userId)) as Job | null,
      })),
    );

  return [
    object("profile", async () => ({
      ...(await exportUserRow(env, userId)),
      id: userId,
      ...(await userPage({ section: "profile" })).items[0]!,
    })),
    object("entitlements", async () => {
      const row = await exportEntitlementRow(env, userId);
      return row && isoTimes(row);
    }),
    object("privacy", async () => (await lifelogPage({ section: "settings" })).items[0]),
    list("devices", async function* () {
      yield (await lifelogPage({ section: "devices" })).items;
    }),
    table(ctx, "labels"),
    table(ctx, "labelVerifications"),
    list("timeline", () => lifelogPages("days")),
    table(ctx, "archivedTimelineDays", (rows) => openDays(rows, open)),
    list("activityEvents", () => lifelogPages("events")),
    table(ctx, "archivedActivityEvents", (rows) => openEvents(rows, open)),
    table(ctx, "daySummaries", async (rows) => rows.map((r) => parseFields(r, ["minutes", "hours"]))),
    list("corrections", () => lifelogPages("corrections")),
    table(ctx, "posts", async (rows) => rows.map((r) => parseFields(r, ["snapshot"]))),
    table(ctx, "comments"),
    table(ctx, "reactions"),
    table(ctx, "following", async (rows) => rows.map((r) => ({ userId: r.followeeId, since: r.createdAt }))),
    table(ctx, "followers", async (rows) => rows.map((r) => ({ userId: r.followerId, since: r.createdAt }))),
    table(ctx, "labelFollows"),
    table(ctx, "communityMemberships"),
    table(ctx, "communitiesOwned"),
    table(ctx, "challengesCreated", async (rows) => rows.map((r) => parseFields(r, ["metric"]))),
    table(ctx, "challengeProgress", async (rows) => rows.map((r) => parseFields(r, ["days"]))),
    table(ctx, "retrospects"),
    table(ctx, "growthReports"),
    // a report is a job of its own id (its result: summary and link); the documents stay in R2, named by objectKey
    table(ctx, "analyticsReports", (rows) => withJobState(rows.map((r) => parseFields(r, ["input"])))),
    table(ctx, "coachSessions"),
    list("coachMessages", () =>
      nested<string>(exportReadersPages(ctx, "coachSessions"), (session) => async (after) => {
        const sessionId = String(session.id);
        const page = await env.COACH_SESSION.get(env.COACH_SESSION.idFromName(sessionId)).messages(
          userId,
          PAGE_SIZE,
          after === null ? undefined : Number(after),
        );
        if (!page.ok) return { items: [], next: null };
        return { items: (page.items as Message[]).map((m) => ({ sessionId, ...m })), next: page.nextCursor };
      }),
    ),
    list("interpretations", async function* () {
      yield (await userPage({ section: "interpretations" })).items;
    }),
    table(ctx, "resumes"),
    table(ctx, "jobs", withJobState),
    table(ctx, "recommendationEvents"),
    table(ctx, "itemInterest"),
    list("recentItems", () => userPages("recentItems")),
    list("purchases", () => userPages("purchases")),
    object("taste", async () => (await userPage({ section: "taste" })).items[0] ?? null),
    list("notifications", () =>
      pagesOf<string>(async (cursor) => {
        const page = (await user.notifications({
          limit: PAGE_SIZE,
          cursor: cursor === null ? undefined : Number(cursor),
        })) as { items: Notification[]; nextCursor: string | null };
        return { items: page.items, next: page.nextCursor };
      }),
    ),
    table(ctx, "usageCounters"),
    table(ctx, "requestLogs"),
    list("emails", () => emailPages(ctx)),
    list("audit", () =>
      pagesOf<ExportCursor>(async (cursor) => {
        const page = await exportAudit(env, ctx.subjectHash, cursor, PAGE_SIZE);
        return { items: page.items.map((r) => parseFields(isoTimes(r), ["detail"])), next: page.next };
      }),
    ),
  ];
}

const exportReadersPages = (ctx: ExportContext, name: ExportTable) =>
  pagesOf<ExportCursor>((cursor) => exportReaders[name](ctx.env, ctx.userId, cursor, PAGE_SIZE));

/** Mail sent to the user's addresses: their profile email and every address a label was verified with. */
async function* emailPages(ctx: ExportContext): AsyncIterable<unknown[]> {
  const addresses = new Set<string>();
  const profile = await exportUserRow(ctx.env, ctx.userId);
  if (profile?.email) addresses.add(profile.email);
  for await (const page of exportReadersPages(ctx, "labelVerifications"))
    for (const v of page as { email: string }[]) addresses.add(v.email);
  yield* pagesOf<ExportCursor>(async (cursor) => {
    const page = await exportEmails(ctx.env, [...addresses], cursor, PAGE_SIZE);
    return { items: page.items.map(isoTimes), next: page.next };
  });
}

/**
 * Times as ISO-8601: D1 keeps many as epoch milliseconds. Fields named like times whose value is a
 * plausible millisecond instant are converted; second-based ones (Stripe's `stateAt`) are left as they are.
 */
function isoTimes(row: Record<string, unknown>): Record<string, unknown> {
  const out = { ...row };
  for (const [k, v] of Object.entries(out))
    if (typeof v === "number" && v >= 1e11 && /(^at|At|Until)$/.test(k)) out[k] = new Date(v).toISOString();
  return out;
}

/** Columns stored as JSON text, parsed so the export holds values rather than strings of JSON. */
function parseFields(row: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  const out = { ...row };
  for (const f of fields) if (typeof out[f] === "string") out[f] = JSON.parse(out[f]);
  return out;
}

type Opener = (sealed: string[]) => Promise<(string | null)[]>;

/** D1's copies of location events, with place and geofence opened (one actor call per page). */
async function openEvents(rows: Record<string, unknown>[], open: Opener): Promise<unknown[]> {
  const events = rows.map((r) => parseFields(r, ["metadata"]) as { metadata: Record<string, unknown> } & object);
  const slots: { metadata: Record<string, unknown>; field: string; sealed: string[] }[] = [];
  const sealedOf = new Map<object, string[]>();
  for (const e of events)
    for (const field of ["place", "geofenceId"]) {
      const value = e.metadata?.[field];
      if (typeof value === "string" && value.startsWith("v1.")) {
        const sealed = sealedOf.get(e) ?? [];
        sealedOf.set(e, sealed);
        slots.push({ metadata: e.metadata, field, sealed });
      }
    }
  const opened = await open(slots.map((s) => s.metadata[s.field] as string));
  slots.forEach((s, i) => {
    if (opened[i] === null || opened[i] === undefined) s.sealed.push(s.field);
    else s.metadata[s.field] = opened[i];
  });
  return events.map((e) => ({ ...e, ...(sealedOf.get(e)?.length ? { sealed: sealedOf.get(e) } : {}) }));
}

/** D1's archived days, with each entry's place opened. */
async function openDays(rows: Record<string, unknown>[], open: Opener): Promise<unknown[]> {
  const days = rows.map((r) => parseFields(r, ["entries"]) as { entries: { geo?: { place: string | null } }[] });
  const geos = days.flatMap((d) => d.entries.flatMap((e) => (typeof e.geo?.place === "string" ? [e.geo] : [])));
  const opened = await open(geos.map((g) => g.place!));
  geos.forEach((g, i) => {
    if (opened[i] === null || opened[i] === undefined) Object.assign(g, { sealed: true });
    else g.place = opened[i];
  });
  return days;
}
