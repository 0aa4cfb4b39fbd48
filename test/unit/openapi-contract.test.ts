// The published /openapi.json, checked the way a client generator would read it: a real OpenAPI 3.1
// validator, every pattern compiled and matched by an example, and no schema that no value can meet.
// It runs in Node because the validator compiles JSON Schemas to functions, which workerd forbids;
// the Worker itself is started by wrangler's programmatic API, so the document is the one served.
import { Validator } from "@seriousme/openapi-schema-validator";
import { unstable_dev, type Unstable_DevWorker } from "wrangler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Schema = {
  $ref?: string;
  pattern?: string;
  example?: unknown;
  examples?: unknown[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
};
type Doc = { components: { schemas: Record<string, Schema> } };

/**
 * Values for patterns whose schemas carry no example of their own. A new pattern needs an
 * `example` in its schema (preferred) or a row here; either way the test proves a value meets it.
 */
const WITNESSES: Record<string, string> = {
  "^[A-Za-z0-9_.:@-]+$": "demo-ko",
  "^\\d{1,15}$": "42",
  "^q\\d{2}$": "q07",
  "^[\\w./-]+\\.md$": "leadership/styles.md",
};

let worker: Unstable_DevWorker;
let doc: Doc;

beforeAll(async () => {
  worker = await unstable_dev("workers/index.ts", {
    config: "wrangler.toml",
    vars: { ENVIRONMENT: "test", LOG_LEVEL: "error" },
    logLevel: "error",
    experimental: { disableExperimentalWarning: true },
  });
  doc = (await (await worker.fetch("/openapi.json")).json()) as Doc;
}, 60_000);

afterAll(() => worker?.stop());

/** Every schema object in the document, with a path for messages. */
function* schemasIn(node: unknown, path = "#"): Generator<[string, Schema]> {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) yield* schemasIn(child, `${path}/${i}`);
    return;
  }
  const record = node as Record<string, unknown>;
  if (typeof record.pattern === "string" || Array.isArray(record.allOf)) yield [path, record as Schema];
  for (const [key, child] of Object.entries(record)) yield* schemasIn(child, `${path}/${key}`);
}

const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(doc.components.schemas[schema.$ref.split("/").pop()!]!) : schema;

describe("the published OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    const result = await new Validator().validate(doc as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("has patterns that compile as Unicode regexes and that a real value matches", () => {
    const patterns = [...schemasIn(doc)].filter(([, s]) => s.pattern !== undefined);
    expect(patterns.length).toBeGreaterThan(5);
    for (const [path, schema] of patterns) {
      const regex = new RegExp(schema.pattern!, "u");
      const samples = [schema.example, ...(schema.examples ?? []), WITNESSES[schema.pattern!]].filter(
        (v): v is string => typeof v === "string",
      );
      expect(samples, `${path}: pattern ${schema.pattern} has no example`).not.toEqual([]);
      for (const sample of samples) expect(regex.test(sample), `${path}: "${sample}" ∉ ${schema.pattern}`).toBe(true);
    }
  });

  it("never combines closed objects that forbid each other's fields", () => {
    for (const [path, schema] of [...schemasIn(doc)].filter(([, s]) => s.allOf)) {
      const members = schema.allOf!.map(resolve);
      const fields = new Set(members.flatMap((m) => Object.keys(m.properties ?? {})));
      for (const member of members.filter((m) => m.additionalProperties === false)) {
        const own = Object.keys(member.properties ?? {});
        expect(
          [...fields].filter((f) => !own.includes(f)),
          `${path}: allOf of closed objects`,
        ).toEqual([]);
      }
    }
  });
});
