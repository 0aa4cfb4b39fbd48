import type { LabelKey } from "../../schemas/labels";
import { labelValueKey } from "./lifelog/label-value";

/** Only a label that names an organisation can be proven by an address at that organisation's domain. */
export const VERIFIABLE_KEYS: ReadonlySet<LabelKey> = new Set(["affiliation"]);

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_WRONG_ATTEMPTS = 5;
export const LOCK_MS = 60 * 60_000;

const DOMAIN = /^(?=.{3,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/;

/** The domain the label's organisation receives mail at: the explicit one, else the value when it is a domain. */
export function organisationDomain(label: { value: string; domain: string | null }): string | null {
  if (label.domain) return label.domain;
  const key = labelValueKey(label.value);
  return DOMAIN.test(key) ? key : null;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/** mail.acme.com belongs to acme.com; notacme.com and acme.com.evil.io do not. */
export function domainMatches(email: string, organisation: string): boolean {
  const domain = emailDomain(email);
  return domain === organisation || domain.endsWith(`.${organisation}`);
}

/** Enough of the address for the user to recognise it, not enough to harvest it from a response. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return `${email.slice(0, Math.min(1, at))}***@${email.slice(at + 1)}`;
}

export type Email = { subject: string; text: string };

/** The verification email in the user's language. */
export function verificationEmail(locale: "en" | "ko", code: string, organisation: string): Email {
  const minutes = CODE_TTL_MS / 60_000;
  if (locale === "ko") {
    return {
      subject: `Edge Coach 소속 인증 코드: ${code}`,
      text:
        `안녕하세요.\n\n${organisation} 소속 인증 코드는 ${code} 입니다.\n` +
        `${minutes}분 안에 입력해 주세요. 코드는 한 번만 쓸 수 있습니다.\n\n` +
        `직접 요청하지 않았다면 이 메일을 무시하셔도 됩니다.`,
    };
  }
  return {
    subject: `Your Edge Coach verification code: ${code}`,
    text:
      `Hello,\n\nYour code to verify your affiliation with ${organisation} is ${code}.\n` +
      `Enter it within ${minutes} minutes; it works once.\n\n` +
      `If you did not ask for it, you can ignore this email.`,
  };
}
