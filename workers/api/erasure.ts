import { createRouter } from "./types";

/** Erasure (#20): DELETE /v1/me */
export const erasureRoutes = createRouter();
