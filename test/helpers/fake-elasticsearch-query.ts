import { EsError, type Doc, type FakeIndex } from "./fake-elasticsearch-index";

/**
 * The search side of the fake Elasticsearch: the query DSL the adapters send (bool, term, terms,
 * range, ids, match_all), `knn` on an indexed `dense_vector` with a filter, and `_source` filtering.
 * A term query compares exactly as on a keyword/numeric/boolean field; on a `text` field (what
 * dynamic mapping gives a string) it misses, as Elasticsearch's analysed text would for most values.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function single(kind: string, body: unknown): [string, unknown] {
  if (!isObj(body) || Object.keys(body).length !== 1) {
    throw new EsError(400, "parsing_exception", `[${kind}] query doesn't support multiple fields`);
  }
  return Object.entries(body)[0]!;
}

function equal(index: FakeIndex, field: string, stored: unknown, wanted: unknown): boolean {
  const type = index.fields.get(field)?.type;
  if (type === "text") return false;
  const values = Array.isArray(stored) ? stored : [stored];
  if (type === "double" || type === "long" || type === "float" || type === "integer") {
    return values.some((v) => Number(v) === Number(wanted));
  }
  if (type === "boolean") return values.some((v) => String(v) === String(wanted));
  return values.some((v) => v === wanted || (typeof wanted !== "object" && String(v) === String(wanted)));
}

function inRange(index: FakeIndex, field: string, stored: unknown, bounds: Obj): boolean {
  if (stored === undefined) return false;
  const numericField = ["double", "long", "float", "integer"].includes(index.fields.get(field)?.type ?? "");
  const cmp = (a: unknown, b: unknown) => {
    const [x, y] = numericField ? [Number(a), Number(b)] : [String(a), String(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  if (bounds.lt !== undefined && !(cmp(stored, bounds.lt) < 0)) return false;
  if (bounds.lte !== undefined && !(cmp(stored, bounds.lte) <= 0)) return false;
  if (bounds.gt !== undefined && !(cmp(stored, bounds.gt) > 0)) return false;
  if (bounds.gte !== undefined && !(cmp(stored, bounds.gte) >= 0)) return false;
  return true;
}

const clauses = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function matches(index: FakeIndex, query: unknown, doc: Doc): boolean {
  const [kind, body] = single("query", query);
  switch (kind) {
    case "match_all":
      return true;
    case "bool": {
      if (!isObj(body)) throw new EsError(400, "parsing_exception", "[bool] query malformed");
      const unknown = Object.keys(body).find(
        (k) => !["filter", "must", "must_not", "should", "minimum_should_match"].includes(k),
      );
      if (unknown) throw new EsError(400, "parsing_exception", `[bool] query does not support [${unknown}]`);
      const all = [...clauses(body.filter), ...clauses(body.must)];
      const should = clauses(body.should);
      return (
        all.every((q) => matches(index, q, doc)) &&
        !clauses(body.must_not).some((q) => matches(index, q, doc)) &&
        (should.length === 0 || all.length > 0 || should.some((q) => matches(index, q, doc)))
      );
    }
    case "term": {
      const [field, spec] = single("term", body);
      const value = isObj(spec) ? spec.value : spec;
      return equal(index, field, index.valueAt(doc.source, field), value);
    }
    case "terms": {
      const [field, values] = single("terms", body);
      if (!Array.isArray(values))
        throw new EsError(400, "parsing_exception", "[terms] query does not support [" + field + "]");
      return values.some((v) => equal(index, field, index.valueAt(doc.source, field), v));
    }
    case "range": {
      const [field, bounds] = single("range", body);
      if (!isObj(bounds))
        throw new EsError(400, "parsing_exception", "[range] query malformed, no start_object after query name");
      return inRange(index, field, index.valueAt(doc.source, field), bounds);
    }
    case "ids": {
      if (!isObj(body) || !Array.isArray(body.values))
        throw new EsError(400, "parsing_exception", "[ids] query malformed");
      return body.values.includes(doc.id);
    }
    default:
      throw new EsError(400, "parsing_exception", `unknown query [${kind}]`, { line: 1, col: 1 });
  }
}

const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot / (Math.hypot(...a) * Math.hypot(...b));
};

export type Hit = { doc: Doc; score: number };

/** Exact k nearest neighbours (a real cluster's HNSW is approximate; tests want a fixed answer). */
export function knn(index: FakeIndex, spec: unknown): Hit[] {
  if (!isObj(spec)) throw new EsError(400, "parsing_exception", "[knn] malformed");
  const { field, query_vector: vector, k, num_candidates: candidates, filter, ...rest } = spec;
  const stray = Object.keys(rest).find((key) => !["similarity", "boost", "_name"].includes(key));
  if (stray) throw new EsError(400, "x_content_parse_exception", `[1:1] [knn] unknown field [${stray}]`);
  const mapped = index.fields.get(String(field));
  if (mapped?.type !== "dense_vector") {
    throw new EsError(400, "illegal_argument_exception", `[knn] queries are only supported on [dense_vector] fields`);
  }
  if (mapped.index === false) {
    throw new EsError(
      400,
      "illegal_argument_exception",
      `to perform knn search on field [${String(field)}], its mapping must have [index] set to [true]`,
    );
  }
  if (!Array.isArray(vector) || vector.length !== mapped.dims) {
    throw new EsError(
      400,
      "illegal_argument_exception",
      `the query vector has a different number of dimensions [${Array.isArray(vector) ? vector.length : 0}] than the index vectors [${mapped.dims}]`,
    );
  }
  if (typeof k !== "number" || k < 1)
    throw new EsError(400, "illegal_argument_exception", "[k] must be greater than 0");
  if (typeof candidates === "number" && (candidates < k || candidates > 10_000)) {
    throw new EsError(400, "illegal_argument_exception", "[num_candidates] cannot be less than [k] or exceed [10000]");
  }
  const filters = clauses(filter);
  return index
    .docs()
    .filter((doc) => filters.every((q) => matches(index, q, doc)))
    .map((doc) => ({
      doc,
      score: (1 + cosine(vector as number[], index.valueAt(doc.source, String(field)) as number[])) / 2,
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, k);
}

/** `_source`: true/false, a field list, or {includes, excludes}; paths match whole top-level or dotted names. */
export function sourceOf(source: Obj, spec: unknown): Obj | undefined {
  if (spec === undefined || spec === true) return source;
  if (spec === false) return undefined;
  const includes = Array.isArray(spec) ? spec : isObj(spec) ? clauses(spec.includes) : [spec];
  const excludes = isObj(spec) ? clauses(spec.excludes) : [];
  return Object.fromEntries(
    Object.entries(source).filter(
      ([key]) => (includes.length === 0 || includes.includes(key)) && !excludes.includes(key),
    ),
  );
}
