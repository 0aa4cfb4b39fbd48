import { createRoute } from "@hono/zod-openapi";
import { TokenRequestSchema, TokenResponseSchema } from "../../schemas/auth";
import { json, notFound, publicErrors, jsonBody } from "../../schemas/common";
import { NotFoundError } from "../errors";
import { createDb } from "../ports/db/d1";
import { upsertUser } from "../ports/db/users";
import { issueToken } from "../ports/identity/jwt";
import { createRouter } from "./types";

const token = createRoute({
  method: "post",
  path: "/auth/token",
  tags: ["Auth"],
  summary: "Issue a development token (404 in production, where the identity provider issues them)",
  security: [],
  request: jsonBody(TokenRequestSchema),
  responses: { 200: json(TokenResponseSchema, "A signed HS256 token"), ...publicErrors, ...notFound },
});

export const auth = createRouter().openapi(token, async (c) => {
  const config = c.get("config");
  if (config.ENVIRONMENT === "production") throw new NotFoundError("no route for POST /v1/auth/token");
  const body = c.req.valid("json");
  await upsertUser(createDb(c.env), { id: body.userId, email: body.email, role: body.role });
  return c.json(await issueToken({ id: body.userId, email: body.email, role: body.role }, config), 200);
});
