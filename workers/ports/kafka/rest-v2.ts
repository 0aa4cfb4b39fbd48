import { logRejection } from "../../log";
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

const CONTENT_TYPE = "application/vnd.kafka.json.v2+json";
const ACCEPT = "application/vnd.kafka.v2+json";

/** REST Proxy's code for a Kafka error the producer may retry (50002 is one it may not). */
const RETRIABLE_RECORD_ERROR = 50003;

const ProduceResponseSchema = z.object({
  offsets: z.array(
    z.object({
      partition: z.number().nullable().optional(),
      offset: z.number().nullable().optional(),
      error_code: z.number().nullable().optional(),
      error: z.string().nullable().optional(),
    }),
  ),
});

/**
 * The v2 produce API (`POST /topics/{topic}`, embedded JSON), as Confluent REST Proxy and Redpanda's
 * HTTP proxy serve it. A 200 can still refuse single records in `offsets`; those count as failures.
 */
export class RestV2Producer implements Producer {
  constructor(
    private readonly target: KafkaRestTarget,
    private readonly policy: RetryPolicy,
  ) {}

  async produce(topic: string, records: KafkaRecord[]): Promise<void> {
    const url = `${this.target.url}/topics/${encodeURIComponent(topic)}`;
    const parts = records.map((r) => JSON.stringify({ key: r.key, value: r.value }));
    await produceInChunks(topic, parts, (pending) => this.send(url, pending), this.policy);
  }

  private async send(url: string, pending: string[]): Promise<RecordFailure[]> {
    const res = await post(
      this.target,
      url,
      { "Content-Type": CONTENT_TYPE, Accept: ACCEPT },
      `{"records":[${pending.join(",")}]}`,
      this.policy.timeoutMs,
    );
    if (!res.ok) throw await failureOf(res, url);
    const json = await res.json().catch(logRejection("kafka rest: a 200 answer is not JSON", { url }, null));
    const body = ProduceResponseSchema.safeParse(json);
    if (!body.success || body.data.offsets.length !== pending.length) {
      throw new KafkaRestError(`Kafka REST answered 200 to POST ${url} without one offset per record`, 200, false);
    }
    return body.data.offsets.flatMap((o, index) =>
      o.error_code == null
        ? []
        : [{ index, code: o.error_code, message: o.error ?? "", retriable: o.error_code === RETRIABLE_RECORD_ERROR }],
    );
  }
}
