import { createRouter } from "./types";

/** Export (#20, helper C): GET /v1/me/export */
export const exportRoutes = createRouter();
