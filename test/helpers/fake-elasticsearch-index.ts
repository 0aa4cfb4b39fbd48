/**
 * One index of the fake Elasticsearch (test/helpers/fake-elasticsearch.ts): its mapping (explicit
 * properties, dynamic templates, dynamic defaults), documents with near-real-time visibility (a
 * search sees what the last refresh saw; a get by id sees everything), and the query DSL subset the
 * adapters use. Failures throw `EsError`, which the server renders the way Elasticsearch does.
 */

export class EsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    reason: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(reason);
  }
  body(index?: string) {
    const cause = { type: this.type, reason: this.message, ...(index ? { index } : {}), ...this.extra };
    return { error: { root_cause: [cause], ...cause }, status: this.status };
  }
}

type Json = unknown;
type Obj = Record<string, Json>;
type Field = { type: string; dims?: number; similarity?: string; index?: boolean };
type Template = { path_match?: string; match_mapping_type?: string; mapping: Field };
export type Doc = { id: string; source: Obj; version: number; seq: number };

const isObj = (v: Json): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const FIELD_TYPES = [
  "keyword",
  "text",
  "double",
  "long",
  "float",
  "integer",
  "boolean",
  "date",
  "object",
  "dense_vector",
];
const FIELD_PARAMS: Record<string, string[]> = {
  dense_vector: ["type", "dims", "similarity", "index", "element_type", "index_options"],
  keyword: ["type", "ignore_above", "index", "doc_values"],
  object: ["type", "properties", "dynamic", "enabled"],
};
const glob = (pattern: string, path: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(path);

function checkField(name: string, def: Json): Field {
  if (!isObj(def) || typeof def.type !== "string") {
    throw new EsError(400, "mapper_parsing_exception", `No type specified for field [${name}]`);
  }
  if (!FIELD_TYPES.includes(def.type)) {
    throw new EsError(400, "mapper_parsing_exception", `No handler for type [${def.type}] declared on field [${name}]`);
  }
  const allowed = FIELD_PARAMS[def.type];
  const unknown = allowed && Object.keys(def).find((k) => !allowed.includes(k));
  if (unknown) {
    throw new EsError(
      400,
      "mapper_parsing_exception",
      `unknown parameter [${unknown}] on mapper [${name}] of type [${def.type}]`,
    );
  }
  if (def.type === "dense_vector") {
    if (def.dims !== undefined && (!Number.isInteger(def.dims) || Number(def.dims) < 1 || Number(def.dims) > 4096)) {
      throw new EsError(400, "mapper_parsing_exception", `The number of dimensions should be in the range [1, 4096]`);
    }
    if (!["cosine", "dot_product", "l2_norm", "max_inner_product", undefined].includes(def.similarity as string)) {
      throw new EsError(
        400,
        "mapper_parsing_exception",
        `Unknown value [${String(def.similarity)}] for field [similarity]`,
      );
    }
  }
  return def as Field;
}

export class FakeIndex {
  readonly fields = new Map<string, Field>();
  private readonly templates: Template[] = [];
  private live = new Map<string, Doc>();
  private searchable = new Map<string, Doc>();
  private seq = 0;

  constructor(
    readonly name: string,
    mappings: Json = {},
  ) {
    if (!isObj(mappings)) throw new EsError(400, "mapper_parsing_exception", "Failed to parse mapping: expected map");
    const { dynamic_templates: templates = [], properties = {}, ...rest } = mappings;
    const stray = Object.keys(rest).find((k) => !["dynamic", "_source"].includes(k));
    if (stray)
      throw new EsError(
        400,
        "mapper_parsing_exception",
        `Root mapping definition has unsupported parameters: [${stray}]`,
      );
    if (!Array.isArray(templates)) throw new EsError(400, "mapper_parsing_exception", "Dynamic template syntax error");
    for (const t of templates) {
      const entries = isObj(t) ? Object.entries(t) : [];
      const spec = entries[0]?.[1];
      if (entries.length !== 1 || !isObj(spec) || !isObj(spec.mapping)) {
        throw new EsError(
          400,
          "mapper_parsing_exception",
          "Dynamic template syntax error. An array of named objects is expected.",
        );
      }
      this.templates.push({
        ...(spec as Omit<Template, "mapping">),
        mapping: checkField(entries[0]![0], spec.mapping),
      });
    }
    this.addProperties("", properties);
  }

  private addProperties(prefix: string, properties: Json) {
    if (!isObj(properties))
      throw new EsError(400, "mapper_parsing_exception", "Expected map for property [properties]");
    for (const [name, def] of Object.entries(properties)) {
      const field = checkField(prefix + name, def);
      this.fields.set(prefix + name, field);
      if (field.type === "object" && isObj(def)) this.addProperties(`${prefix}${name}.`, def.properties ?? {});
    }
  }

  mapping() {
    return Object.fromEntries(this.fields);
  }

  /** Maps a new field the way dynamic mapping would: templates first, then Elasticsearch's defaults. */
  private dynamicField(path: string, value: Json): Field {
    const kind =
      typeof value === "string"
        ? "string"
        : typeof value === "boolean"
          ? "boolean"
          : Number.isInteger(value)
            ? "long"
            : "double";
    const template = this.templates.find(
      (t) => (!t.path_match || glob(t.path_match, path)) && (!t.match_mapping_type || t.match_mapping_type === kind),
    );
    if (template) return template.mapping;
    // Elasticsearch maps strings as text with a keyword sub-field; term queries on the text miss
    return { type: kind === "string" ? "text" : kind === "long" ? "long" : kind === "double" ? "float" : "boolean" };
  }

  private parseValue(id: string, path: string, value: Json) {
    if (isObj(value)) {
      for (const [k, v] of Object.entries(value)) this.parseValue(id, path ? `${path}.${k}` : k, v);
      return;
    }
    let field = this.fields.get(path);
    if (!field) {
      if (Array.isArray(value)) return; // arrays of plain values map as their elements; not needed here
      field = this.dynamicField(path, value);
      this.fields.set(path, field);
    }
    const fail = (reason: string) => {
      throw new EsError(400, "document_parsing_exception", `[1:1] failed to parse: ${reason}`);
    };
    if (field.type === "dense_vector") {
      if (!Array.isArray(value) || !value.every((x) => typeof x === "number")) {
        fail(`field [${path}] of type [dense_vector] expects an array of numbers`);
      }
      const vector = value as number[];
      if (field.dims === undefined) field.dims = vector.length;
      if (vector.length !== field.dims) {
        fail(
          `The [dense_vector] field [${path}] in doc [document with id '${id}'] has a different number of dimensions [${vector.length}] than defined in the mapping [${field.dims}]`,
        );
      }
      if (field.similarity === "cosine" && Math.hypot(...vector) === 0) {
        fail(
          `The [cosine] similarity does not support vectors with zero magnitude. Preview of invalid vector: [0.0, ...]`,
        );
      }
    } else if (["double", "long", "float", "integer"].includes(field.type) && typeof value !== "number") {
      if (typeof value !== "string" || Number.isNaN(Number(value))) {
        fail(`failed to parse field [${path}] of type [${field.type}] in document with id '${id}'`);
      }
    }
  }

  put(id: string, source: Json, opType: "index" | "create"): { result: "created" | "updated"; doc: Doc } {
    if (!isObj(source)) throw new EsError(400, "mapper_parsing_exception", "failed to parse, document is empty");
    const before = this.live.get(id);
    if (before && opType === "create") {
      throw new EsError(
        409,
        "version_conflict_engine_exception",
        `[${id}]: version conflict, document already exists (current version [${before.version}])`,
      );
    }
    this.parseValue(id, "", source);
    const doc = { id, source, version: (before?.version ?? 0) + 1, seq: this.seq++ };
    this.live.set(id, doc);
    return { result: before ? "updated" : "created", doc };
  }

  remove(id: string): { found: boolean; version: number; seq: number } {
    const before = this.live.get(id);
    this.live.delete(id);
    return { found: !!before, version: (before?.version ?? 0) + 1, seq: this.seq++ };
  }

  get(id: string) {
    return this.live.get(id);
  }

  refresh() {
    this.searchable = new Map(this.live);
  }

  docs() {
    return [...this.searchable.values()];
  }

  valueAt(source: Obj, path: string): Json {
    let at: Json = source;
    for (const part of path.split(".")) at = isObj(at) ? at[part] : undefined;
    return at;
  }
}
