import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/index";
import { createEmailSender } from "../../workers/ports/email";
import { api, BASE, expectProblem, newUser, signToken, uniqueId } from "../helpers/api";
import type { SentEmail } from "../helpers/email-outbox";

type Page = { items: SentEmail[]; nextCursor: string | null };
const outbox = async (token: string, query = "") => api(`/v1/admin/outbox/email${query}`, { token });

describe("GET /v1/admin/outbox/email", () => {
  it("lists what the outbox port recorded, newest first, a page at a time", async () => {
    // far in the future, so no other test's mail is newer than these two
    const at = Date.UTC(2098, 0, 1) + Math.floor(Math.random() * 1e9);
    const [older, newer] = [`${uniqueId("a")}@acme.com`, `${uniqueId("b")}@acme.com`];
    await createEmailSender(env, () => at).send({ to: older, subject: "첫 번째", text: "본문", locale: "ko" });
    await createEmailSender(env, () => at + 1).send({ to: newer, subject: "second", text: "body", locale: "en" });
    const { token } = await newUser("admin");
    const first = (await (await outbox(token, "?limit=1")).json()) as Page;
    expect(first.items.map((e) => [e.to, e.subject, e.text])).toEqual([[newer, "second", "body"]]);
    const second = (await (await outbox(token, `?limit=1&cursor=${first.nextCursor}`)).json()) as Page;
    expect(second.items.map((e) => [e.to, e.subject, e.createdAt])).toEqual([
      [older, "첫 번째", new Date(at).toISOString()],
    ]);
  });

  it("refuses a cursor that is not from this list with 400", async () => {
    const { token } = await newUser("admin");
    await expectProblem(await outbox(token, "?cursor=not-a-cursor"), 400);
  });

  it("refuses a non-admin with 403", async () => {
    const { token } = await newUser();
    await expectProblem(await outbox(token), 403);
  });

  it("answers 404 in production, even to an administrator", async () => {
    const secret = "a-production-secret-for-the-outbox-test";
    const { ENVIRONMENT: _test, JWKS_URL: _jwks, ...bindings } = env as unknown as Record<string, unknown>;
    const prod = { ...bindings, ENVIRONMENT: "production", JWT_SECRET: secret } as unknown as typeof env;
    const token = await signToken({ sub: uniqueId("admin"), role: "admin" }, secret);
    const res = await worker.fetch(
      new Request(`${BASE}/v1/admin/outbox/email`, {
        headers: { Authorization: `Bearer ${token}`, "CF-Connecting-IP": "203.0.113.77" },
      }),
      prod,
      createExecutionContext(),
    );
    const body = await expectProblem(res, 404);
    expect(body.detail).toBe("no route for GET /v1/admin/outbox/email");
  });
});
