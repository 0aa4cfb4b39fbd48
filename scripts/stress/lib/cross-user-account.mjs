// Cross-user matrix entries for billing, analytics reports, export and erasure (#20); cross-user.mjs explains the kinds. Pure module.
import { foreign, mine } from "./cross-user-kinds.mjs";

/** Per-user resources of this part, in the shape of cross-user.mjs's RESOURCES. */
export const ACCOUNT_RESOURCES = [
  {
    // billing (#20, A): the plan is read for the verified caller only; A's plan is made by Stripe, not by A's calls
    name: "billing entitlements",
    async create() {
      return {};
    },
    operations: {
      "GET /v1/me/entitlements": mine({ control: () => ['"tier"'] }),
    },
  },
  {
    // export (#20, C): every record of the verified caller only; A's export shows what A wrote (the marker).
    // B's own records may name A's ids (B's follows, comments and reactions on A's posts), so only the
    // marker is scanned for
    name: "export",
    async create() {
      return {};
    },
    operations: {
      "GET /v1/me/export": mine({ control: (a) => [a.marker, a.user], scanIds: false }),
    },
  },
  {
    // analytics reports (#20, B): the list reads the verified caller's rows only (user_id = sub). The matrix's
    // users are Free, so A has no report to show and B's list is empty; who may read whose reports and jobs is
    // tested with Pro users in test/integration/analytics-reports.test.ts ("keeps the job and the report from
    // anyone else")
    name: "analytics reports",
    async create() {
      return {};
    },
    operations: {
      "GET /v1/reports/analytics": mine(),
    },
  },
];

/** Operations of this part that hold no per-user data, with the reason. */
export const ACCOUNT_SHARED = {
  "DELETE /v1/me": {
    reason:
      "erases the verified caller only (the token's sub; it takes no id): called as B it would end B's part of the matrix, so it is not called here. test/integration/erasure.test.ts proves another person's posts, follows and community survive an erasure, with only the erased person's reactions, comments and follows removed",
  },
  "GET /v1/erasures/{id}": {
    reason:
      "public receipt: store names, counts and times only, keyed by a random id; the person is named nowhere in it",
    call: { params: { id: "er_00000000-0000-4000-8000-000000000000" } },
  },
  "POST /v1/billing/webhook": {
    reason:
      "public, for Stripe: a delivery names its user inside the Stripe-signed body, never through a token; unsigned calls (B's) are refused with 400",
    call: {},
  },
  "POST /v1/reports/analytics": {
    reason:
      "Pro only, and the matrix's users are Free: B's call is a 402 that writes nothing (the report and its job belong to the verified caller; GET /v1/jobs/{id} for another user's report is 404, tested in analytics-reports.test.ts)",
    call: {},
  },
  "GET /v1/shared/{token}": {
    reason:
      "public by design: the signed, expiring link is the permission (a capability naming one report, not a user); a changed or expired link is 403",
    call: { params: { token: "bWF0cml4.bm90LXNpZ25lZA" } },
  },
  "POST /v1/billing/checkout": {
    reason:
      "stores nothing and shows nothing of anyone: it asks Stripe for a checkout page naming the verified caller (and the Stripe customer of the caller's own earlier checkout); without Stripe keys (tests, the stress suite) it is 503, so it is not called",
  },
};

void foreign;
void mine;
