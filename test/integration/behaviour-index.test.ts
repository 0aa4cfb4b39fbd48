import { env } from "cloudflare:workers";
import { describe, expect, inject, it } from "vitest";
import type { Config } from "../../schemas/config";
import type { LoggedEvent } from "../../schemas/events";
import { configOf } from "../../workers/env";
import { createBehaviourIndex } from "../../workers/ports/search";
import { uniqueId } from "../helpers/api";

const ES = inject("elasticsearchUrl");
const KEY = inject("elasticsearchApiKey");

/** A behaviour index writing under a prefix of its own, and the name of its Elasticsearch index. */
function fresh(overrides: Partial<Config> = {}) {
  const prefix = uniqueId("b");
  const config = {
    ...configOf(env),
    ELASTICSEARCH_URL: ES,
    ELASTICSEARCH_API_KEY: KEY,
    ELASTICSEARCH_INDEX_PREFIX: prefix,
  };
  return { index: createBehaviourIndex(env, { ...config, ...overrides })!, name: `${prefix}-user-actions` };
}

/** Elasticsearch's REST API as an operator would call it, to look at what the adapter wrote. */
async function es(method: string, path: string, body?: unknown) {
  const res = await fetch(`${ES}${path}`, {
    method,
    headers: { authorization: `ApiKey ${KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const events = (n: number, userId = uniqueId("u")): LoggedEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    userId,
    traceId: `t-${i}`,
    type: i % 2 ? "view" : "search",
    itemId: i % 2 ? `item-${i}` : null,
    category: i % 2 ? "도서" : null,
    query: i % 2 ? null : "리더십 책 추천",
    at: 1_760_000_000_000 + i,
  }));

describe("the Elasticsearch behaviour index", () => {
  it("is not created when ELASTICSEARCH_URL is unset", () => {
    expect(createBehaviourIndex(env, { ...configOf(env), ELASTICSEARCH_URL: undefined })).toBeNull();
  });

  it("writes user actions in _bulk requests of at most 500", async () => {
    const { index, name } = fresh();
    await index.index(events(1201));
    const log = (await (await fetch(`${ES}/_fake/requests`)).json()) as {
      path: string;
      actions?: Record<string, number>;
    }[];
    expect(log.filter((r) => r.actions?.[name]).map((r) => r.actions![name])).toEqual([500, 500, 201]);
  });

  it("maps the index before the first write: keywords, text and an epoch-millisecond date", async () => {
    const { index, name } = fresh();
    await index.index(events(1));
    const { body } = await es("GET", `/${name}/_mapping`);
    expect(body[name].mappings.properties).toMatchObject({
      userId: { type: "keyword" },
      query: { type: "text" },
      at: { type: "date", format: "epoch_millis" },
    });
  });

  it("overwrites an event's own document when it is indexed again, keeping Korean text intact", async () => {
    const { index, name } = fresh();
    const batch = events(4);
    await index.index(batch);
    await index.index(batch.slice(0, 2));
    await es("POST", `/${name}/_refresh`);
    const { body } = await es("POST", `/${name}/_search`, { query: { match_all: {} }, size: 10 });
    expect(body.hits.total.value).toBe(4);
    const doc = await es("GET", `/${name}/_doc/${encodeURIComponent(`${batch[0]!.userId}:t-0`)}`);
    expect(doc.body).toMatchObject({ _version: 2, _source: { query: "리더십 책 추천", type: "search" } });
  });

  it("forgets one person's documents (erasure), just written or not, and keeps everyone else's", async () => {
    const { index, name } = fresh();
    const person = events(3, uniqueId("gone"));
    await index.index([...person, ...events(2, "user-stays")]);
    // no refresh in between: the erasure must find documents written a moment ago
    expect(await index.forget(person[0]!.userId)).toBe(3);
    expect(await index.forget(person[0]!.userId)).toBe(0);
    await es("POST", `/${name}/_refresh`);
    const { body } = await es("POST", `/${name}/_search`, { query: { match_all: {} }, size: 10 });
    expect(body.hits.hits.map((h: { _source: LoggedEvent }) => h._source.userId)).toEqual(["user-stays", "user-stays"]);
  });

  it("keeps two users' events apart even when their traceIds are equal", async () => {
    const { index, name } = fresh();
    await index.index([...events(1, "user-a"), ...events(1, "user-b")]);
    await es("POST", `/${name}/_refresh`);
    const { body } = await es("POST", `/${name}/_search`, { query: { term: { traceId: "t-0" } } });
    expect(body.hits.hits.map((h: { _source: LoggedEvent }) => h._source.userId).sort()).toEqual(["user-a", "user-b"]);
  });

  it("fails with Elasticsearch's reason when it refuses a document", async () => {
    const { index, name } = fresh();
    // an index someone created by hand with another mapping: user ids cannot be parsed as numbers
    await es("PUT", `/${name}`, { mappings: { properties: { at: { type: "double" }, userId: { type: "double" } } } });
    await expect(index.index(events(2))).rejects.toThrow(/refused 2 of 2 user actions .*document_parsing_exception/);
  });

  it("fails with a clear error when Elasticsearch is down", async () => {
    const { index } = fresh({ ELASTICSEARCH_URL: "http://127.0.0.1:1" });
    await expect(index.index(events(1))).rejects.toThrow(/Elasticsearch is unreachable/);
  });
});
