import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EsError, FakeIndex } from "./fake-elasticsearch-index";
import { knn, matches, sourceOf, type Hit } from "./fake-elasticsearch-query";

/**
 * A local server speaking Elasticsearch 8's REST API as the JavaScript client uses it: index
 * creation with mappings, `_bulk` NDJSON with per-item results, `_search`/`_msearch` with `knn` and
 * filters, `_mget`, `_doc`, `_refresh`. It checks what a cluster checks (content types and the
 * `compatible-with` version, `Authorization: ApiKey`, the newline that ends a bulk body, mappings,
 * vector dimensions), answers errors in Elasticsearch's shape and sends `x-elastic-product`, which the
 * client requires. Writes become searchable at the next refresh, as on a cluster.
 *
 * Test-only: `GET /_fake/requests` lists what was received (method, path, bulk actions per index).
 */
export type FakeElasticsearch = { url: string; apiKey: string; close(): Promise<void> };

type Obj = Record<string, unknown>;
type Logged = { method: string; path: string; actions?: Record<string, number> };
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const MEDIA = /^application\/(json|x-ndjson|vnd\.elasticsearch\+(json|x-ndjson)\s*;\s*compatible-with=(\d+))\s*(;.*)?$/;

function checkMediaType(req: IncomingMessage, body: string) {
  for (const header of ["content-type", "accept"] as const) {
    const value = req.headers[header];
    if (!value || (header === "accept" && !value.includes("vnd.elasticsearch"))) continue;
    const version = value.match(/compatible-with=(\d+)/)?.[1];
    if (version && version !== "7" && version !== "8") {
      throw new EsError(
        400,
        "media_type_header_exception",
        "Invalid media-type value on headers [Content-Type, Accept]",
        {
          caused_by: {
            type: "status_exception",
            reason: `A compatible version is required ... [${version}] is not supported`,
          },
        },
      );
    }
  }
  const type = req.headers["content-type"];
  if (body && !MEDIA.test(type ?? "")) {
    throw Object.assign(new EsError(406, "", ""), { plain: `Content-Type header [${type}] is not supported` });
  }
}

const json = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new EsError(400, "x_content_parse_exception", "[1:1] Unexpected character: failed to parse JSON");
  }
};

function ndjson(text: string): unknown[] {
  if (!text.endsWith("\n")) {
    throw new EsError(400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]");
  }
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map(json);
}

const missing = (name: string) =>
  new EsError(404, "index_not_found_exception", `no such index [${name}]`, {
    "resource.type": "index_or_expression",
    "resource.id": name,
    index_uuid: "_na_",
    index: name,
  });

