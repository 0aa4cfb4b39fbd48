/**
 * What both Kafka REST adapters share: Basic auth, the request budget, splitting records into
 * requests, and retries. A call retries inside itself only briefly (the queue consumer has a wall
 * and CPU budget); past that it throws, and the queue retries the whole message with its own
 * backoff and dead-letters it after `max_retries`.
 */

export type KafkaRestTarget = { url: string; username?: string; password?: string };

export type RetryPolicy = {
  /** Requests per chunk of records, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Wall time one chunk may spend waiting between attempts; a longer Retry-After gives up at once. */
  budgetMs: number;
  /** Per request, so a hung proxy cannot hold the consumer. */
  timeoutMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 2_000,
  budgetMs: 8_000,
  timeoutMs: 10_000,
};

/**
 * At most 500 records and 512 KiB of serialized records per request: half the 1 MiB that Kafka's
 * producer `max.request.size` and nginx's `client_max_body_size` default to, so a proxy on defaults
 * never refuses a batch, while a queue batch of 500 small events still goes in one request.
 */
export const REQUEST_LIMITS = { records: 500, bytes: 512 * 1024 };

/** A produce that failed, naming the HTTP status (null when the server was unreachable) and the server's error. */
export class KafkaRestError extends Error {
  override readonly name = "KafkaRestError";
  constructor(
    message: string,
    readonly status: number | null,
    readonly retriable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** One record the server refused inside an accepted request (v2 `offsets[i].error_code`, v3 delivery reports). */
export type RecordFailure = { index: number; code: number; message: string; retriable: boolean };

const encoder = new TextEncoder();

/** The Basic credentials over UTF-8 (btoa alone throws on a Hangul password). */
export function basicAuth(username: string, password: string): string {
  return `Basic ${btoa(String.fromCharCode(...encoder.encode(`${username}:${password}`)))}`;
}

/** Serialized records in request-sized groups, in order; a record over the byte cap goes alone. */
export function chunkSerialized(parts: string[], limits = REQUEST_LIMITS): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const part of parts) {
    const size = encoder.encode(part).byteLength + 1;
    if (current.length > 0 && (current.length >= limits.records || bytes + size > limits.bytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(part);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** POSTs with the target's credentials and a timeout; a network failure becomes a retriable KafkaRestError. */
export async function post(
  target: KafkaRestTarget,
  url: string,
  headers: Record<string, string>,
  body: BodyInit,
  timeoutMs: number,
): Promise<Response> {
  const auth: Record<string, string> =
    target.username !== undefined ? { Authorization: basicAuth(target.username, target.password ?? "") } : {};
  try {
    return await fetch(url, {
      method: "POST",
      headers: { ...headers, ...auth },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new KafkaRestError(`Kafka REST unreachable at POST ${url}: ${String(error)}`, null, true);
  }
}

/** Both APIs answer errors as `{error_code, message}`; the error keeps both beside the HTTP status. */
export async function failureOf(res: Response, url: string): Promise<KafkaRestError> {
  const text = await res.text();
  let detail = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (body && typeof body === "object" && "message" in body)
      detail = `${String(body.error_code)} ${String(body.message)}`;
  } catch {
    // a proxy or load balancer in front may answer HTML; its first bytes are the best clue
  }
  const retriable = res.status === 429 || res.status >= 500;
  return new KafkaRestError(
    `Kafka REST answered ${res.status} to POST ${url}: ${detail}`,
    res.status,
    retriable,
    retryAfterMs(res.headers.get("Retry-After")),
  );
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until every record is accepted. A retriable failure (5xx, 429, unreachable, or
 * retriable per-record errors) waits (exponential backoff with jitter, or Retry-After when longer)
 * and resends only the records still pending; anything else throws at once.
 */
/**
 * Produces serialized records to a topic in request-sized chunks, one after another so a key's records
 * stay in order on their partition, each chunk with retries.
 */
export async function produceInChunks(
  topic: string,
  parts: string[],
  send: (pending: string[]) => Promise<RecordFailure[]>,
  policy: RetryPolicy,
): Promise<void> {
  for (const chunk of chunkSerialized(parts)) {
    await withRetries(`producing ${chunk.length} records to ${topic}`, chunk, send, policy);
  }
}

export async function withRetries<T>(
  what: string,
  items: T[],
  attempt: (pending: T[]) => Promise<RecordFailure[]>,
  policy: RetryPolicy,
): Promise<void> {
  const started = Date.now();
  let pending = items;
  for (let n = 1; ; n++) {
    let reason: KafkaRestError;
    try {
      const failures = await attempt(pending);
      if (failures.length === 0) return;
      const first = failures.find((f) => !f.retriable) ?? failures[0]!;
      reason = new KafkaRestError(
        `${failures.length} of ${pending.length} records refused, first with ${first.code} ${first.message}`,
        first.code,
        failures.every((f) => f.retriable),
      );
      pending = failures.map((f) => pending[f.index]!);
    } catch (error) {
      if (!(error instanceof KafkaRestError)) throw error;
      reason = error;
    }
    if (!reason.retriable) throw new KafkaRestError(`${what}: ${reason.message}`, reason.status, false);
    if (n >= policy.attempts) {
      throw new KafkaRestError(`${what} failed after ${n} attempts: ${reason.message}`, reason.status, true);
    }
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1)) * (0.5 + Math.random() / 2);
    const wait = Math.max(backoff, reason.retryAfterMs ?? 0);
    if (Date.now() - started + wait > policy.budgetMs) {
      throw new KafkaRestError(
        `${what}: giving up after ${n} attempts, waiting ${Math.ceil(wait)} ms more would pass the ${policy.budgetMs} ms budget: ${reason.message}`,
        reason.status,
        true,
      );
    }
    await sleep(wait);
  }
}
