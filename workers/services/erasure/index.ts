import type { AuthUser } from "../../../schemas/auth";
import type { ErasurePlan, ErasureReceipt } from "../../../schemas/erasure";
import { ERASURE_STEPS } from "../../../schemas/erasure";
import { subjectHash } from "../../domain/hash";
import type { AppEnv } from "../../env";
import { NotFoundError } from "../../errors";
import { appendAudit } from "../../ports/db/audit";
import { erasureTargets } from "../../ports/db/erasure";
import { findReceipt, openErasure, updateReceipt, type ReceiptState } from "../../ports/db/erasure-receipts";
import { rememberEpoch } from "../token-epochs";

const erasureActor = (env: AppEnv, userId: string) => env.ERASURE.get(env.ERASURE.idFromName(userId));

/**
 * DELETE /v1/me. The plan is stored in the person's erasure actor first (from then on the erasure
 * finishes whatever crashes), then the token epoch and the receipt are written before the 202, so the
 * caller's tokens are refused from the answer on. A second request while one runs gets the same id.
 */
export async function requestErasure(
  env: AppEnv,
  user: AuthUser,
  requestId: string,
): Promise<{ erasureId: string; requestedAt: number }> {
  const stub = erasureActor(env, user.id);
  const hash = await subjectHash(user.id);
  const requestedAt = Date.now();
  const plan: ErasurePlan = {
    // a plan already stored wins: `start` answers with its id
    erasureId: `er_${crypto.randomUUID()}`,
    userId: user.id,
    requestedAt,
    ...(await erasureTargets(env, user.id)),
  };
  const erasureId = await stub.start(plan);
  await openErasure(env, { id: erasureId, subjectHash: hash, at: requestedAt });
  rememberEpoch(user.id, requestedAt);
  await appendAudit(env, {
    actorHash: hash,
    action: "erase.requested",
    subjectHash: hash,
    detail: { erasureId, requestId },
  });
  return { erasureId, requestedAt };
}

/** The receipt's progress after each step (counts so far, steps done). */
export async function recordErasureProgress(env: AppEnv, plan: ErasurePlan, state: ReceiptState): Promise<void> {
  await updateReceipt(env, plan.erasureId, state);
}

/** Closes the receipt and writes the audit entry; what stays names the person only by hash. */
export async function finishErasure(env: AppEnv, plan: ErasurePlan, state: ReceiptState, audit: boolean) {
  const hash = await subjectHash(plan.userId);
  if (audit) {
    await appendAudit(env, {
      actorHash: hash,
      action: "erase.completed",
      subjectHash: hash,
      detail: { erasureId: plan.erasureId, counts: state.counts },
    });
  }
  await updateReceipt(env, plan.erasureId, state, Date.now());
}

/** GET /v1/erasures/{id}: public, since it holds store names and counts only. */
export async function erasureReceipt(env: AppEnv, id: string): Promise<ErasureReceipt> {
  const row = await findReceipt(env, id);
  if (!row) throw new NotFoundError(`no erasure ${id}`);
  return {
    id: row.id,
    status: row.status,
    requestedAt: new Date(row.requestedAt).toISOString(),
    completedAt: row.completedAt === null ? null : new Date(row.completedAt).toISOString(),
    stores: row.state.counts,
    steps: ERASURE_STEPS.map((step) => ({ step, done: row.state.done.includes(step) })),
  };
}
