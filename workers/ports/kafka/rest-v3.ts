import { z } from "zod";
import type { KafkaRecord, Producer } from "./index";
import {
  produceInChunks,
  failureOf,
  KafkaRestError,
  post,
  type KafkaRestTarget,
  type RecordFailure,
  type RetryPolicy,
} from "./rest";

const DeliveryReportSchema = z.object({ error_code: z.number(), message: z.string().optional() });

/**
 * The v3 records API (`POST /kafka/v3/clusters/{id}/topics/{topic}/records`) as Confluent Cloud
 * serves it. A chunk of records goes in one request in the documented streaming mode: the body is
 * Concatenated JSON sent with `Transfer-Encoding: chunked` (a stream body of unknown length), and
 * the server answers one delivery report per record, in order, each with its own `error_code`
 * (200 = stored) under an HTTP 200. Chunks keep REQUEST_LIMITS, like v2.
 */
export class RestV3Producer implements Producer {
  constructor(
    private readonly target: KafkaRestTarget,
    private readonly clusterId: string,
    private readonly policy: RetryPolicy,
  ) {}

  async produce(topic: string, records: KafkaRecord[]): Promise<void> {
    const url = `${this.target.url}/kafka/v3/clusters/${encodeURIComponent(this.clusterId)}/topics/${encodeURIComponent(topic)}/records`;
    // a record without a value is v3's tombstone (a null value); `data: null` would be the JSON value null
    const parts = records.map((r) =>
      JSON.stringify({
        key: { type: "JSON", data: r.key },
        ...(r.value === null ? {} : { value: { type: "JSON", data: r.value } }),
      }),
    );
    await produceInChunks(topic, parts, (pending) => this.send(url, pending), this.policy);
  }

  private async send(url: string, pending: string[]): Promise<RecordFailure[]> {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of pending) controller.enqueue(encoder.encode(`${part}\n`));
        controller.close();
      },
    });
    const res = await post(
      this.target,
      url,
      { "Content-Type": "application/json", Accept: "application/json" },
      body,
      this.policy.timeoutMs,
    );
    if (!res.ok) throw await failureOf(res, url);
    let reports: z.infer<typeof DeliveryReportSchema>[];
    try {
      reports = splitConcatenatedJson(await res.text()).map((r) => DeliveryReportSchema.parse(r));
    } catch (error) {
      throw new KafkaRestError(
        `Kafka REST answered 200 to POST ${url} with unreadable delivery reports: ${String(error)}`,
        200,
        false,
      );
    }
    // a stream the server closed early (its connection time limit) leaves the rest undelivered: resend them
    const missing = pending.slice(reports.length).map((_, i) => ({
      index: reports.length + i,
      code: 408,
      message: "no delivery report (the stream ended early)",
      retriable: true,
    }));
    return reports
      .flatMap((r, index) =>
        r.error_code === 200
          ? []
          : [
              {
                index,
                code: r.error_code,
                message: r.message ?? "",
                retriable: r.error_code === 429 || r.error_code >= 500,
              },
            ],
      )
      .concat(missing);
  }
}

/**
 * Concatenated JSON (RFC 7464's looser cousin: values back to back, optionally whitespace between)
 * as the values it holds. Throws on text that is not a sequence of complete JSON values.
 */
export function splitConcatenatedJson(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (depth++ === 0) start = i;
    } else if (c === "}" || c === "]") {
      if (--depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
      else if (depth < 0) throw new SyntaxError(`unbalanced ${c} at ${i}`);
    } else if (depth === 0 && !/\s/.test(c)) throw new SyntaxError(`unexpected ${c} at ${i} between values`);
  }
  if (depth !== 0 || inString) throw new SyntaxError("the last value is incomplete");
  return values;
}
