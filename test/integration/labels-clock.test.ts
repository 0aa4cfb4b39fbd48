// Expiry and lockout on a moved clock: the service takes `now`, so these call it directly with the
// test bindings (real D1) instead of sleeping; the code is read from the outbox as a user would.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { RateLimitedError } from "../../workers/errors";
import { confirmVerification, removeLabel, requestVerification, saveLabel } from "../../workers/services/labels";
import { uniqueId } from "../helpers/api";
import { codeSentTo } from "../helpers/email-outbox";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A user with a `snu.ac.kr` affiliation, a fresh address there and a code sent to it at `t0`. */
async function pending(t0: number) {
  const userId = uniqueId("clock");
  await saveLabel(env, userId, "affiliation", { value: "서울대학교", domain: "snu.ac.kr" }, t0);
  const email = `${uniqueId("lee")}@snu.ac.kr`;
  await requestVerification(env, userId, "affiliation", email, t0);
  return { userId, email, code: await codeSentTo(email) };
}

const confirmAt = (userId: string, code: string, at: number) =>
  confirmVerification(env, userId, "affiliation", code, at);
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

async function lockAt(userId: string, code: string, at: number) {
  for (let i = 0; i < 5; i++) await expect(confirmAt(userId, wrong(code), at)).rejects.toThrow(/wrong code|locked/);
}

describe("label verification over time", () => {
  it("accepts a code a moment before ten minutes have passed", async () => {
    const t0 = Date.now();
    const { userId, code } = await pending(t0);
    expect((await confirmAt(userId, code, t0 + 10 * MINUTE - 1)).verified).toBe(true);
  });

  it("refuses a code once ten minutes have passed", async () => {
    const t0 = Date.now();
    const { userId, code } = await pending(t0);
    await expect(confirmAt(userId, code, t0 + 10 * MINUTE)).rejects.toThrow(/expired/);
  });

  it("replaces the older code with a newer one, so the older one is wrong", async () => {
    const t0 = Date.now();
    const { userId, email, code: older } = await pending(t0);
    let newer = older;
    // a new code equals the old one once in a million draws; ask again until they differ
    for (let s = 1; newer === older; s++) {
      await requestVerification(env, userId, "affiliation", email, t0 + s * 1000);
      newer = await codeSentTo(email);
    }
    await expect(confirmAt(userId, older, t0 + 2 * MINUTE)).rejects.toThrow(/wrong code/);
    expect((await confirmAt(userId, newer, t0 + 2 * MINUTE)).verified).toBe(true);
  });

  it("keeps counting wrong codes across a new code", async () => {
    const t0 = Date.now();
    const { userId, email, code } = await pending(t0);
    for (let i = 0; i < 4; i++) await expect(confirmAt(userId, wrong(code), t0)).rejects.toThrow(/wrong code/);
    await requestVerification(env, userId, "affiliation", email, t0 + MINUTE);
    const fresh = await codeSentTo(email);
    await expect(confirmAt(userId, wrong(fresh), t0 + MINUTE)).rejects.toBeInstanceOf(RateLimitedError);
  });

  it("still holds the lock a moment before the hour ends", async () => {
    const t0 = Date.now();
    const { userId, email, code } = await pending(t0);
    await lockAt(userId, code, t0);
    await expect(requestVerification(env, userId, "affiliation", email, t0 + HOUR - 1)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it("lifts the lock after an hour: a new code can be requested and confirmed", async () => {
    const t0 = Date.now();
    const { userId, email, code } = await pending(t0);
    await lockAt(userId, code, t0);
    await requestVerification(env, userId, "affiliation", email, t0 + HOUR);
    const fresh = await codeSentTo(email);
    expect((await confirmAt(userId, fresh, t0 + HOUR + MINUTE)).verified).toBe(true);
  });

  it("keeps the lock when the label is deleted and created again", async () => {
    const t0 = Date.now();
    const { userId, email, code } = await pending(t0);
    await lockAt(userId, code, t0);
    await removeLabel(env, userId, "affiliation", t0 + MINUTE);
    await saveLabel(env, userId, "affiliation", { value: "서울대학교", domain: "snu.ac.kr" }, t0 + MINUTE);
    await expect(requestVerification(env, userId, "affiliation", email, t0 + 2 * MINUTE)).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it("refuses the code after the label moved to another domain", async () => {
    const t0 = Date.now();
    const { userId, code } = await pending(t0);
    await saveLabel(env, userId, "affiliation", { value: "고려대학교", domain: "korea.ac.kr" }, t0 + MINUTE);
    await expect(confirmAt(userId, code, t0 + 2 * MINUTE)).rejects.toThrow(/domain changed/);
  });
});
