import { createRouter } from "./types";

/** Pro analytics reports (#20, helper B): POST /v1/reports/analytics, GET /v1/shared/{token} */
export const analyticsReportRoutes = createRouter();
