import type { D1Env } from "../db/d1";
import { OutboxEmailSender } from "./outbox";

export type OutgoingEmail = { to: string; subject: string; text: string; locale: "en" | "ko" };

/** Sends one plain-text email; resolves once the adapter has accepted it. */
export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ id: string }>;
}

/**
 * The outbox adapter is the only one so far: nothing leaves the platform, and development reads the
 * mail at `GET /v1/admin/outbox/email`. A provider adapter would be chosen here from the configuration.
 */
export function createEmailSender(env: D1Env, now: () => number = Date.now): EmailSender {
  return new OutboxEmailSender(env, now);
}
