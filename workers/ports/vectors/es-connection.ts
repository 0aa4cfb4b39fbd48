import { ConfigError, DependencyUnavailableError } from "../../errors";
import {
  BaseConnection,
  Client,
  errors,
  type ConnectionRequestOptions,
  type ConnectionRequestOptionsAsStream,
  type ConnectionRequestResponseAsStream,
  type ConnectionRequestParams,
  type ConnectionRequestResponse,
} from "@elastic/elasticsearch";

// Content types whose bodies the transport expects as bytes, not text (BaseConnection.isBinary)
const BINARY = ["application/vnd.mapbox-vector-tile", "application/vnd.apache.arrow.stream", "application/cbor"];

/**
 * The client's transport speaking through `fetch`. Its stock connections open Node sockets, and
 * inside workerd TLS over them fails (no ALPN), so every HTTPS cluster would be unreachable.
 * `fetch` is the Workers-native client: TLS, keep-alive and decompression are the runtime's.
 */
export class FetchConnection extends BaseConnection {
  override request(
    params: ConnectionRequestParams,
    options: ConnectionRequestOptions,
  ): Promise<ConnectionRequestResponse>;
  override request(
    params: ConnectionRequestParams,
    options: ConnectionRequestOptionsAsStream,
  ): Promise<ConnectionRequestResponseAsStream>;
  override async request(
    params: ConnectionRequestParams,
    options: ConnectionRequestOptions | ConnectionRequestOptionsAsStream,
  ): Promise<ConnectionRequestResponse | ConnectionRequestResponseAsStream> {
    // only the helpers' scroll and export APIs stream; the adapters read whole bodies
    if ("asStream" in options && options.asStream) {
      throw new errors.ConfigurationError("FetchConnection does not stream responses");
    }
    const base = this.url.pathname === "/" ? "" : this.url.pathname.replace(/\/$/, "");
    const query = params.querystring ? `?${params.querystring}` : "";
    const url = `${this.url.origin}${base}${params.path.startsWith("/") ? "" : "/"}${params.path}${query}`;
    const headers = new Headers();
    for (const [name, value] of Object.entries({ ...this.headers, ...params.headers })) {
      if (value === undefined) continue;
      // the runtime measures and compresses bodies itself; a stale length would corrupt the request
      if (name === "content-length" || name === "accept-encoding") continue;
      headers.set(name, Array.isArray(value) ? value.join(", ") : String(value));
    }
    const body = params.body;
    if (body !== null && body !== undefined && typeof body !== "string" && !(body instanceof Uint8Array)) {
      throw new errors.ConfigurationError("FetchConnection sends string or buffer bodies, not streams");
    }
    const timeoutMs = options.timeout ?? this.timeout;
    const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signal = options.signal && timeout ? AbortSignal.any([options.signal, timeout]) : (options.signal ?? timeout);

    let response: Response;
    try {
      response = await fetch(url, {
        method: params.method,
        headers,
        body: body === null || body === undefined || body === "" ? undefined : body,
        signal,
      });
    } catch (error) {
      if (timeout?.aborted) throw new errors.TimeoutError("Request timed out");
      if (options.signal?.aborted) throw new errors.RequestAbortedError("Request aborted");
      throw new errors.ConnectionError(error instanceof Error ? error.message : String(error));
    }

    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      // fetch has already decoded the body; passing the header on would make the transport gunzip it again
      if (name !== "content-encoding") responseHeaders[name] = value;
    });
    const contentType = responseHeaders["content-type"] ?? "";
    try {
      const payload = BINARY.some((t) => contentType.includes(t))
        ? Buffer.from(await response.arrayBuffer())
        : await response.text();
      const limit = options.maxResponseSize;
      if (limit !== undefined && payload.length > limit) {
        throw new errors.RequestAbortedError(`The response (${payload.length}) is bigger than allowed (${limit})`);
      }
      return { statusCode: response.status, headers: responseHeaders, body: payload };
    } catch (error) {
      if (error instanceof errors.RequestAbortedError) throw error;
      throw new errors.ConnectionError(error instanceof Error ? error.message : String(error));
    }
  }

  override async close(): Promise<void> {}
}

export type ElasticsearchOptions = { url: string; apiKey?: string; requestTimeoutMs?: number; maxRetries?: number };

/** A client pinned to the 8.x wire format (a 9.x client's `compatible-with=9` headers are refused by 8.x clusters). */
export function elasticsearchClient(options: ElasticsearchOptions): Client {
  return new Client({
    node: options.url,
    ...(options.apiKey ? { auth: { apiKey: options.apiKey } } : {}),
    Connection: FetchConnection,
    requestTimeout: options.requestTimeoutMs ?? 10_000,
    maxRetries: options.maxRetries ?? 2,
    // cluster metadata would mean extra requests and Node-only code paths
    sniffOnStart: false,
    enableMetaHeader: false,
  });
}

/**
 * A client failure as one readable error: the status and Elasticsearch's own `type: reason` for a
 * refusal, "unreachable" when no answer came. The original stays as `cause`.
 */
export function elasticsearchError(error: unknown, doing: string): Error {
  if (error instanceof errors.ResponseError) {
    const body = error.meta.body as { error?: { type?: string; reason?: string } | string } | undefined;
    const detail =
      typeof body?.error === "string"
        ? body.error
        : [body?.error?.type, body?.error?.reason].filter(Boolean).join(": ");
    const text = `Elasticsearch refused to ${doing} (${error.meta.statusCode}${detail ? ` ${detail}` : ""})`;
    const status = error.meta.statusCode ?? 0;
    // a refused key is the deployment's to fix; a failing cluster is the client's to retry
    if (status === 401 || status === 403) return new ConfigError(`${text}: check ELASTICSEARCH_API_KEY`);
    if (status >= 500 || status === 429) return new DependencyUnavailableError(text, { cause: error });
    return new Error(text, { cause: error });
  }
  if (error instanceof errors.ElasticsearchClientError) {
    return new DependencyUnavailableError(
      `Elasticsearch is unreachable; could not ${doing} (${error.name}: ${error.message})`,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
