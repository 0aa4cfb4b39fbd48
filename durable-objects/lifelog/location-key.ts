import { fromBase64Url, toBase64Url } from "../../workers/domain/base64url";

const PREFIX = "v1.";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The user's key for location metadata (AES-256-GCM, WebCrypto). It lives only in this actor's
 * storage: every archived copy of a place (D1, the queue, Postgres) is sealed with it, so forgetting
 * the key makes all of them unreadable at once, wherever they were copied (crypto-shredding).
 */
export class LocationKey {
  private key: CryptoKey | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS lifelog_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)`);
  }

  /** `v1.<iv>.<ciphertext>`, both base64url; a fresh 96-bit IV per value. */
  async seal(plain: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await this.current(), encoder.encode(plain));
    return `${PREFIX}${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
  }

  /** The plain text, or null when the value was sealed with a key this actor no longer has. */
  async open(sealed: string): Promise<string | null> {
    const [version, iv, body] = sealed.split(".");
    const ivBytes = fromBase64Url(iv ?? "");
    const bodyBytes = fromBase64Url(body ?? "");
    if (`${version}.` !== PREFIX || !ivBytes || !bodyBytes) return null;
    try {
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: ivBytes }, await this.current(), bodyBytes);
      return decoder.decode(plain);
    } catch {
      // the authentication tag fails for a value sealed with a forgotten key: unreadable by design
      return null;
    }
  }

  /** Deletes the key; values sealed with it stay unreadable, new ones get a new key. */
  forget(): void {
    this.sql.exec(`DELETE FROM lifelog_secrets WHERE name = 'location'`);
    this.key = null;
  }

  private async current(): Promise<CryptoKey> {
    if (this.key) return this.key;
    const row = this.sql
      .exec<{ value: string }>(`SELECT value FROM lifelog_secrets WHERE name = 'location'`)
      .toArray()[0];
    let raw = row ? fromBase64Url(row.value) : null;
    if (!raw) {
      raw = crypto.getRandomValues(new Uint8Array(32));
      this.sql.exec(`INSERT OR REPLACE INTO lifelog_secrets (name, value) VALUES ('location', ?)`, toBase64Url(raw));
    }
    this.key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    return this.key;
  }
}
