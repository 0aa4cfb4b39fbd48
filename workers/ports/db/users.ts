import { asc, eq, gt, inArray, sql } from "drizzle-orm";
import { users, type UserRow } from "../../../schemas/db";
import { createDb, type D1Env } from "./d1";
import { inChunks } from "./in-chunks";

export type UpsertUser = { id: string; email?: string; role?: "user" | "admin"; locale?: "en" | "ko" };

/** Creates the user on first sight; later sightings only refresh email and role when given. */
export async function upsertUser(env: D1Env, input: UpsertUser): Promise<UserRow> {
  const now = new Date();
  const [row] = await createDb(env)
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

export async function findUser(env: D1Env, id: string): Promise<UserRow | undefined> {
  return createDb(env).query.users.findFirst({ where: eq(users.id, id) });
}

export type ProfileChange = Partial<Pick<UserRow, "timezone" | "locale" | "displayName">>;

/** Sets profile fields, creating the user first if this is their first request that needs a row. */
export async function updateProfile(env: D1Env, id: string, change: ProfileChange): Promise<UserRow> {
  await upsertUser(env, { id });
  const [row] = await createDb(env)
    .update(users)
    .set({ ...change, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row!;
}

/** The user's time zone and language, with the defaults for a user without a row. */
export async function userSettings(env: D1Env, id: string): Promise<{ timezone: string; locale: "en" | "ko" }> {
  const [user] = await createDb(env)
    .select({ timezone: users.timezone, locale: users.locale })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return { timezone: user?.timezone ?? "UTC", locale: user?.locale ?? "en" };
}

/** Each known user's language. */
export async function localesOf(env: D1Env, ids: string[]): Promise<Map<string, "en" | "ko">> {
  const rows = await inChunks(ids, (chunk) =>
    createDb(env).select({ id: users.id, locale: users.locale }).from(users).where(inArray(users.id, chunk)),
  );
  return new Map(rows.map((u) => [u.id, u.locale]));
}

/** A page of users by id, after `afterId` ("" for the first): any number of users is walked in bounded reads. */
export async function usersAfter(
  env: D1Env,
  afterId: string,
  limit: number,
): Promise<{ id: string; timezone: string }[]> {
  return createDb(env)
    .select({ id: users.id, timezone: users.timezone })
    .from(users)
    .where(gt(users.id, afterId))
    .orderBy(asc(users.id))
    .limit(limit);
}
