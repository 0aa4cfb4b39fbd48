import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { configOf } from "../../workers/env";
import { createLlm, offlineFirst } from "../../workers/ports/llm";

const ask = (content: string) => ({ messages: [{ role: "user" as const, content }] });

describe("the offline provider's reading pace (OFFLINE_TOKENS_PER_SECOND)", () => {
  it("is off in the tests (vitest.config.mts binds 0), so answers arrive at once", () => {
    expect(configOf(env).OFFLINE_TOKENS_PER_SECOND).toBe(0);
  });

  it("a paced chain streams the offline answer through workerd's scheduler, token by token, to the same text", async () => {
    const llm = createLlm(env, { ...configOf(env), OFFLINE_TOKENS_PER_SECOND: 500 });
    const question = ask("위임을 잘하려면 무엇부터 해야 하나요? 팀원에게 결과를 맡기고 싶습니다.");
    const streamed = await llm.stream(question);
    expect(streamed).toMatchObject({ provider: "offline", offline: true });
    const tokens: string[] = [];
    for await (const token of streamed.tokens) tokens.push(token);
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join("")).toBe((await llm.chat(question)).text);
  });

  it("job stages are paced only while the offline provider answers first", () => {
    const config = configOf(env);
    expect(offlineFirst(config, env)).toBe(true);
    expect(offlineFirst({ ...config, OPENAI_BASE_URL: "http://127.0.0.1:9/v1" }, env)).toBe(false);
    const vendorFirst = [
      { kind: "openai" as const, name: "v", baseURL: "http://127.0.0.1:9/v1", apiKey: "x", model: "m" },
    ];
    expect(offlineFirst({ ...config, LLM_PROVIDERS: vendorFirst }, env)).toBe(false);
    expect(
      offlineFirst({ ...config, LLM_PROVIDERS: [{ kind: "offline", name: "offline" }, ...vendorFirst] }, env),
    ).toBe(true);
  });
});
