import { describe, expect, it } from "vitest";
import type { Label } from "../../schemas/labels";
import { api, expectProblem, newUser, uniqueId } from "../helpers/api";
import { codeSentTo, lastEmailTo } from "../helpers/email-outbox";

type User = { id: string; token: string };

const put = (u: User, key: string, json: unknown) => api(`/v1/labels/${key}`, { method: "PUT", token: u.token, json });
const verify = (u: User, email: string, key = "affiliation") =>
  api(`/v1/labels/${key}/verify`, { method: "POST", token: u.token, json: { email } });
const confirm = (u: User, code: string, key = "affiliation") =>
  api(`/v1/labels/${key}/verify/confirm`, { method: "POST", token: u.token, json: { code } });
const labels = async (u: User) =>
  ((await (await api("/v1/labels", { token: u.token })).json()) as { items: Label[] }).items;

/** A user with an `affiliation` at snu.ac.kr and a fresh address there. */
async function affiliated(value = "서울대학교", domain: string | null = "snu.ac.kr") {
  const user = await newUser();
  expect((await put(user, "affiliation", domain ? { value, domain } : { value })).status).toBe(200);
  return { user, email: `${uniqueId("kim")}@mail.snu.ac.kr` };
}

const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

describe("labels", () => {
  it("stores a Korean label and lists it, private and unverified by default", async () => {
    const user = await newUser();
    const res = await put(user, "region", { value: "  서울   강남구 " });
    expect(res.status).toBe(200);
    const label = (await res.json()) as Label;
    expect(label).toMatchObject({ key: "region", value: "서울   강남구", visibility: "private", verified: false });
    expect(await labels(user)).toEqual([label]);
  });

  it("replaces a label with PUT", async () => {
    const user = await newUser();
    await put(user, "interest", { value: "running", visibility: "public" });
    await put(user, "interest", { value: "등산", visibility: "public" });
    expect((await labels(user)).map((l) => [l.value, l.visibility])).toEqual([["등산", "public"]]);
  });

  it("deletes a label, and a second delete is 404", async () => {
    const user = await newUser();
    await put(user, "role", { value: "engineer" });
    expect((await api("/v1/labels/role", { method: "DELETE", token: user.token })).status).toBe(204);
    expect(await labels(user)).toEqual([]);
    await expectProblem(await api("/v1/labels/role", { method: "DELETE", token: user.token }), 404);
  });

  it("refuses a key outside the vocabulary on every route with 400", async () => {
    const user = await newUser();
    await expectProblem(await put(user, "salary", { value: "high" }), 400);
    await expectProblem(await api("/v1/labels/salary", { method: "DELETE", token: user.token }), 400);
    await expectProblem(await verify(user, "me@acme.com", "salary"), 400);
    await expectProblem(await confirm(user, "123456", "salary"), 400);
  });

  it("refuses an empty value and a malformed domain with 400", async () => {
    const user = await newUser();
    await expectProblem(await put(user, "affiliation", { value: "   " }), 400);
    await expectProblem(await put(user, "affiliation", { value: "Acme", domain: "not a domain" }), 400);
  });

  it("never shows or deletes another user's labels", async () => {
    const a = await newUser();
    const b = await newUser();
    await put(a, "affiliation", { value: "카카오", visibility: "public" });
    expect(await labels(b)).toEqual([]);
    await expectProblem(await api("/v1/labels/affiliation", { method: "DELETE", token: b.token }), 404);
    await expectProblem(await verify(b, "b@kakao.com"), 404);
    expect((await labels(a)).map((l) => l.value)).toEqual(["카카오"]);
  });
});

