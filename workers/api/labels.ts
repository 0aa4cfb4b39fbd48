import { createRouter } from "./types";

export const labelRoutes = createRouter();
