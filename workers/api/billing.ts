import { createRouter } from "./types";

/** Billing (#20, helper A): POST /v1/billing/webhook, GET /v1/me/entitlements */
export const billingRoutes = createRouter();
