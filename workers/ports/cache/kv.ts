import type { z } from "zod";
import type { Cache } from ".";

// KV refuses expirationTtl below 60 seconds.
const KV_MIN_TTL = 60;

/** The default cache: Workers KV, eventually consistent across locations, TTLs of at least a minute. */
export class KvCache implements Cache {
  constructor(
    private readonly kv: KVNamespace,
    private readonly prefix = "",
  ) {}

  async get<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const raw = await this.kv.get(this.prefix + key, "json");
    if (raw === null) return undefined;
    const parsed = schema.safeParse(raw);
    return parsed.success ? parsed.data : undefined;
  }

  async put(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.kv.put(this.prefix + key, JSON.stringify(value), {
      expirationTtl: Math.max(KV_MIN_TTL, Math.ceil(ttlSeconds)),
    });
  }

  async delete(key: string): Promise<void> {
    await this.kv.delete(this.prefix + key);
  }
}
