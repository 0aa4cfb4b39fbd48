const DIGITS = 6;
const SPACE = 10 ** DIGITS;
// the largest multiple of 10^6 below 2^32: draws at or above it are redrawn, so `% SPACE` is uniform
const UNBIASED_LIMIT = Math.floor(2 ** 32 / SPACE) * SPACE;

/** A uniformly random 6-digit code ("004217" included) from the platform's CSPRNG, without modulo bias. */
export function generateCode(random: (buffer: Uint32Array) => Uint32Array = (b) => crypto.getRandomValues(b)): string {
  const draw = new Uint32Array(1);
  for (;;) {
    const n = random(draw)[0]!;
    if (n < UNBIASED_LIMIT) return String(n % SPACE).padStart(DIGITS, "0");
  }
}

/**
 * HMAC-SHA-256 of the code bound to its user and label, keyed by a server secret. A million codes are
 * hashed in a second, so without the key a leaked table would give every pending code away.
 */
export async function hashCode(pepper: Uint8Array, userId: string, key: string, code: string): Promise<string> {
  const hmacKey = await crypto.subtle.importKey("raw", pepper, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode(`${userId}\u0000${key}\u0000${code}`));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares two hashes in time that depends only on their length, not on where they first differ. */
export function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
