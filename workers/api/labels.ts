import { createRoute } from "@hono/zod-openapi";
import { authedErrors, json, jsonBody, notFound, problem, readErrors } from "../../schemas/common";
import {
  LabelConfirmSchema,
  LabelKeyParamSchema,
  LabelListSchema,
  LabelPutSchema,
  LabelSchema,
  LabelVerifySchema,
  VerificationSentSchema,
} from "../../schemas/labels";
import { listLabels, toLabel } from "../ports/db/labels";
import { confirmVerification, removeLabel, requestVerification, saveLabel } from "../services/labels";
import { emailOutboxRoutes } from "./email-outbox";
import { createRouter, userOf } from "./types";

const params = { params: LabelKeyParamSchema };
const locked = {
  429: problem(
    "Too many requests, or five wrong codes have locked this label's verification for an hour; " +
      "retry after `Retry-After` seconds",
  ),
};

const list = createRoute({
  method: "get",
  path: "/labels",
  tags: ["Life-log"],
  summary: "Your labels (affiliation, role, interest, region, age band), each with its verification",
  responses: { 200: json(LabelListSchema, "Your labels, by key"), ...readErrors },
});

const put = createRoute({
  method: "put",
  path: "/labels/{key}",
  tags: ["Life-log"],
  summary: "Create or replace a label",
  description:
    "Replaces the whole label: an omitted `visibility` is `private`, an omitted `domain` is none. Changing the " +
    "value (beyond case and spacing) or the domain clears its verification.",
  request: { ...params, ...jsonBody(LabelPutSchema) },
  responses: { 200: json(LabelSchema, "The label"), ...authedErrors },
});

const remove = createRoute({
  method: "delete",
  path: "/labels/{key}",
  tags: ["Life-log"],
  summary: "Delete a label",
  description: "A lock from wrong codes outlasts the delete: re-creating the label does not lift it.",
  request: params,
  responses: { 204: { description: "Deleted" }, ...readErrors, ...notFound },
});

const verify = createRoute({
  method: "post",
  path: "/labels/{key}/verify",
  tags: ["Life-log"],
  summary: "Email a 6-digit code to an address at the label's organisation",
  description:
    "Only `affiliation` can be verified. The address's domain must be the label's `domain`, or its value when " +
    "that is a domain, or a subdomain of it; otherwise 422 and no code is sent. The code expires after 10 " +
    "minutes and replaces any earlier one; a locked label gets no code (429).",
  request: { ...params, ...jsonBody(LabelVerifySchema) },
  responses: {
    202: json(VerificationSentSchema, "The code was sent"),
    ...authedErrors,
    ...notFound,
    ...locked,
    422: problem("The label cannot be verified by email, names no domain, or the address is not at its domain"),
  },
});

const confirm = createRoute({
  method: "post",
  path: "/labels/{key}/verify/confirm",
  tags: ["Life-log"],
  summary: "Confirm the emailed code: the label becomes verified",
  description:
    "A code works once. A wrong code answers 422 with `attemptsLeft`; the fifth wrong code in a row locks the " +
    "label's verification for an hour (429 with `Retry-After`), and a new code does not lift the lock.",
  request: { ...params, ...jsonBody(LabelConfirmSchema) },
  responses: {
    200: json(LabelSchema, "The verified label"),
    ...authedErrors,
    ...notFound,
    ...locked,
    422: problem("Wrong, expired, used or replaced code, or no code was requested"),
  },
});

export const labelRoutes = createRouter()
  .openapi(list, async (c) => {
    const rows = await listLabels(c.env, userOf(c).id);
    return c.json({ items: rows.map(toLabel) }, 200);
  })
  .openapi(put, async (c) => {
    const { key } = c.req.valid("param");
    return c.json(await saveLabel(c.env, userOf(c).id, key, c.req.valid("json"), Date.now()), 200);
  })
  .openapi(remove, async (c) => {
    await removeLabel(c.env, userOf(c).id, c.req.valid("param").key, Date.now());
    return c.body(null, 204);
  })
  .openapi(verify, async (c) => {
    const { key } = c.req.valid("param");
    const sent = await requestVerification(c.env, userOf(c).id, key, c.req.valid("json").email, Date.now());
    return c.json(sent, 202);
  })
  .openapi(confirm, async (c) => {
    const { key } = c.req.valid("param");
    return c.json(await confirmVerification(c.env, userOf(c).id, key, c.req.valid("json").code, Date.now()), 200);
  })
  .route("/", emailOutboxRoutes);
