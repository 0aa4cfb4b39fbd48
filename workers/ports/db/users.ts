import { eq, sql } from "drizzle-orm";
import { users, type UserRow } from "../../../schemas/db";
import type { Db } from "./d1";

export type UpsertUser = { id: string; email?: string; role?: "user" | "admin"; locale?: "en" | "ko" };

/** Creates the user on first sight; later sightings only refresh email and role when given. */
export async function upsertUser(db: Db, input: UpsertUser): Promise<UserRow> {
  const now = new Date();
  const [row] = await db
    .insert(users)
    .values({
      id: input.id,
      email: input.email,
      role: input.role ?? "user",
      locale: input.locale ?? "en",
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: users.id,
      set: {
        email: sql`coalesce(${input.email ?? null}, ${users.email})`,
        role: input.role ?? sql`${users.role}`,
        updatedAt: now,
      },
    })
    .returning();
  return row!;
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: eq(users.id, id) });
}
