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
];

/** Operations of this part that hold no per-user data, with the reason. */
export const ACCOUNT_SHARED = {
  "POST /v1/billing/webhook": {
    reason:
      "public, for Stripe: a delivery names its user inside the Stripe-signed body, never through a token; unsigned calls (B's) are refused with 400",
    call: {},
  },
  "POST /v1/billing/checkout": {
    reason:
      "stores nothing and shows nothing of anyone: it asks Stripe for a checkout page naming the verified caller (and the Stripe customer of the caller's own earlier checkout); without Stripe keys (tests, the stress suite) it is 503, so it is not called",
  },
};

void foreign;
void mine;
