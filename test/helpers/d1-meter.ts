/**
 * A work meter around the real D1 binding: every statement still runs on D1, and the meter records
 * its SQL, its bound values and how many rows came back to the Worker. The work-budget tests hand a
 * metered binding to the Worker and count what a request read, then ask SQLite for each statement's
 * query plan, so a bound of work is a count of rows and an index, not milliseconds.
 */
export type Statement = { sql: string; params: unknown[]; rows: number };
export type D1Meter = {
  db: D1Database;
  statements: Statement[];
  /** Rows returned to the Worker by every statement so far. */
  rows(): number;
  reset(): void;
};

type Wrapped = D1PreparedStatement & { real: D1PreparedStatement; record(rows: number): void };

export function meterD1(real: D1Database): D1Meter {
  const statements: Statement[] = [];

  function wrap(stmt: D1PreparedStatement, sql: string, params: unknown[]): Wrapped {
    const record = (rows: number) => statements.push({ sql, params, rows });
    return {
      real: stmt,
      record,
      bind: (...values: unknown[]) => wrap(stmt.bind(...values), sql, values),
      async first(column?: string) {
        const row = await (column === undefined ? stmt.first() : stmt.first(column));
        record(row === null ? 0 : 1);
        return row;
      },
      async all() {
        const result = await stmt.all();
        record(result.results.length);
        return result;
      },
      async run() {
        const result = await stmt.run();
        record(result.results?.length ?? 0);
        return result;
      },
      async raw(options?: { columnNames?: boolean }) {
        const rows = await (options?.columnNames ? stmt.raw({ columnNames: true }) : stmt.raw());
        record(options?.columnNames ? rows.length - 1 : rows.length);
        return rows;
      },
    } as unknown as Wrapped;
  }

  const db = {
    prepare: (sql: string) => wrap(real.prepare(sql), sql, []),
    async batch(list: D1PreparedStatement[]) {
      const wrapped = list as Wrapped[];
      const results = await real.batch(wrapped.map((s) => s.real));
      results.forEach((r, i) => wrapped[i]!.record(r.results?.length ?? 0));
      return results;
    },
    exec: (sql: string) => real.exec(sql),
    dump: () => real.dump(),
    withSession: () => {
      throw new Error("the D1 meter does not follow sessions");
    },
  } as unknown as D1Database;

  return {
    db,
    statements,
    rows: () => statements.reduce((sum, s) => sum + s.rows, 0),
    reset: () => void statements.splice(0),
  };
}

/**
 * SQLite's plan for each statement, run on the real database with the same bound values; returns
 * the statements that read a whole table (a `SCAN` without an index), which grow with every user's
 * data instead of the caller's.
 */
export async function fullScans(real: D1Database, statements: Statement[]): Promise<string[]> {
  const found: string[] = [];
  for (const s of statements) {
    const plan = await real
      .prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
      .bind(...s.params)
      .all<{ detail: string }>();
    for (const { detail } of plan.results) {
      if (/^SCAN \S+$/.test(detail)) found.push(`${detail}: ${s.sql}`);
    }
  }
  return found;
}
