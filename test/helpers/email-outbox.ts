import { api, newUser } from "./api";

export type SentEmail = { id: string; to: string; subject: string; text: string; createdAt: string };

/** The newest email the outbox port recorded for `address`, read as an administrator through the API. */
export async function lastEmailTo(address: string): Promise<SentEmail | undefined> {
  // a fresh administrator per read keeps the per-user rate limit out of the way
  const { token } = await newUser("admin");
  let cursor: string | null = null;
  do {
    const res = await api(`/v1/admin/outbox/email?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token });
    if (res.status !== 200) throw new Error(`outbox answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { items: SentEmail[]; nextCursor: string | null };
    const found = page.items.find((e) => e.to === address);
    if (found) return found;
    cursor = page.nextCursor;
  } while (cursor);
  return undefined;
}

/** The 6-digit code in the newest email to `address`. */
export async function codeSentTo(address: string): Promise<string> {
  const email = await lastEmailTo(address);
  const code = email && /\b(\d{6})\b/.exec(email.text)?.[1];
  if (!code) throw new Error(`no code was emailed to ${address}`);
  return code;
}
