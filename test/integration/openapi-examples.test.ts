import { describe, expect, it } from "vitest";
import { api } from "../helpers/api";

type Schema = {
  $ref?: string;
  type?: string | string[];
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Media = { schema?: Schema; example?: unknown; examples?: Record<string, { value?: unknown }> };
type Operation = { requestBody?: { content?: Record<string, Media> } };
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

const METHODS = new Set(["post", "put", "patch", "delete"]);

/**
 * The sample body Swagger UI shows for a schema (roughly its own generator): an `example` where there is
 * one, else one built from the properties, where a string without example, enum, default or format is the
 * placeholder "string". `found` counts the examples the sample was built from.
 */
function sample(schema: Schema, doc: Doc, found: { examples: number }, depth = 0): unknown {
  if (depth > 12) return null;
  if (schema.$ref) return sample(doc.components!.schemas![schema.$ref.split("/").pop()!]!, doc, found, depth + 1);
  if (schema.example !== undefined) {
    found.examples++;
    return schema.example;
  }
  if (schema.examples?.length) {
    found.examples++;
    return schema.examples[0];
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const first = schema.allOf?.[0] ?? schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (first && !schema.properties) return sample(first, doc, found, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "object" || schema.properties)
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, doc, found, depth + 1)]),
    );
  if (type === "array") return schema.items ? [sample(schema.items, doc, found, depth + 1)] : [];
  if (type === "string") return schema.format ? `<${schema.format}>` : "string";
  if (type === "number" || type === "integer") return 0;
  if (type === "boolean") return true;
  return null;
}

/** Paths inside `value` where a string is the literal "string". */
function placeholders(value: unknown, at = "$"): string[] {
  if (value === "string") return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholders(v, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => placeholders(v, `${at}.${k}`));
  return [];
}

describe("request body examples in /openapi.json", () => {
  it('every JSON request body has an example, and no sample body Swagger UI builds says "string"', async () => {
    const doc = (await (await api("/openapi.json")).json()) as Doc;
    const bodies = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method, op]) => METHODS.has(method) && op.requestBody?.content?.["application/json"])
        .map(([method, op]) => ({
          route: `${method.toUpperCase()} ${path}`,
          media: op.requestBody!.content!["application/json"]!,
        })),
    );
    expect(bodies.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const { route, media } of bodies) {
      const found = { examples: 0 };
      const mediaExample = media.example ?? Object.values(media.examples ?? {})[0]?.value;
      const shown = mediaExample !== undefined ? mediaExample : media.schema ? sample(media.schema, doc, found) : null;
      if (mediaExample === undefined && found.examples === 0) problems.push(`${route}: no example`);
      for (const at of placeholders(shown)) problems.push(`${route}: ${at} is "string"`);
    }
    expect(problems).toEqual([]);
  });

  it("the retrospect example reads as a real entry", async () => {
    const doc = (await (await api("/openapi.json")).json()) as Doc;
    const media = doc.paths["/v1/retrospects"]!.post!.requestBody!.content!["application/json"]!;
    const body = sample(media.schema!, doc, { examples: 0 }) as { purpose?: string; content?: string };
    expect(body.purpose).toMatch(/\S{2}/);
    expect(body.purpose).not.toBe("string");
    expect(body.content?.length).toBeGreaterThan(20);
  });
});
