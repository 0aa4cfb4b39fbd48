import type { Label, LabelKey, LabelPut, VerificationSent } from "../../schemas/labels";
import {
  CODE_TTL_MS,
  domainMatches,
  emailDomain,
  LOCK_MS,
  maskEmail,
  MAX_WRONG_ATTEMPTS,
  organisationDomain,
  VERIFIABLE_KEYS,
  verificationEmail,
} from "../domain/labels";
import { labelValueKey } from "../domain/lifelog/label-value";
import { generateCode, hashCode, sameHash } from "../domain/verification-code";
import { configOf, type AppEnv } from "../env";
import { ConfigError, NotFoundError, RateLimitedError, RuleViolationError } from "../errors";
import {
  countWrongAttempt,
  deleteLabel,
  findLabel,
  findVerification,
  putLabel,
  replaceCode,
  toLabel,
  useCode,
  type LabelRow,
  type VerificationRow,
} from "../ports/db/labels";
import { userSettings } from "../ports/db/users";
import { createEmailSender } from "../ports/email";
import { hmacSecret } from "../ports/identity/jwt";

// Every function takes `now` (ms) so tests can move the clock; routes pass Date.now().

/** Creates or replaces the whole label: an omitted visibility is `private`, an omitted domain is none. */
export async function saveLabel(env: AppEnv, userId: string, key: LabelKey, put: LabelPut, now: number) {
  const row = await putLabel(
    env,
    userId,
    key,
    {
      value: put.value,
      valueKey: labelValueKey(put.value),
      visibility: put.visibility ?? "private",
      domain: put.domain ?? null,
    },
    now,
  );
  return toLabel(row);
}

export async function removeLabel(env: AppEnv, userId: string, key: LabelKey, now: number): Promise<void> {
  if (!(await deleteLabel(env, userId, key, now))) throw new NotFoundError(`you have no ${key} label`);
}

/**
 * Sends a fresh code to `email` when its domain is the label's organisation's. A mismatch is refused
 * here, before any code exists, so a code can only ever reach an address that could verify the label.
 */
export async function requestVerification(
  env: AppEnv,
  userId: string,
  key: LabelKey,
  email: string,
  now: number,
): Promise<VerificationSent> {
  const { label, organisation } = await verifiableLabel(env, userId, key);
  if (!domainMatches(email, organisation)) throw mismatch(email, organisation);
  const code = generateCode();
  const expiresAt = now + CODE_TTL_MS;
  const codeHash = await hashCode(pepper(env), userId, key, code);
  const stored = await replaceCode(env, userId, key, { email, codeHash, expiresAt }, now, LOCK_MS);
  if (!stored) throw locked((await findVerification(env, userId, key))?.lockedUntil ?? now + LOCK_MS, now);
  const { locale } = await userSettings(env, userId);
  await createEmailSender(env, () => now).send({ to: email, locale, ...verificationEmail(locale, code, label.value) });
  return { sentTo: maskEmail(email), expiresAt: new Date(expiresAt).toISOString() };
}

/**
 * Checks the code: a wrong one is counted (the fifth locks the label for an hour), the right one is
 * used once and verifies the label, provided the label still names the domain the code was sent to.
 */
export async function confirmVerification(
  env: AppEnv,
  userId: string,
  key: LabelKey,
  code: string,
  now: number,
): Promise<Label> {
  const { label, organisation } = await verifiableLabel(env, userId, key);
  const pending = checkable(await findVerification(env, userId, key), now);
  const codeHash = await hashCode(pepper(env), userId, key, code);
  if (!sameHash(codeHash, pending.codeHash)) {
    const counted = await countWrongAttempt(env, userId, key, now, { max: MAX_WRONG_ATTEMPTS, lockMs: LOCK_MS });
    if (!counted) {
      checkable(await findVerification(env, userId, key), now);
      throw locked(now + LOCK_MS, now);
    }
    if (counted.lockedUntil !== null) throw locked(counted.lockedUntil, now);
    const left = MAX_WRONG_ATTEMPTS - counted.attempts;
    const wrong = new RuleViolationError(`wrong code: ${left} attempt${left === 1 ? "" : "s"} left`);
    wrong.extra.attemptsLeft = left;
    throw wrong;
  }
  if (!domainMatches(pending.email, organisation))
    throw new RuleViolationError("the label's domain changed after the code was sent; request a new code");
  const result = await useCode(env, userId, label, codeHash, now, MAX_WRONG_ATTEMPTS);
  if (!result.used) {
    checkable(await findVerification(env, userId, key), now);
    throw new RuleViolationError("a newer code replaced this one; use the latest code");
  }
  if (!result.label) throw new RuleViolationError("the label changed while it was being verified; request a new code");
  return toLabel(result.label);
}

async function verifiableLabel(env: AppEnv, userId: string, key: LabelKey) {
  if (!VERIFIABLE_KEYS.has(key))
    throw new RuleViolationError(
      `only a label naming an organisation (affiliation) can be verified by email, not ${key}`,
    );
  const label: LabelRow | undefined = await findLabel(env, userId, key);
  if (!label) throw new NotFoundError(`you have no ${key} label; create it with PUT /v1/labels/${key} first`);
  const organisation = organisationDomain(label);
  if (!organisation)
    throw new RuleViolationError(
      `"${label.value}" is not a domain: set the label's \`domain\` (the organisation's email domain, ` +
        `such as "snu.ac.kr") with PUT /v1/labels/${key} to verify it`,
    );
  return { label, organisation };
}

/** The pending code, when one can be checked against it now; otherwise throws why not. */
function checkable(pending: VerificationRow | undefined, now: number): VerificationRow {
  if (pending?.lockedUntil != null && pending.lockedUntil > now) throw locked(pending.lockedUntil, now);
  if (!pending) throw new RuleViolationError("no code was requested for this label; request one first");
  if (pending.usedAt !== null)
    throw new RuleViolationError("the code was already used; request a new one to verify again");
  if (pending.expiresAt <= now) throw new RuleViolationError("the code has expired; request a new one");
  return pending;
}

function locked(until: number, now: number): RateLimitedError {
  return new RateLimitedError(
    `too many wrong codes: verification of this label is locked until ${new Date(until).toISOString()}`,
    Math.max(1, Math.ceil((until - now) / 1000)),
  );
}

const mismatch = (email: string, organisation: string) =>
  new RuleViolationError(
    `${emailDomain(email)} is not ${organisation} or one of its subdomains; use an address at the organisation`,
  );

/** The code hashes' key: the token secret, so codes in a leaked D1 stay unguessable offline. */
function pepper(env: AppEnv): Uint8Array {
  const secret = hmacSecret(configOf(env));
  if (!secret) throw new ConfigError("label verification needs JWT_SECRET, which keys the codes' hashes");
  return secret;
}
