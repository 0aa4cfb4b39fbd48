import { createRouter } from "./types";

export const lifelogRoutes = createRouter();
