import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { paginate, type Keyset } from "../../domain/cursor";
import type { Db } from "./d1";

/** What a caller asks of a list: a page size and, after the first page, the decoded cursor. */
export type PageRequest = { limit: number; after?: Keyset };
export type Page<R> = { items: R[]; nextCursor: string | null };

type Row<T extends SQLiteTable> = T["$inferSelect"];
/** The list's order: a timestamp column and the id that breaks its ties, both by their property names. */
type Key<T extends SQLiteTable> = {
  [K in keyof Row<T>]: Row<T>[K] extends Date ? K : never;
}[keyof Row<T>];

/**
 * One page of a newest-first list, keyset-paginated on (timestamp, id): rows strictly after the
 * cursor's row in that order, `limit + 1` fetched so the cursor is only issued when more remain.
 * Unlike an offset, a row written between two page reads neither repeats nor hides another.
 */
export async function newestFirst<T extends SQLiteTable>(
  db: Db,
  list: { table: T; at: Key<T> & string; id: keyof Row<T> & string; where?: SQL },
  page: PageRequest,
): Promise<Page<Row<T>>> {
  const columns = list.table as unknown as Record<string, SQLiteColumn>;
  const [at, id] = [columns[list.at]!, columns[list.id]!];
  const after = page.after
    ? or(lt(at, new Date(page.after.at)), and(eq(at, new Date(page.after.at)), lt(id, page.after.id)))
    : undefined;
  const rows = (await db
    .select()
    .from(list.table as SQLiteTable)
    .where(and(list.where, after))
    .orderBy(desc(at), desc(id))
    .limit(page.limit + 1)) as Row<T>[];
  return paginate(rows, page.limit, (row) => ({
    at: (row[list.at] as Date).getTime(),
    id: String(row[list.id]),
  }));
}
