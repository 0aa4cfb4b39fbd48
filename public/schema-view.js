/** JSON Schema (OpenAPI 3.1 dialect) helpers for the docs page: $ref resolution, field lists, example skeletons. */
import { h, richText } from "./ui.js";

const MAX_DEPTH = 8;

/** Follows a local `$ref` (`#/components/schemas/Name`); returns the schema and the name it was reached by. */
export function resolve(doc, schema) {
  let name = null;
  const seen = new Set();
  while (schema && typeof schema.$ref === "string" && !seen.has(schema.$ref)) {
    seen.add(schema.$ref);
    name = schema.$ref.split("/").pop();
    schema = schema.$ref
      .replace(/^#\//, "")
      .split("/")
      .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((node, part) => node?.[part], doc);
  }
  return { schema: schema ?? {}, name };
}

/** The schema with every $ref inlined, for the raw JSON view; a cycle is left as its $ref. */
export function inline(doc, schema, trail = []) {
  if (Array.isArray(schema)) return schema.map((s) => inline(doc, s, trail));
  if (!schema || typeof schema !== "object") return schema;
  if (typeof schema.$ref === "string") {
    if (trail.includes(schema.$ref) || trail.length > MAX_DEPTH) return { $ref: schema.$ref };
    return inline(doc, resolve(doc, schema).schema, [...trail, schema.$ref]);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inline(doc, v, trail)]));
}

const variantsOf = (schema) => schema.oneOf ?? schema.anyOf ?? null;

/** "string", "integer | null", "array<Item>", "TokenRequest" … */
export function typeLabel(doc, raw) {
  const { schema, name } = resolve(doc, raw);
  if (name && (schema.type === "object" || schema.properties)) return name;
  const variants = variantsOf(schema);
  if (variants) return variants.map((v) => typeLabel(doc, v)).join(" | ");
  if (schema.type === "array") return `array<${typeLabel(doc, schema.items ?? {})}>`;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (!types.length) return schema.properties ? "object" : "any";
  return types.map((t) => (t !== "null" && schema.format ? `${t} (${schema.format})` : t)).join(" | ");
}

/** Constraints worth showing beside the type, as short strings. */
function facts(schema) {
  const out = [];
  if (schema.enum) out.push(schema.enum.map((v) => JSON.stringify(v)).join(" | "));
  if (schema.const !== undefined) out.push(`= ${JSON.stringify(schema.const)}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined)
    out.push(`length ${schema.minLength ?? 0}..${schema.maxLength ?? "∞"}`);
  if (schema.minimum !== undefined || schema.maximum !== undefined)
    out.push(`${schema.minimum ?? "-∞"}..${schema.maximum ?? "∞"}`);
  if (schema.minItems !== undefined || schema.maxItems !== undefined)
    out.push(`items ${schema.minItems ?? 0}..${schema.maxItems ?? "∞"}`);
  if (schema.pattern) out.push(`/${schema.pattern}/`);
  return out;
}

/** A nested list of fields: name, type, required, constraints, default, example, description. */
export function schemaTree(doc, raw, depth = 0) {
  const { schema } = resolve(doc, raw);
  const variants = variantsOf(schema);
  if (variants && depth < MAX_DEPTH) {
    return h(
      "div",
      { class: "schema-variants" },
      h("span", { class: "muted", i18n: "docs.oneOf" }),
      variants.map((v) => schemaTree(doc, v, depth + 1)),
    );
  }
  if (schema.type === "array" && depth < MAX_DEPTH) {
    const items = resolve(doc, schema.items ?? {}).schema;
    return items.properties
      ? schemaTree(doc, schema.items, depth + 1)
      : h("p", { class: "mono" }, typeLabel(doc, schema));
  }
  const properties = Object.entries(schema.properties ?? {});
  if (!properties.length || depth >= MAX_DEPTH) {
    return h(
      "p",
      { class: "schema-scalar" },
      h("code", { class: "type" }, typeLabel(doc, schema)),
      ...describe(schema),
    );
  }
  const required = new Set(schema.required ?? []);
  return h(
    "ul",
    { class: "schema-tree" },
    properties.map(([name, child]) => {
      const resolved = resolve(doc, child).schema;
      const nested =
        resolved.properties ||
        (resolved.type === "array" && resolve(doc, resolved.items ?? {}).schema.properties) ||
        variantsOf(resolved)
          ? schemaTree(doc, child, depth + 1)
          : null;
      return h(
        "li",
        {},
        h("code", { class: "field" }, name),
        h("code", { class: "type" }, typeLabel(doc, child)),
        required.has(name) ? h("span", { class: "req", i18n: "docs.required" }) : null,
        ...describe(resolved),
        nested,
      );
    }),
  );
}

function describe(schema) {
  return [
    ...facts(schema).map((f) => h("code", { class: "fact" }, f)),
    schema.default !== undefined
      ? h("span", { class: "fact" }, h("span", { i18n: "docs.default" }), `: ${JSON.stringify(schema.default)}`)
      : null,
    schema.example !== undefined
      ? h("span", { class: "fact" }, h("span", { i18n: "docs.example" }), `: ${JSON.stringify(schema.example)}`)
      : null,
    schema.description ? h("span", { class: "desc" }, richText(schema.description)) : null,
  ];
}

const FORMAT_EXAMPLES = {
  "date-time": () => new Date().toISOString(),
  date: () => new Date().toISOString().slice(0, 10),
  email: () => "user@example.com",
  uri: () => "https://example.com",
  url: () => "https://example.com",
  uuid: () => "00000000-0000-4000-8000-000000000000",
};

/** A request body skeleton: example, then default, then the first enum value, then a typed placeholder. */
export function exampleOf(doc, raw, depth = 0) {
  const { schema } = resolve(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (depth >= MAX_DEPTH) return null;
  const variants = variantsOf(schema);
  if (variants?.length) return exampleOf(doc, variants[0], depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => exampleOf(doc, s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (type === "object" || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([k, v]) => [k, exampleOf(doc, v, depth + 1)]),
    );
  }
  if (type === "array") return schema.items ? [exampleOf(doc, schema.items, depth + 1)] : [];
  if (type === "string")
    return FORMAT_EXAMPLES[schema.format]?.() ?? (schema.minLength > 6 ? "x".repeat(schema.minLength) : "string");
  if (type === "integer" || type === "number") return schema.minimum ?? 0;
  if (type === "boolean") return false;
  return null;
}