describe("label verification by email", () => {
  it("emails a code in Korean to a subdomain address and verifies the label with it", async () => {
    const { user, email } = await affiliated();
    await api("/v1/me/profile", { method: "PATCH", token: user.token, json: { locale: "ko" } });
    const sent = await verify(user, email);
    expect(sent.status).toBe(202);
    expect(await sent.json()).toMatchObject({ sentTo: `k***@mail.snu.ac.kr`, expiresAt: expect.any(String) });
    const mail = await lastEmailTo(email);
    expect(mail?.subject).toContain("인증 코드");
    expect(mail?.text).toContain("서울대학교");
    const res = await confirm(user, await codeSentTo(email));
    expect(res.status).toBe(200);
    const label = (await res.json()) as Label;
    expect(label).toMatchObject({ verified: true, verifiedAt: expect.any(String) });
    expect(await labels(user)).toEqual([label]);
  });

  it("writes the email in English for an English-speaking user, to a value that is itself a domain", async () => {
    const user = await newUser();
    await put(user, "affiliation", { value: "Acme.com" });
    const email = `${uniqueId("jo")}@acme.com`;
    expect((await verify(user, email)).status).toBe(202);
    expect((await lastEmailTo(email))?.subject).toMatch(/^Your Edge Coach verification code: \d{6}$/);
  });

  it("refuses an address outside the organisation's domain with 422 and sends nothing", async () => {
    const { user } = await affiliated();
    const email = `${uniqueId("x")}@notsnu.ac.kr`;
    const body = await expectProblem(await verify(user, email), 422);
    expect(body.detail).toContain("snu.ac.kr");
    expect(await lastEmailTo(email)).toBeUndefined();
  });

  it("refuses a name with no domain with 422 asking for the domain", async () => {
    const { user } = await affiliated("Acme", null);
    const body = await expectProblem(await verify(user, `${uniqueId()}@acme.com`), 422);
    expect(body.detail).toContain("set the label's `domain`");
  });

  it("refuses labels that name no organisation with 422 and a missing label with 404", async () => {
    const user = await newUser();
    await put(user, "role", { value: "acme.com" });
    await expectProblem(await verify(user, "me@acme.com", "role"), 422);
    await expectProblem(await verify(user, "me@acme.com"), 404);
  });

  it("refuses a malformed address and a 5-digit code with 400", async () => {
    const { user } = await affiliated();
    await expectProblem(await verify(user, "kim at snu.ac.kr"), 400);
    await expectProblem(await confirm(user, "12345"), 400);
  });

  it("accepts a code once", async () => {
    const { user, email } = await affiliated();
    await verify(user, email);
    const code = await codeSentTo(email);
    expect((await confirm(user, code)).status).toBe(200);
    const body = await expectProblem(await confirm(user, code), 422);
    expect(body.detail).toContain("already used");
  });

  it("clears the verification when the value changes", async () => {
    const { user, email } = await affiliated();
    await verify(user, email);
    expect((await confirm(user, await codeSentTo(email))).status).toBe(200);
    const changed = (await (await put(user, "affiliation", { value: "서울대", domain: "snu.ac.kr" })).json()) as Label;
    expect(changed).toMatchObject({ verified: false, verifiedAt: null });
  });

  it("clears the verification when the domain changes", async () => {
    const { user, email } = await affiliated();
    await verify(user, email);
    expect((await confirm(user, await codeSentTo(email))).status).toBe(200);
    const changed = (await (await put(user, "affiliation", { value: "서울대학교", domain: "ac.kr" })).json()) as Label;
    expect(changed).toMatchObject({ verified: false, verifiedAt: null });
  });

  it("keeps the verification when only the visibility or the value's case changes", async () => {
    const { user, email } = await affiliated("Snu.ac.kr", null);
    await verify(user, email);
    expect((await confirm(user, await codeSentTo(email))).status).toBe(200);
    const kept = (await (await put(user, "affiliation", { value: "SNU.AC.KR", visibility: "public" })).json()) as Label;
    expect(kept).toMatchObject({ value: "SNU.AC.KR", visibility: "public", verified: true });
  });

  it("locks the label after five wrong codes, even against the right one and a new request", async () => {
    const { user, email } = await affiliated();
    await verify(user, email);
    const code = await codeSentTo(email);
    for (let left = 4; left >= 1; left--) {
      const body = (await expectProblem(await confirm(user, wrongCode(code)), 422)) as { attemptsLeft?: number };
      expect(body.attemptsLeft).toBe(left);
    }
    const fifth = await confirm(user, wrongCode(code));
    await expectProblem(fifth.clone(), 429);
    expect(Number(fifth.headers.get("Retry-After"))).toBeGreaterThan(3590);
    await expectProblem(await confirm(user, code), 429);
    await expectProblem(await verify(user, email), 429);
  });

  it("counts at most five of many concurrent wrong codes, so none gets an extra try", async () => {
    const { user, email } = await affiliated();
    await verify(user, email);
    const code = await codeSentTo(email);
    const guesses = await Promise.all(Array.from({ length: 12 }, () => confirm(user, wrongCode(code))));
    const statuses = guesses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(4).fill(422), ...Array(8).fill(429)]);
    await expectProblem(await confirm(user, code), 429);
  });

  it("verifies once when the right code is confirmed twice at the same time", async () => {
    const { user, email } = await affiliated();
    await verify(user, email);
    const code = await codeSentTo(email);
    const both = await Promise.all([confirm(user, code), confirm(user, code)]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 422]);
  });
});
