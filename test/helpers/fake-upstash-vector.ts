import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FilterSyntaxError, parseFilter } from "./fake-upstash-filter";

/**
 * A local server speaking Upstash Vector's REST API (upstash.com/docs/vector/api) for one COSINE
 * index of a fixed dimension: `POST /upsert`, `/query` (one query or an array of them), `/fetch`,
 * `/delete`, each with an optional `/{namespace}` path segment, and `/info`. It requires
 * `Authorization: Bearer <token>` and a JSON body, answers `{result}` on success and
 * `{error, status}` otherwise, and scores matches as Upstash does: (1 + cosine) / 2.
 */
export type FakeUpstashVector = { url: string; token: string; dimension: number; close(): Promise<void> };

type Stored = { id: string; vector: number[]; metadata?: Record<string, unknown>; data?: string };
type Obj = Record<string, unknown>;

class UpstashError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const norm = (v: number[]) => Math.hypot(...v);
const QUERY_FIELDS = ["vector", "topK", "includeMetadata", "includeVectors", "includeData", "filter"];

export async function startFakeUpstashVector(dimension = 8, token = "test-upstash-token"): Promise<FakeUpstashVector> {
  const namespaces = new Map<string, Map<string, Stored>>();
  const space = (name: string) => {
    let ns = namespaces.get(name);
    if (!ns) namespaces.set(name, (ns = new Map()));
    return ns;
  };

  function checkVector(vector: unknown): number[] {
    if (!Array.isArray(vector) || !vector.every((x) => typeof x === "number" && Number.isFinite(x))) {
      throw new UpstashError(400, "Vector must be an array of numbers");
    }
    if (vector.length !== dimension) {
      throw new UpstashError(400, `Invalid vector dimension: ${vector.length}, expected: ${dimension}`);
    }
    if (norm(vector) === 0) throw new UpstashError(400, "Zero vectors are not supported with the COSINE similarity");
    return vector;
  }

  function upsert(ns: string, body: unknown) {
    const items = Array.isArray(body) ? body : [body];
    const parsed = items.map((item): Stored => {
      if (!isObj(item) || (typeof item.id !== "string" && typeof item.id !== "number") || item.id === "") {
        throw new UpstashError(400, "Each vector needs an id");
      }
      if (item.metadata !== undefined && !isObj(item.metadata))
        throw new UpstashError(400, "Metadata must be a JSON object");
      return { id: String(item.id), vector: checkVector(item.vector), metadata: item.metadata as Obj | undefined };
    });
    for (const v of parsed) space(ns).set(v.id, v);
    return "Success";
  }

  function query(ns: string, body: unknown) {
    if (!isObj(body)) throw new UpstashError(400, "Query must be a JSON object");
    const stray = Object.keys(body).find((k) => !QUERY_FIELDS.includes(k));
    if (stray) throw new UpstashError(400, `Unknown field in query: ${stray}`);
    const vector = checkVector(body.vector);
    const topK = body.topK ?? 10;
    if (typeof topK !== "number" || !Number.isInteger(topK) || topK < 1 || topK > 1000) {
      throw new UpstashError(400, "topK must be an integer between 1 and 1000");
    }
    if (body.filter !== undefined && typeof body.filter !== "string")
      throw new UpstashError(400, "filter must be a string");
    let keep: (m: Obj) => boolean = () => true;
    try {
      if (body.filter) keep = parseFilter(body.filter);
    } catch (error) {
      if (error instanceof FilterSyntaxError) throw new UpstashError(400, `Invalid filter: ${error.message}`);
      throw error;
    }
    return [...space(ns).values()]
      .filter((v) => keep(v.metadata ?? {}))
      .map((v) => {
        const cosine = v.vector.reduce((s, x, i) => s + x * vector[i]!, 0) / (norm(v.vector) * norm(vector));
        return {
          id: v.id,
          score: (1 + cosine) / 2,
          ...(body.includeVectors ? { vector: v.vector } : {}),
          ...(body.includeMetadata && v.metadata ? { metadata: v.metadata } : {}),
        };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, topK);
  }

  function fetchIds(ns: string, body: unknown) {
    if (!isObj(body) || !Array.isArray(body.ids)) throw new UpstashError(400, "fetch needs ids");
    return body.ids.map((id) => {
      const v = space(ns).get(String(id));
      if (!v) return null;
      return {
        id: v.id,
        ...(body.includeVectors ? { vector: v.vector } : {}),
        ...(body.includeMetadata && v.metadata ? { metadata: v.metadata } : {}),
      };
    });
  }

  function remove(ns: string, body: unknown) {
    if (!isObj(body) || !Array.isArray(body.ids)) throw new UpstashError(400, "delete needs ids");
    let deleted = 0;
    for (const id of body.ids) if (space(ns).delete(String(id))) deleted++;
    return { deleted };
  }

  function info() {
    const counts = Object.fromEntries(
      [...namespaces].map(([name, ns]) => [name, { vectorCount: ns.size, pendingVectorCount: 0 }]),
    );
    const total = [...namespaces.values()].reduce((s, ns) => s + ns.size, 0);
    return {
      vectorCount: total,
      pendingVectorCount: 0,
      indexSize: total * dimension * 4,
      dimension,
      similarityFunction: "COSINE",
      namespaces: counts,
    };
  }

  function route(command: string, ns: string, body: unknown): unknown {
    switch (command) {
      case "upsert":
        return upsert(ns, body);
      case "query":
        if (!Array.isArray(body)) return query(ns, body);
        // a batch of one answers with the flat list, as the real service does (the client relies on it)
        return body.length === 1 ? query(ns, body[0]) : body.map((q) => query(ns, q));
      case "fetch":
        return fetchIds(ns, body);
      case "delete":
        return remove(ns, body);
      case "info":
        return info();
      default:
        throw new UpstashError(404, `Unknown endpoint: /${command}`);
    }
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const [command = "", ns = "", ...extra] = new URL(req.url ?? "/", "http://x").pathname
      .split("/")
      .slice(1)
      .map(decodeURIComponent);
    let status = 200;
    let payload: unknown;
    try {
      if (req.headers.authorization !== `Bearer ${token}`)
        throw new UpstashError(401, "Unauthorized: Invalid auth token");
      if (extra.length) throw new UpstashError(404, "Not Found");
      if (command !== "info" && req.method !== "POST") throw new UpstashError(405, "Method Not Allowed");
      if (text && !String(req.headers["content-type"]).startsWith("application/json")) {
        throw new UpstashError(400, "Content-Type must be application/json");
      }
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        throw new UpstashError(400, "Request body is not valid JSON");
      }
      payload = { result: route(command, ns, body) };
    } catch (error) {
      if (!(error instanceof UpstashError)) throw error;
      status = error.status;
      payload = { error: error.message, status };
    }
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    dimension,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
