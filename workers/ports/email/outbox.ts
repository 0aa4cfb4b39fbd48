import { insertEmail } from "../db/email-outbox";
import type { D1Env } from "../db/d1";
import type { EmailSender, OutgoingEmail } from "./index";

/** Records the email in D1's `email_outbox` instead of delivering it. */
export class OutboxEmailSender implements EmailSender {
  constructor(
    private readonly env: D1Env,
    private readonly now: () => number,
  ) {}

  async send(email: OutgoingEmail): Promise<{ id: string }> {
    const id = await insertEmail(this.env, {
      to: email.to,
      subject: email.subject,
      body: email.text,
      createdAt: this.now(),
    });
    return { id };
  }
}
