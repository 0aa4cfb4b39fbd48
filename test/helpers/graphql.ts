import { expect } from "vitest";
import { api } from "./api";

/** The GraphQL tests' shared helpers: one home for the request, the data, REST's answer and the comparison. */
export type User = { id: string; token: string };
export type Json = Record<string, unknown>;
export type GqlBody = { data?: Json | null; errors?: { message: string; extensions?: Json }[] };

/** A POST /graphql as `user`; GraphQL errors are 200 with `errors[]`. */
export async function gql(user: User, query: string, variables?: Json): Promise<GqlBody> {
  const res = await api("/graphql", { method: "POST", token: user.token, json: { query, variables } });
  expect(res.status).toBe(200);
  return (await res.json()) as GqlBody;
}

/** The data of a query that must succeed. */
export async function data(user: User, query: string, variables?: Json): Promise<Json> {
  const body = await gql(user, query, variables);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

/** The `extensions.code` of each error. */
export const codes = (body: GqlBody) => (body.errors ?? []).map((e) => e.extensions?.code);

/** REST's answer to the same user, which GraphQL is compared with. */
export async function rest(user: User, path: string, init: { method?: string; json?: unknown } = {}): Promise<Json> {
  const res = await api(path, { ...init, token: user.token });
  expect(res.status, path).toBeLessThan(300);
  return (await res.json()) as Json;
}

/** GraphQL answers every field it was asked (null where REST leaves a key out): compare without null keys. */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, compact(v)]),
    );
  return value;
}
