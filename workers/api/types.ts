import { OpenAPIHono } from "@hono/zod-openapi";
import type { AuthUser } from "../../schemas/auth";
import type { Config } from "../../schemas/config";
import type { AppEnv } from "../env";
import { validationHook } from "./problem";

/** Per-request values set by middleware; never module globals. */
export type Vars = {
  requestId: string;
  config: Config;
  user?: AuthUser;
  /** The request erased its caller (DELETE /v1/me): its own log line must not name them. */
  erasedCaller?: true;
};
export type AppBindings = { Bindings: AppEnv; Variables: Vars };

/** Every sub-app is created here so all of them turn validation failures into problem+json. */
export const createRouter = () => new OpenAPIHono<AppBindings>({ defaultHook: validationHook });

/** The authenticated user; routes behind `authenticate()` can rely on it. */
export function userOf(c: { get(key: "user"): AuthUser | undefined }): AuthUser {
  const user = c.get("user");
  if (!user) throw new Error("userOf called on a public route");
  return user;
}

/** The caller's own actor, addressed by the verified `sub` only. */
export const userActor = (c: { env: AppEnv; get(key: "user"): AuthUser | undefined }) =>
  c.env.USER_ACTOR.get(c.env.USER_ACTOR.idFromName(userOf(c).id));

/** The caller's own life-log actor, addressed like their UserActor by the verified `sub` only. */
export const lifelogActor = (c: { env: AppEnv; get(key: "user"): AuthUser | undefined }) =>
  c.env.LIFELOG.get(c.env.LIFELOG.idFromName(userOf(c).id));
