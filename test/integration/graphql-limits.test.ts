import { getIntrospectionQuery } from "graphql";
import { describe, expect, it } from "vitest";
import { GRAPHQL_MAX_COST, GRAPHQL_MAX_DEPTH, GRAPHQL_ROOT_FIELD_COST } from "../../schemas/graphql";
import { api, newUser } from "../helpers/api";
import { activity, daysAgo, postActivity, timelineOf } from "../helpers/lifelog";

type GqlBody = {
  data?: Record<string, unknown> | null;
  errors?: { extensions?: { code?: string } & Record<string, unknown> }[];
};

async function gql(token: string, query: string, variables?: Record<string, unknown>) {
  const res = await api("/graphql", { method: "POST", token, json: { query, variables } });
  expect(res.status).toBe(200);
  return { body: (await res.json()) as GqlBody };
}

const codes = (body: GqlBody) => (body.errors ?? []).map((e) => e.extensions?.code);

describe("depth and cost limits", () => {
  const nested = (levels: number) => {
    let inner = "name";
    for (let i = 0; i < levels; i++) inner = `ofType { ${inner} }`;
    return `{ __type(name: "Timeline") { fields { type { ${inner} } } } }`;
  };

  it("accepts GraphiQL's own introspection query", async () => {
    const user = await newUser();
    const { body } = await gql(user.token, getIntrospectionQuery());
    expect(body.errors).toBeUndefined();
    expect((body.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name).toBe("Query");
  });

  it(`refuses a query deeper than ${GRAPHQL_MAX_DEPTH} levels with QUERY_TOO_DEEP before any resolver runs`, async () => {
    const user = await newUser();
    const ok = await gql(user.token, nested(GRAPHQL_MAX_DEPTH - 4));
    expect(ok.body.errors).toBeUndefined();
    const { body } = await gql(user.token, `{ me { userId } ${nested(GRAPHQL_MAX_DEPTH).slice(1)}`);
    expect(codes(body)).toEqual(["QUERY_TOO_DEEP"]);
    // a validation error: GraphQL never started executing, so not even `me` has an answer
    expect(body.data).toBeUndefined();
  });

  it(`refuses a query costing more than ${GRAPHQL_MAX_COST} with QUERY_TOO_COMPLEX; lists count once per item`, async () => {
    const user = await newUser();
    const fields = "items { itemId title reason score category price basedOn reasonCode }";
    const cheap = await gql(user.token, `{ recommendations(limit: 100) { ${fields} } }`);
    expect(cheap.body.errors).toBeUndefined();
    const aliases = Array.from({ length: 8 }, (_, i) => `r${i}: recommendations(limit: 100) { ${fields} }`).join(" ");
    const { body } = await gql(user.token, `{ ${aliases} }`);
    expect(codes(body)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(body.errors![0]!.extensions).toMatchObject({ limit: GRAPHQL_MAX_COST });
    expect(body.data).toBeUndefined();
  });

  it("refuses a costly mutation before any of its fields runs", async () => {
    const user = await newUser();
    await postActivity(user.token, [activity("screen_time", `${daysAgo(1)}T10:00:00Z`, 30, { app: "Slack" })]);
    const before = (await timelineOf(user.token, daysAgo(1))).body.entries[0]!;
    const fields = "id start end category confidence source sourceEventIds classifiedBy geo { place }";
    const aliases = Array.from(
      { length: 500 },
      (_, i) => `m${i}: submitFeedback(entryId: $e, category: "exercise") { ${fields} }`,
    );
    const { body } = await gql(user.token, `mutation($e: ID!) { ${aliases.join(" ")} }`, { e: before.id });
    expect(codes(body)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect((await timelineOf(user.token, daysAgo(1))).body.entries[0]).toEqual(before);
  });

  it(`counts each top-level field as ${GRAPHQL_ROOT_FIELD_COST}: a request cannot ask for hundreds of posts by alias`, async () => {
    const user = await newUser();
    const perAlias = GRAPHQL_ROOT_FIELD_COST + 1;
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `p${i}: post(id: "no-such-post-${i}") { id }`);
    const refused = await gql(user.token, `{ ${aliases(Math.floor(GRAPHQL_MAX_COST / perAlias) + 1).join(" ")} }`);
    expect(codes(refused.body)).toEqual(["QUERY_TOO_COMPLEX"]);
    expect(refused.body.errors![0]!.extensions).toMatchObject({
      cost: (Math.floor(GRAPHQL_MAX_COST / perAlias) + 1) * perAlias,
    });
    const few = await gql(user.token, `{ ${aliases(3).join(" ")} }`);
    expect(codes(few.body)).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
  });

  it("counts a list whose limit is a variable at the maximum", async () => {
    const user = await newUser();
    const fields = "items { itemId title reason score category price basedOn reasonCode }";
    const aliases = Array.from({ length: 8 }, (_, i) => `r${i}: recommendations(limit: $n) { ${fields} }`).join(" ");
    const { body } = await gql(user.token, `query($n: Int) { ${aliases} }`, { n: 1 });
    expect(codes(body)).toEqual(["QUERY_TOO_COMPLEX"]);
  });

  it("measures fragments spread inside fragments without blowing up", async () => {
    const user = await newUser();
    const frags = Array.from({ length: 12 }, (_, i) =>
      i === 11 ? `fragment F${i} on Me { userId }` : `fragment F${i} on Me { ...F${i + 1} ...F${i + 1} ...F${i + 1} }`,
    ).join("\n");
    const { body } = await gql(user.token, `{ me { ...F0 } }\n${frags}`);
    expect(codes(body)).toEqual(["QUERY_TOO_COMPLEX"]);
  });
});
