import { z } from "zod";
import type { ChatRequest, LlmAttempt } from "../../../schemas/llm";
import { CircuitBreaker, type BreakerOptions } from "../../domain/circuit-breaker";
import { LlmUnavailableError, StructuredOutputError } from "../../errors";
import type { Answer, ChatResult, Llm, LlmProvider, StreamResult, StructuredResult } from "./types";

export type ChainOptions = BreakerOptions & {
  timeoutMs: number;
  now?: () => number;
  breakers?: BreakerRegistry;
};

/**
 * Breaker state lives per isolate: a failing vendor is skipped by every request this isolate
 * serves, with no storage round trip on the hot path. Isolates learn independently, which only
 * costs each one `threshold` failed calls.
 */
export type ProviderHealth = {
  calls: number;
  failures: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastSuccessAt: string | null;
  lastLatencyMs: number | null;
};

export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly health = new Map<string, ProviderHealth>();

  get(name: string, options: BreakerOptions): CircuitBreaker {
    let breaker = this.breakers.get(name);
    if (!breaker) this.breakers.set(name, (breaker = new CircuitBreaker(options)));
    return breaker;
  }

  record(name: string, ok: boolean, ms: number, error?: string): void {
    const h = this.health.get(name) ?? {
      calls: 0,
      failures: 0,
      lastError: null,
      lastErrorAt: null,
      lastSuccessAt: null,
      lastLatencyMs: null,
    };
    const at = new Date().toISOString();
    h.calls++;
    h.lastLatencyMs = ms;
    if (ok) h.lastSuccessAt = at;
    else Object.assign(h, { failures: h.failures + 1, lastError: error ?? null, lastErrorAt: at });
    this.health.set(name, h);
  }

  /** What this isolate has seen of a provider (breaker state is per isolate, see above). */
  report(name: string, now: number) {
    return {
      breaker: this.breakers.get(name)?.snapshot(now) ?? {
        state: "closed" as const,
        consecutiveFailures: 0,
        openedAt: null,
      },
      ...(this.health.get(name) ?? null),
    };
  }
}

export const isolateBreakerRegistry = () => isolateBreakers;
const isolateBreakers = new BreakerRegistry();

const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

/** Ordered fallback over providers, each call bounded by a timeout and guarded by a breaker. */
export class LlmChain implements Llm {
  private readonly now: () => number;
  private readonly breakers: BreakerRegistry;

  constructor(
    private readonly providers: LlmProvider[],
    private readonly options: ChainOptions,
  ) {
    if (providers.length === 0) throw new Error("an LLM chain needs at least one provider");
    this.now = options.now ?? Date.now;
    this.breakers = options.breakers ?? isolateBreakers;
  }

  chat(request: ChatRequest): Promise<ChatResult> {
    return this.run(async (p, signal) => ({ text: await p.chat(request, { signal }) }));
  }

  /** Falls back only until the first token arrives; after that the stream belongs to one provider. */
  stream(request: ChatRequest): Promise<StreamResult> {
    return this.run(async (p, signal) => {
      const iterator = p.stream(request, { signal })[Symbol.asyncIterator]();
      const first = await iterator.next();
      async function* tokens() {
        if (first.done) return;
        yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      }
      return { tokens: tokens() };
    });
  }

  async structured<T>(schema: z.ZodType<T>, request: ChatRequest): Promise<StructuredResult<T>> {
    const jsonSchema = z.toJSONSchema(schema, { unrepresentable: "any" });
    const instruction = {
      role: "system" as const,
      content: `Reply with one JSON value and nothing else. It must match this JSON Schema:\n${JSON.stringify(jsonSchema)}`,
    };
    return this.run(async (p, signal) => {
      if (p.structured) {
        return { value: schema.parse(await p.structured(jsonSchema, request)), repaired: false };
      }
      const messages = [instruction, ...request.messages];
      const text = await p.chat({ ...request, messages }, { signal });
      const first = parseJson(text, schema);
      if (first.success) return { value: first.data, repaired: false };
      // one repair round: show the model its own reply and what was wrong with it
      const repair = await p.chat(
        {
          ...request,
          messages: [
            ...messages,
            { role: "assistant", content: text },
            { role: "user", content: `That reply was not valid: ${first.error}. Reply with only the corrected JSON.` },
          ],
        },
        { signal },
      );
      const second = parseJson(repair, schema);
      if (second.success) return { value: second.data, repaired: true };
      throw new StructuredOutputError(`${p.name} did not produce valid JSON after one repair: ${second.error}`);
    });
  }

  private async run<R>(call: (provider: LlmProvider, signal: AbortSignal) => Promise<R>): Promise<R & Answer> {
    const attempts: LlmAttempt[] = [];
    for (const provider of this.providers) {
      const breaker = this.breakers.get(provider.name, this.options);
      const started = this.now();
      if (!breaker.tryAcquire(started)) {
        attempts.push({ provider: provider.name, ok: false, skipped: true, error: "circuit open", ms: 0 });
        continue;
      }
      const controller = new AbortController();
      const timer = setTimeout(
        () => controller.abort(new Error(`timed out after ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      try {
        const result = await Promise.race([call(provider, controller.signal), aborted(controller.signal)]);
        breaker.onSuccess();
        attempts.push({ provider: provider.name, ok: true, ms: this.now() - started });
        this.breakers.record(provider.name, true, this.now() - started);
        const { name, model, offline } = provider;
        return { ...result, provider: name, model, offline, attempts };
      } catch (error) {
        breaker.onFailure(this.now());
        attempts.push({ provider: provider.name, ok: false, error: message(error), ms: this.now() - started });
        this.breakers.record(provider.name, false, this.now() - started, message(error));
      } finally {
        // for a stream this bounds only the wait for its first token
        clearTimeout(timer);
      }
    }
    throw new LlmUnavailableError(attempts);
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

function parseJson<T>(text: string, schema: z.ZodType<T>) {
  const body = text.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, "");
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { success: false as const, error: "the reply is not JSON" };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { success: true as const, data: parsed.data }
    : { success: false as const, error: z.prettifyError(parsed.error) };
}
