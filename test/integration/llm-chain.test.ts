import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { configOf } from "../../workers/env";
import { LlmUnavailableError } from "../../workers/errors";
import {
  BreakerRegistry,
  LlmChain,
  OfflineProvider,
  OpenAiCompatibleProvider,
  createLlm,
} from "../../workers/ports/llm";

const vendor = (mode: "ok" | "fail" | "slow" | "badjson" | "midstream", name: string = mode) =>
  new OpenAiCompatibleProvider({
    name,
    baseURL: `${inject("vendorUrl")}/${mode}/v1`,
    apiKey: "test",
    model: `fake-${mode}`,
  });

const chainOf = (
  providers: ConstructorParameters<typeof LlmChain>[0],
  extra: Partial<ConstructorParameters<typeof LlmChain>[1]> = {},
) =>
  new LlmChain(providers, {
    timeoutMs: 1000,
    threshold: 3,
    cooldownMs: 60_000,
    breakers: new BreakerRegistry(),
    ...extra,
  });

const ask = (content: string) => ({ messages: [{ role: "user" as const, content }] });

async function collect(tokens: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const t of tokens) out.push(t);
  return out;
}

describe("the LLM fallback chain", () => {
  it("answers from the first healthy OpenAI-compatible provider and says which one answered", async () => {
    const result = await chainOf([vendor("ok"), new OfflineProvider()]).chat(ask("hello"));
    expect(result).toMatchObject({ text: "echo: hello", provider: "ok", model: "fake-ok", offline: false });
  });

  it("skips a failing provider and records the failed attempt", async () => {
    const result = await chainOf([vendor("fail"), vendor("ok")]).chat(ask("안녕"));
    expect(result.text).toBe("echo: 안녕");
    expect(result.provider).toBe("ok");
    expect(result.attempts.map((a) => [a.provider, a.ok])).toEqual([
      ["fail", false],
      ["ok", true],
    ]);
    expect(result.attempts[0]!.error).toMatch(/500|exploded/);
  });

  it("streams tokens over the real chat-completions SSE protocol", async () => {
    const result = await chainOf([vendor("ok")]).stream(ask("one two three"));
    expect(result.provider).toBe("ok");
    const tokens = await collect(result.tokens);
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join("")).toBe("echo: one two three");
  });

  it("passes on the tokens before an error the vendor sends inside the stream, then fails with its message", async () => {
    const result = await chainOf([vendor("midstream"), new OfflineProvider()]).stream(ask("끊김"));
    // the first token arrived, so the stream belongs to this provider: no fallback after it
    expect(result.provider).toBe("midstream");
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const t of result.tokens) seen.push(t);
      })(),
    ).rejects.toThrow(/midstream stream failed: generation interrupted/);
    expect(seen).toEqual(["부분 ", "answer"]);
  });

  it("falls back before the first token when a streaming provider fails", async () => {
    const result = await chainOf([vendor("fail"), vendor("ok")]).stream(ask("stream me"));
    expect(result.provider).toBe("ok");
    expect((await collect(result.tokens)).join("")).toBe("echo: stream me");
  });

  it("falls back when a provider exceeds the per-call timeout", async () => {
    const result = await chainOf([vendor("slow"), new OfflineProvider()], { timeoutMs: 300 }).chat(ask("quick please"));
    expect(result.provider).toBe("offline");
    expect(result.attempts[0]!.error).toMatch(/timed out/);
  });

  it("opens the circuit after repeated failures and stops calling the provider", async () => {
    const breakers = new BreakerRegistry();
    const failing = vendor("fail", `fail-${crypto.randomUUID()}`);
    const chain = chainOf([failing, new OfflineProvider()], { breakers, threshold: 2 });
    await chain.chat(ask("1"));
    await chain.chat(ask("2"));
    const third = await chain.chat(ask("3"));
    expect(third.attempts[0]).toMatchObject({ provider: failing.name, skipped: true, error: "circuit open" });
    expect(third.provider).toBe("offline");
  });

  it("lets one trial through after the cooldown and closes the circuit on success", async () => {
    let now = 0;
    const breakers = new BreakerRegistry();
    const flaky = {
      name: "flaky",
      model: "m",
      offline: false,
      healthy: false,
      async chat() {
        if (!this.healthy) throw new Error("down");
        return "up";
      },
      async *stream() {
        yield "up";
      },
    };
    const chain = chainOf([flaky, new OfflineProvider()], { breakers, threshold: 1, cooldownMs: 1000, now: () => now });
    expect((await chain.chat(ask("a"))).provider).toBe("offline");
    expect((await chain.chat(ask("b"))).attempts[0]!.skipped).toBe(true);
    now = 1500;
    flaky.healthy = true;
    expect((await chain.chat(ask("c"))).provider).toBe("flaky");
  });

  it("throws LlmUnavailableError listing every attempt when all providers fail", async () => {
    const error = await chainOf([vendor("fail", "f1"), vendor("fail", "f2")])
      .chat(ask("x"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmUnavailableError);
    expect((error as LlmUnavailableError).attempts.map((a) => a.provider)).toEqual(["f1", "f2"]);
  });
});

describe("structured output", () => {
  const Schema = z.object({ title: z.string(), score: z.number().int() });

  it("repairs an invalid reply once and validates it with zod", async () => {
    const result = await chainOf([vendor("badjson")]).structured(Schema, ask("rate this"));
    expect(result).toMatchObject({ value: { title: "fixed", score: 7 }, repaired: true, provider: "badjson" });
  });

  it("falls back when a provider cannot produce valid JSON after the repair", async () => {
    const result = await chainOf([vendor("ok"), new OfflineProvider()]).structured(Schema, ask("rate this"));
    expect(result.provider).toBe("offline");
    expect(Schema.safeParse(result.value).success).toBe(true);
    expect(result.attempts[0]!.error).toMatch(/valid JSON/);
  });

  it("gets schema-valid, offline-labelled output from the offline provider", async () => {
    const Feedback = z.object({ summary: z.string(), strengths: z.array(z.string()), weaknesses: z.array(z.string()) });
    const text = "이번 주에 발표를 잘 마쳤다. 하지만 마감을 놓쳤다.";
    const result = await chainOf([new OfflineProvider()]).structured(Feedback, ask(text));
    expect(result.offline).toBe(true);
    expect(result.value.summary).toMatch(/^\[오프라인 응답\]/);
    expect(result.value.strengths).toEqual(["이번 주에 발표를 잘 마쳤다."]);
    expect(result.value.weaknesses).toEqual(["하지만 마감을 놓쳤다."]);
  });
});

describe("createLlm from configuration", () => {
  it("ends every chain with the offline provider, so an empty configuration still answers", async () => {
    const result = await createLlm(env, configOf(env)).chat(ask("How do I give better feedback?"));
    expect(result.provider).toBe("offline");
    expect(result.text).toMatch(/^\[Offline answer\]/);
  });

  it("puts a configured OpenAI-compatible endpoint first", async () => {
    const config = { ...configOf(env), OPENAI_BASE_URL: `${inject("vendorUrl")}/ok/v1`, OPENAI_MODEL: "fake" };
    const result = await createLlm(env, config, { breakers: new BreakerRegistry() }).chat(ask("hi"));
    expect(result).toMatchObject({ provider: "openai", model: "fake", text: "echo: hi" });
  });
});
