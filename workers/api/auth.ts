import { createRoute } from "@hono/zod-openapi";
import { TokenRequestSchema, TokenResponseSchema } from "../../schemas/auth";
import { json, notFound, publicErrors, jsonBody } from "../../schemas/common";
import { upsertUser } from "../ports/db/users";
import { issueToken } from "../ports/identity/jwt";
import { developmentOnly } from "./middleware/development-only";
import { createRouter } from "./types";

const token = createRoute({
  method: "post",
  path: "/auth/token",
  tags: ["Auth"],
  summary: "Issue a development token (404 in production, where the identity provider issues them)",
  security: [],
  middleware: [developmentOnly()] as const,
  request: jsonBody(TokenRequestSchema),
  responses: { 200: json(TokenResponseSchema, "A signed HS256 token"), ...publicErrors, ...notFound },
});

export const auth = createRouter().openapi(token, async (c) => {
  const config = c.get("config");
  const body = c.req.valid("json");
  await upsertUser(c.env, { id: body.userId, email: body.email, role: body.role });
  return c.json(await issueToken({ id: body.userId, email: body.email, role: body.role }, config), 200);
});
