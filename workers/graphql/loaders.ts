import type { Context } from "hono";
import type { AppBindings } from "../api/types";

/** Per-request batch loaders: every field resolved per item goes through one, so a list costs a fixed number of reads. */
export type Loaders = Record<string, never>;

export function createLoaders(_c: Context<AppBindings>): Loaders {
  return {};
}
