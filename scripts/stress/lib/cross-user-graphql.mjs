// Cross-user matrix entries for the GraphQL gateway (POST/GET /graphql) (#19); cross-user.mjs explains the kinds. Pure module.
// GraphQL answers a refused field with 200 and `errors[]`, not a 404, so the gateway's entries are `mine`:
// B asks for B's own data through every per-user field and nothing of A's may come back. Naming A's
// resources through GraphQL (A's private post, A's timeline entry) is tested in
// test/integration/graphql-social.test.ts and graphql-gateway.test.ts, field by field.
import { mine } from "./cross-user-kinds.mjs";

/** Yesterday (UTC), the day cross-user.mjs's life-log resource logs A's event on. */
const LIFE_DAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

/** Every per-user query field; the feed and communities also list other people's public posts and communities by design. */
const OWN_DATA = `{
  me { userId }
  timeline(day: "${LIFE_DAY}", tz: "UTC") { day entries { id category sourceEventIds geo { place } } }
  weekSummary(start: "${LIFE_DAY}") { days { day minutes { work leisure } } }
  labelInsights(key: "affiliation", value: "Org") { suppressed cohort { size } }
  recommendations(limit: 5) { strategy items { itemId } }
}`;

/** A GraphQL answer with errors is a failure of B's own call, not a pass. */
const noErrors = (body) =>
  body.includes('"errors"') ? `B's own GraphQL query answered errors: ${body.slice(0, 200)}` : null;

/** Per-user resources of this part, in the shape of cross-user.mjs's RESOURCES. */
export const GRAPHQL_RESOURCES = [
  {
    name: "the GraphQL gateway's per-user fields",
    // A's timeline entry (a.entry) comes from cross-user.mjs's life-log resource
    create: async () => ({}),
    operations: {
      "POST /graphql": mine({ json: { query: OWN_DATA }, check: noErrors, control: (a) => [a.entry] }),
      "GET /graphql": mine({
        query: `?query=${encodeURIComponent(OWN_DATA)}`,
        check: noErrors,
        control: (a) => [a.entry],
      }),
    },
  },
];

/** Operations of this part that hold no per-user data, with the reason. */
export const GRAPHQL_SHARED = {
  "GET /graphql/schema.graphql": { reason: "the public GraphQL schema (SDL), the same for everyone", call: {} },
};