export async function startFakeElasticsearch(apiKey = "test-es-key"): Promise<FakeElasticsearch> {
  const indices = new Map<string, FakeIndex>();
  const log: Logged[] = [];
  const indexOf = (name: string) => indices.get(name) ?? Promise.reject(missing(name));
  const need = (name: string) => {
    const index = indices.get(name);
    if (!index) throw missing(name);
    return index;
  };

  function create(name: string, body: unknown) {
    if (name !== name.toLowerCase() || /[\\/*?"<>| ,#:]/.test(name) || /^[-_+]/.test(name)) {
      throw new EsError(400, "invalid_index_name_exception", `Invalid index name [${name}], must be lowercase`, {
        index: name,
      });
    }
    if (indices.has(name)) {
      throw new EsError(400, "resource_already_exists_exception", `index [${name}/uuid] already exists`, {
        index: name,
      });
    }
    const { mappings, settings: _settings, ...rest } = isObj(body) ? body : {};
    const stray = Object.keys(rest)[0];
    if (stray) throw new EsError(400, "parse_exception", `unknown key [${stray}] for create index`);
    indices.set(name, new FakeIndex(name, mappings ?? {}));
  }

  function refreshAfter(names: Set<string>, param: string | null) {
    if (param === null || param === "false") return;
    if (!["", "true", "wait_for"].includes(param)) {
      throw new EsError(400, "illegal_argument_exception", `Unknown value for refresh: [${param}].`);
    }
    for (const name of names) indices.get(name)?.refresh();
  }

  function bulk(pathIndex: string | undefined, text: string, refresh: string | null, entry: Logged) {
    const lines = ndjson(text);
    const items: Obj[] = [];
    const touched = new Set<string>();
    entry.actions = {};
    for (let i = 0; i < lines.length; i++) {
      const action = lines[i];
      const [op, meta] = isObj(action) ? (Object.entries(action)[0] ?? []) : [];
      if (!op || !["index", "create", "delete"].includes(op) || !isObj(meta)) {
        throw new EsError(400, "illegal_argument_exception", `Malformed action/metadata line [${i + 1}]`);
      }
      const name = String(meta._index ?? pathIndex ?? "");
      if (!name)
        throw new EsError(400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
      const id = meta._id === undefined ? crypto.randomUUID() : String(meta._id);
      entry.actions[name] = (entry.actions[name] ?? 0) + 1;
      touched.add(name);
      try {
        if (op === "delete") {
          const gone = need(name).remove(id);
          items.push({
            delete: {
              _index: name,
              _id: id,
              _version: gone.version,
              result: gone.found ? "deleted" : "not_found",
              _seq_no: gone.seq,
              _primary_term: 1,
              status: gone.found ? 200 : 404,
            },
          });
          continue;
        }
        const source = lines[++i];
        if (!indices.has(name)) create(name, {}); // auto-creation, with dynamic mapping only
        const { result, doc } = need(name).put(id, source, op as "index" | "create");
        const shards = { total: 2, successful: 1, failed: 0 };
        items.push({
          [op]: {
            _index: name,
            _id: id,
            _version: doc.version,
            result,
            _shards: shards,
            _seq_no: doc.seq,
            _primary_term: 1,
            status: result === "created" ? 201 : 200,
          },
        });
      } catch (error) {
        if (!(error instanceof EsError)) throw error;
        const { root_cause: _root, ...cause } = error.body(name).error;
        items.push({ [op]: { _index: name, _id: id, status: error.status, error: cause } });
      }
    }
    refreshAfter(touched, refresh);
    return { errors: items.some((item) => "error" in (Object.values(item)[0] as Obj)), took: 1, items };
  }

  function search(name: string, body: unknown) {
    const index = need(name);
    if (!isObj(body)) throw new EsError(400, "parsing_exception", "Expected [START_OBJECT]");
    const unknown = Object.keys(body).find(
      (k) => !["query", "knn", "size", "from", "_source", "track_total_hits"].includes(k),
    );
    if (unknown)
      throw new EsError(400, "parsing_exception", `Unknown key for a START_OBJECT in [${unknown}].`, {
        line: 1,
        col: 1,
      });
    if (body.knn && body.query)
      throw new EsError(400, "illegal_argument_exception", "the fake does not combine [knn] with [query]");
    const all: Hit[] = body.knn
      ? knn(index, body.knn)
      : index
          .docs()
          .filter((doc) => matches(index, body.query ?? { match_all: {} }, doc))
          .map((doc) => ({ doc, score: 1 }));
    const from = Number(body.from ?? 0);
    const hits = all.slice(from, from + Number(body.size ?? 10));
    return {
      took: 1,
      timed_out: false,
      _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
      hits: {
        total: { value: all.length, relation: "eq" },
        max_score: hits[0]?.score ?? null,
        hits: hits.map(({ doc, score }) => {
          const source = sourceOf(doc.source, body._source);
          return { _index: name, _id: doc.id, _score: score, ...(source ? { _source: source } : {}) };
        }),
      },
    };
  }

  function mget(pathIndex: string | undefined, body: unknown) {
    const wanted =
      isObj(body) && Array.isArray(body.ids)
        ? body.ids.map((id) => ({ _index: pathIndex, _id: id }))
        : isObj(body) && Array.isArray(body.docs)
          ? (body.docs as Obj[])
          : [];
    if (wanted.length === 0)
      throw new EsError(400, "action_request_validation_exception", "Validation Failed: 1: no documents to get;");
    return {
      docs: wanted.map(({ _index, _id }) => {
        const name = String(_index ?? pathIndex);
        const index = indices.get(name);
        if (!index) return { _index: name, _id, error: missing(name).body(name).error };
        const doc = index.get(String(_id));
        return doc
          ? {
              _index: name,
              _id,
              _version: doc.version,
              _seq_no: doc.seq,
              _primary_term: 1,
              found: true,
              _source: doc.source,
            }
          : { _index: name, _id, found: false };
      }),
    };
  }

  async function route(req: IncomingMessage, text: string, url: URL, entry: Logged): Promise<[number, unknown]> {
    const method = req.method ?? "GET";
    const [first, second, third] = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const refresh = url.searchParams.get("refresh");
    if (!first)
      return [
        200,
        {
          name: "fake",
          cluster_name: "fake",
          version: { number: "8.19.0", build_flavor: "default" },
          tagline: "You Know, for Search",
        },
      ];
    if (first === "_bulk") return [200, bulk(undefined, text, refresh, entry)];
    if (first === "_msearch" || second === "_msearch") {
      const lines = ndjson(text);
      const responses = [];
      for (let i = 0; i + 1 < lines.length; i += 2) {
        const header = isObj(lines[i]) ? (lines[i] as Obj) : {};
        try {
          responses.push({ ...search(String(header.index ?? (second ? first : "")), lines[i + 1]), status: 200 });
        } catch (error) {
          if (!(error instanceof EsError)) throw error;
          responses.push(error.body());
        }
      }
      return [200, { took: 1, responses }];
    }
    if (first === "_mget") return [200, mget(undefined, json(text))];
    if (first.startsWith("_"))
      throw new EsError(400, "invalid_index_name_exception", `Invalid index name [${first}], must not start with '_'.`);
    if (second === undefined && method === "PUT") {
      create(first, json(text));
      return [200, { acknowledged: true, shards_acknowledged: true, index: first }];
    }
    if (second === undefined && method === "HEAD") return [indices.has(first) ? 200 : 404, ""];
    if (second === undefined && method === "DELETE") {
      need(first);
      indices.delete(first);
      return [200, { acknowledged: true }];
    }
    if (second === "_bulk") return [200, bulk(first, text, refresh, entry)];
    if (second === "_search") return [200, search(first, json(text))];
    if (second === "_mget") return [200, mget(first, json(text))];
    if (second === "_delete_by_query" && method === "POST") {
      // like Elasticsearch: the query runs over what the last refresh made searchable
      const index = await indexOf(first);
      const query = (json(text) as { query?: unknown }).query;
      const gone = index.docs().filter((doc) => matches(index, query, doc));
      for (const doc of gone) index.remove(doc.id);
      refreshAfter(new Set([first]), refresh);
      return [
        200,
        {
          took: 1,
          timed_out: false,
          total: gone.length,
          deleted: gone.length,
          batches: 1,
          version_conflicts: 0,
          noops: 0,
          failures: [],
        },
      ];
    }
    if (second === "_refresh")
      return [200, (need(first).refresh(), { _shards: { total: 1, successful: 1, failed: 0 } })];
    if (second === "_mapping") return [200, { [first]: { mappings: { properties: need(first).mapping() } } }];
    if (second === "_doc" && third) {
      const index = await indexOf(first);
      const doc = index.get(third);
      if (method === "GET")
        return doc
          ? [200, { _index: first, _id: third, _version: doc.version, found: true, _source: doc.source }]
          : [404, { _index: first, _id: third, found: false }];
      if (method === "DELETE") {
        const gone = index.remove(third);
        refreshAfter(new Set([first]), refresh);
        return [
          gone.found ? 200 : 404,
          { _index: first, _id: third, _version: gone.version, result: gone.found ? "deleted" : "not_found" },
        ];
      }
    }
    return [405, { error: `Incorrect HTTP method for uri [${url.pathname}] and method [${method}]`, status: 405 }];
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://localhost");
    const headers: Record<string, string> = {
      "x-elastic-product": "Elasticsearch",
      "content-type": String(req.headers.accept ?? "").includes("vnd.elasticsearch")
        ? "application/vnd.elasticsearch+json;compatible-with=8"
        : "application/json",
    };
    if (url.pathname === "/_fake/requests") {
      res.writeHead(200, headers).end(JSON.stringify(log));
      return;
    }
    const entry: Logged = { method: req.method ?? "GET", path: url.pathname };
    log.push(entry);
    let status: number;
    let body: unknown;
    try {
      if (req.headers.authorization !== `ApiKey ${apiKey}`) {
        headers["www-authenticate"] = 'ApiKey, Basic realm="security", charset="UTF-8"';
        throw new EsError(
          401,
          "security_exception",
          "unable to authenticate with provided credentials and anonymous access is not allowed for this request",
          { header: { "WWW-Authenticate": [headers["www-authenticate"]] } },
        );
      }
      checkMediaType(req, text);
      [status, body] = await route(req, text, url, entry);
    } catch (error) {
      if (!(error instanceof EsError)) throw error;
      status = error.status;
      const plain = (error as EsError & { plain?: string }).plain;
      body = plain ? { error: plain, status } : error.body((error.extra.index as string | undefined) ?? undefined);
    }
    res.writeHead(status, headers).end(req.method === "HEAD" ? undefined : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
