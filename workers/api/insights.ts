import { createRouter } from "./types";

export const insightRoutes = createRouter();
