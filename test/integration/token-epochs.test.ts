import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import type { AppEnv } from "../../workers/env";
import { subjectHash } from "../../workers/domain/hash";
import { openErasure } from "../../workers/ports/db/erasure-receipts";
import { assertTokenCurrent, forgetEpochs, rememberEpoch } from "../../workers/services/token-epochs";
import { fullScans, meterD1 } from "../helpers/d1-meter";

const appEnv = env as AppEnv;
const seconds = (ms: number) => Math.floor(ms / 1000);
const userId = () => `epoch-${crypto.randomUUID()}`;

/** An erasure as another isolate records it: in D1 only, so this isolate has not remembered it. */
async function erasedElsewhere(id: string, at: number) {
  await openErasure(appEnv, { id: `er_${crypto.randomUUID()}`, subjectHash: await subjectHash(id), at });
}

const refused = (promise: Promise<void>) =>
  expect(promise).rejects.toThrow("this token was issued before the account was erased");

describe("token epochs: the watermark and each subject's epoch", () => {
  afterEach(forgetEpochs);

  it("refuses a subject's tokens from before its erasure and keeps everyone else's, whichever isolate recorded it", async () => {
    const [erased, other] = [userId(), userId()];
    const at = Date.now();
    await erasedElsewhere(erased, at);
    forgetEpochs(); // a fresh isolate: it learns both epochs from D1
    await refused(assertTokenCurrent(appEnv, erased, seconds(at) - 60));
    await refused(assertTokenCurrent(appEnv, erased, undefined));
    // a token of someone else issued before the erasure falls back to its own subject's epoch: none
    await expect(assertTokenCurrent(appEnv, other, seconds(at) - 60)).resolves.toBeUndefined();
    await expect(assertTokenCurrent(appEnv, erased, seconds(at) + 1)).resolves.toBeUndefined();
  });

  it("answers tokens issued after every epoch with one read of the watermark, not a read per subject", async () => {
    await erasedElsewhere(userId(), Date.now() - 60_000);
    forgetEpochs();
    const meter = meterD1(appEnv.DB);
    const metered = { ...appEnv, DB: meter.db };
    // after every epoch in this database (the other tests erase at the current second)
    const issuedAt = seconds(Date.now()) + 2;
    await assertTokenCurrent(metered, userId(), issuedAt);
    await Promise.all(Array.from({ length: 5 }, () => assertTokenCurrent(metered, userId(), issuedAt)));
    expect(meter.statements).toHaveLength(1);
    expect(meter.statements[0]!.sql).toMatch(/max\("not_before"\) from "revoked_subjects"/);
    expect(await fullScans(appEnv.DB, meter.statements)).toEqual([]);
  });

  it("refuses at once in the isolate that accepted the erasure, even when its watermark was read before", async () => {
    const id = userId();
    const issuedAt = seconds(Date.now()) + 2; // after every epoch so far
    await assertTokenCurrent(appEnv, id, issuedAt); // the watermark is now fresh, and older than the token
    const at = (issuedAt + 1) * 1000;
    await erasedElsewhere(id, at);
    rememberEpoch(id, at);
    await refused(assertTokenCurrent(appEnv, id, issuedAt));
    // an unrelated subject's token from the same moment is still current (its own epoch: none)
    await expect(assertTokenCurrent(appEnv, userId(), issuedAt)).resolves.toBeUndefined();
  });
});
