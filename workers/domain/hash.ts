/** Hex SHA-256 of a string: request fingerprints and content hashes. */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A person's pseudonymous name in records that outlive them (audit log, erasure receipts, token
 * epochs): stable, so a receipt can be looked up by someone who knows the id, but never the id itself.
 */
export const subjectHash = (userId: string): Promise<string> => sha256(`edge-coach:subject:${userId}`);
