import { z } from "@hono/zod-openapi";
import { IdSchema } from "./common";

export const RoleSchema = z.enum(["user", "admin"]);
export type Role = z.infer<typeof RoleSchema>;

export const TokenRequestSchema = z
  .strictObject({
    userId: IdSchema.openapi({ example: "demo-ko" }),
    email: z.email().max(254).optional(),
    role: RoleSchema.default("user"),
  })
  .openapi("TokenRequest", { example: { userId: "demo-ko", role: "user" } });

export const TokenResponseSchema = z
  .object({ token: z.string(), expiresAt: z.string().datetime() })
  .openapi("TokenResponse");

/** The claims we trust after verification. `sub` is the user id and the only actor address. */
export const VerifiedClaimsSchema = z.object({
  sub: IdSchema,
  role: RoleSchema.catch("user"),
  email: z.string().optional(),
});
export type AuthUser = {
  id: string;
  role: Role;
  email?: string;
  /** The token's `iat` (seconds), when it has one: a token older than its subject's epoch is refused. */
  issuedAt?: number;
};
