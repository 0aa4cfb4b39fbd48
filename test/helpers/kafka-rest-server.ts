import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A strict local Kafka REST server speaking both produce APIs as documented:
 *   v2  POST /topics/{topic}                                   (Confluent REST Proxy, Redpanda)
 *       Content-Type application/vnd.kafka.json.v2+json, {records: [{key, value}]} →
 *       {offsets: [{partition, offset, error_code, error}]}; errors {error_code: 40401, message}
 *   v3  POST /kafka/v3/clusters/{id}/topics/{topic}/records    (Confluent Cloud)
 *       Content-Type application/json, Concatenated JSON records {key: {type, data}, value: {type, data}}
 *       → one delivery report per record ({error_code: 200, …} or {error_code, message}), back to back
 *       under a 200 when streamed (chunked); a single non-streamed record's error is the HTTP status
 * Both require Basic auth and refuse bodies over 1 MiB (the proxies' usual default).
 *
 * Test control, not part of either API:
 *   POST /_test/topics {name}                         creates a topic (the three mirror topics exist)
 *   POST /_test/fail {topic, count, status, retryAfter?, inRecord?}
 *        the next `count` requests to `topic` fail with `status`; with `inRecord` the request succeeds
 *        but its first record is refused with that code (v2 `offsets[0].error_code`, v3 its report)
 *   GET  /_test/requests?topic=                       what each request to `topic` carried, in order
 */
export type KafkaRestServer = { url: string; clusterId: string; close(): Promise<void> };
export type ReceivedRequest = {
  api: "v2" | "v3";
  status: number;
  chunked: boolean;
  bytes: number;
  records: { key: unknown; value: unknown }[];
};
type Failure = { count: number; status: number; retryAfter?: number; inRecord?: boolean };

export const KAFKA_CLUSTER_ID = "lkc-edge01";
export const KAFKA_USER = "edge-coach";
export const KAFKA_PASSWORD = "s3cret-키";
const MAX_BODY = 1024 * 1024;
const V2_CONTENT_TYPE = "application/vnd.kafka.json.v2+json";
const V2_ACCEPTS = ["application/vnd.kafka.v2+json", "application/vnd.kafka+json", "application/json", "*/*"];
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  406: "HTTP 406 Not Acceptable",
  413: "Request Entity Too Large",
  415: "HTTP 415 Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

const reply = (res: ServerResponse, status: number, body: unknown, type: string, headers = {}) => {
  res.writeHead(status, { "content-type": type, ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
};
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** Concatenated JSON, one value per line as curl examples and our client send it (JSON escapes newlines). */
function concatenated(text: string): unknown[] {
  const values: unknown[] = [];
  for (const line of text.split("\n").filter((l) => l.trim() !== "")) values.push(JSON.parse(line));
  return values;
}

/** v3's embedded data: only BINARY, JSON and STRING are accepted without Schema Registry. */
function v3DataProblem(field: string, data: unknown): string | null {
  if (data === undefined) return null;
  if (!isObject(data)) return `${field} must be an object`;
  const extra = Object.keys(data).filter((k) => !["type", "data"].includes(k));
  if (extra.length > 0) return `Unrecognized field "${extra[0]}" in ${field}`;
  if (!["JSON", "BINARY", "STRING"].includes(String(data.type))) return `${field}.type must be JSON, BINARY or STRING`;
  if (data.type !== "JSON" && typeof data.data !== "string") return `${field}.data must be a string for ${data.type}`;
  return null;
}

export async function startKafkaRestServer(): Promise<KafkaRestServer> {
  const topics = new Map<string, number>(
    ["user.action.v1", "activity.raw.v1", "notification.push.v1"].map((t) => [t, 0]),
  );
  const failures = new Map<string, Failure>();
  const received = new Map<string, ReceivedRequest[]>();
  const expectedAuth = `Basic ${Buffer.from(`${KAFKA_USER}:${KAFKA_PASSWORD}`, "utf8").toString("base64")}`;

  const store = (topic: string, key: unknown, value: unknown) => {
    const offset = topics.get(topic)!;
    topics.set(topic, offset + 1);
    return { partition: 0, offset, key, value };
  };
  const takeFailure = (topic: string) => {
    const failure = failures.get(topic);
    if (!failure || failure.count <= 0) return undefined;
    failure.count--;
    return failure;
  };

  async function produce(req: IncomingMessage, res: ServerResponse, api: "v2" | "v3", topic: string) {
    const json = api === "v2" ? "application/vnd.kafka.v2+json" : "application/json";
    const error = (status: number, code: number, message: string, headers = {}) =>
      reply(res, status, { error_code: code, message }, json, headers);
    if (req.headers.authorization !== expectedAuth)
      return error(401, 401, "Unauthorized", { "www-authenticate": 'Basic realm="kafka-rest"' });
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
    if (type !== (api === "v2" ? V2_CONTENT_TYPE : "application/json")) return error(415, 415, REASONS[415]!);
    const accept = req.headers.accept ?? "*/*";
    if (api === "v2" && !accept.split(",").some((a) => V2_ACCEPTS.includes(a.split(";")[0]!.trim())))
      return error(406, 406, REASONS[406]!);
    const raw = await readBody(req);
    const chunked = req.headers["transfer-encoding"] === "chunked";
    const log: ReceivedRequest = { api, status: 0, chunked, bytes: raw.byteLength, records: [] };
    received.set(topic, [...(received.get(topic) ?? []), log]);
    const fail = (status: number, code: number, message: string, headers = {}) => {
      log.status = status;
      error(status, code, message, headers);
    };
    if (raw.byteLength > MAX_BODY) return fail(413, 413, REASONS[413]!);
    const failure = takeFailure(topic);
    if (failure && !failure.inRecord) {
      const headers = failure.retryAfter !== undefined ? { "retry-after": String(failure.retryAfter) } : {};
      return fail(failure.status, failure.status, REASONS[failure.status] ?? "Error", headers);
    }
    const text = raw.toString("utf8");
    return api === "v2" ? v2(text, failure) : v3(text, failure);

    function v2(text: string, failure?: Failure) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (e) {
        return fail(400, 400, `Unexpected character: ${(e as Error).message}`);
      }
      if (!isObject(body) || !Array.isArray(body.records) || body.records.length === 0)
        return fail(422, 422, "records may not be empty");
      const extra = Object.keys(body).filter((k) => !["records", "key_schema", "value_schema"].includes(k));
      if (extra.length > 0) return fail(422, 422, `Unrecognized field: ${extra[0]}`);
      for (const r of body.records) {
        if (!isObject(r) || Object.keys(r).some((k) => !["key", "value", "partition"].includes(k)))
          return fail(422, 422, `Unrecognized field in record: ${JSON.stringify(r).slice(0, 80)}`);
      }
      if (!topics.has(topic)) return fail(404, 40401, "Topic not found.");
      log.status = 200;
      const offsets = (body.records as Record<string, unknown>[]).map((r, i) => {
        if (i === 0 && failure) return { partition: null, offset: null, error_code: failure.status, error: "refused" };
        log.records.push({ key: r.key, value: r.value });
        const { partition, offset } = store(topic, r.key, r.value);
        return { partition, offset, error_code: null, error: null };
      });
      reply(res, 200, { offsets, key_schema_id: null, value_schema_id: null }, json);
    }

    function v3(text: string, failure?: Failure) {
      let records: unknown[];
      try {
        records = concatenated(text);
      } catch (e) {
        return fail(400, 400, `Error processing JSON: ${(e as Error).message}`);
      }
      const reports = records.map((r, i) => {
        if (i === 0 && failure) return { error_code: failure.status, message: REASONS[failure.status] ?? "refused" };
        if (!isObject(r)) return { error_code: 400, message: "a record must be a JSON object" };
        const extra = Object.keys(r).filter(
          (k) => !["partition_id", "headers", "key", "value", "timestamp"].includes(k),
        );
        if (extra.length > 0) return { error_code: 400, message: `Unrecognized field "${extra[0]}"` };
        const problem = v3DataProblem("key", r.key) ?? v3DataProblem("value", r.value);
        if (problem) return { error_code: 400, message: problem };
        if (!topics.has(topic)) return { error_code: 404, message: "This server does not host this topic-partition." };
        const key = (r.key as { data?: unknown } | undefined)?.data;
        const value = (r.value as { data?: unknown } | undefined)?.data;
        log.records.push({ key, value });
        const { partition, offset } = store(topic, key, value);
        const size = (x: unknown) => Buffer.byteLength(JSON.stringify(x ?? null));
        return {
          error_code: 200,
          cluster_id: KAFKA_CLUSTER_ID,
          topic_name: topic,
          partition_id: partition,
          offset,
          timestamp: new Date().toISOString(),
          key: { type: "JSON", size: size(key) },
          value: { type: "JSON", size: size(value) },
        };
      });
      const only = reports[0];
      if (!chunked && only && only.error_code !== 200)
        return fail(only.error_code, only.error_code, String(only.message));
      log.status = 200;
      // back to back without separators, which readers of Concatenated JSON must handle
      reply(res, 200, reports.map((r) => JSON.stringify(r)).join(""), json);
    }
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL) {
    const body =
      req.method === "POST" ? (JSON.parse((await readBody(req)).toString("utf8")) as Record<string, unknown>) : {};
    if (url.pathname === "/_test/topics") topics.set(String(body.name), topics.get(String(body.name)) ?? 0);
    else if (url.pathname === "/_test/fail") failures.set(String(body.topic), body as unknown as Failure);
    else if (url.pathname === "/_test/requests")
      return reply(res, 200, received.get(url.searchParams.get("topic") ?? "") ?? [], "application/json");
    else return reply(res, 404, { error_code: 404, message: "HTTP 404 Not Found" }, "application/json");
    reply(res, 204, "", "application/json");
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const v2 = /^\/topics\/([^/]+)$/.exec(url.pathname);
    const v3 = /^\/kafka\/v3\/clusters\/([^/]+)\/topics\/([^/]+)\/records$/.exec(url.pathname);
    const handle = async () => {
      if (url.pathname.startsWith("/_test/")) return control(req, res, url);
      if (req.method === "POST" && v2) return produce(req, res, "v2", decodeURIComponent(v2[1]!));
      if (req.method === "POST" && v3) {
        if (decodeURIComponent(v3[1]!) !== KAFKA_CLUSTER_ID)
          return reply(res, 404, { error_code: 404, message: `Cluster ${v3[1]} cannot be found.` }, "application/json");
        return produce(req, res, "v3", decodeURIComponent(v3[2]!));
      }
      reply(res, 404, { error_code: 404, message: "HTTP 404 Not Found" }, "application/json");
    };
    handle().catch((e: unknown) => reply(res, 500, { error_code: 500, message: String(e) }, "application/json"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    clusterId: KAFKA_CLUSTER_ID,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
