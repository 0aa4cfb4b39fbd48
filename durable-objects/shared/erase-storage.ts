/** The close code an erased account's sockets get (4000–4999 are the application's own). */
export const ERASED_CLOSE_CODE = 4410;

/**
 * Empties an actor for an erasure (DELETE /v1/me): closes its sockets, cancels its alarm and deletes
 * every table and key. Returns how many rows its tables held, for the erasure receipt. The instance's
 * in-memory state is still the old one: the caller resets the actor next (`reset`), so the next call
 * builds a fresh, empty instance.
 */
export async function eraseStorage(ctx: DurableObjectState): Promise<number> {
  const sql = ctx.storage.sql;
  const tables = sql
    .exec<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`,
    )
    .toArray();
  let rows = 0;
  for (const { name } of tables) {
    rows += sql.exec<{ n: number }>(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).one().n;
  }
  for (const socket of ctx.getWebSockets()) {
    try {
      socket.close(ERASED_CLOSE_CODE, "account erased");
    } catch {
      // already closing: nothing more to say to it
    }
  }
  await ctx.storage.deleteAlarm();
  await ctx.storage.deleteAll();
  return rows;
}

/** The message `reset` aborts with; the erasure treats the resulting rejection as success. */
export const RESET_REASON = "reset after erasure";
