import { describe, expect, it } from "vitest";
import { KafkaRestError } from "../../../workers/ports/kafka";
import { REQUEST_LIMITS } from "../../../workers/ports/kafka/rest";
import { uniqueId } from "../api";
import { kafkaServer, producerFor, type KafkaApi } from "../kafka-rest-control";
import type { ReceivedRequest } from "../kafka-rest-server";

const stored = (requests: ReceivedRequest[]) => requests.flatMap((r) => r.records);
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("the produce should have failed"),
    (e: unknown) => e as KafkaRestError,
  );

/**
 * What every Kafka producer adapter promises: keyed records stored once and in order, Korean intact;
 * batching within REQUEST_LIMITS; retries on 5xx and 429 (Retry-After honoured) and on retriable
 * per-record errors; a clear, immediate error on any other 4xx; a clear error when nobody answers.
 * `recordCodes` are the adapter's per-record error codes for a retriable and a permanent refusal.
 */
export function producerContract(api: KafkaApi, recordCodes: { retriable: number; permanent: number }) {
  describe(`the Kafka producer contract through Kafka REST ${api}`, () => {
    const topic = () => kafkaServer.createTopic(uniqueId(`contract-${api}`));
    const records = (n: number, text = "가격이 내려갔어요") =>
      Array.from({ length: n }, (_, i) => ({ key: `user-${i % 3}`, value: { i, text, v: 1 } }));

    it("stores keyed records once and in order, with Hangul values intact", async () => {
      const name = await topic();
      await producerFor(api).produce(name, records(3));
      const requests = await kafkaServer.requests(name);
      expect(requests).toHaveLength(1);
      expect(stored(requests)).toEqual(records(3));
    });

    it("splits a call at the record limit, one request after another in order", async () => {
      const name = await topic();
      const many = records(REQUEST_LIMITS.records * 2 + 1, "짧음");
      await producerFor(api).produce(name, many);
      const requests = await kafkaServer.requests(name);
      expect(requests.map((r) => r.records.length)).toEqual([REQUEST_LIMITS.records, REQUEST_LIMITS.records, 1]);
      expect(stored(requests)).toEqual(many);
    });

    it("splits a call at the byte cap, counting UTF-8 bytes rather than characters", async () => {
      const name = await topic();
      // 100 × 4,000 Hangul syllables: 400 K characters but 1.2 MB, over the server's 1 MiB body limit
      const big = records(100, "가".repeat(4000));
      await producerFor(api).produce(name, big);
      const requests = await kafkaServer.requests(name);
      expect(requests.length).toBe(3);
      for (const r of requests) expect(r.bytes).toBeLessThanOrEqual(REQUEST_LIMITS.bytes + 1024);
      expect(stored(requests)).toEqual(big);
    });

    it("retries a 5xx with backoff and then succeeds, storing each record once", async () => {
      const name = await topic();
      await kafkaServer.failNext(name, { count: 2, status: 500 });
      await producerFor(api).produce(name, records(2));
      const requests = await kafkaServer.requests(name);
      expect(requests.map((r) => r.status)).toEqual([500, 500, 200]);
      expect(stored(requests)).toEqual(records(2));
    });

    it("waits as long as a 429's Retry-After asks before trying again", async () => {
      const name = await topic();
      await kafkaServer.failNext(name, { count: 1, status: 429, retryAfter: 1 });
      const started = Date.now();
      await producerFor(api).produce(name, records(1));
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect((await kafkaServer.requests(name)).map((r) => r.status)).toEqual([429, 200]);
    });

    it("gives up at once when Retry-After asks for longer than the call's budget, leaving the wait to the queue", async () => {
      const name = await topic();
      await kafkaServer.failNext(name, { count: 1, status: 429, retryAfter: 60 });
      const started = Date.now();
      const error = await failure(producerFor(api).produce(name, records(1)));
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error.retriable).toBe(true);
      expect(error.message).toMatch(/waiting 60000 ms more would pass the \d+ ms budget: Kafka REST answered 429/);
    });

    it("gives up after the last attempt when the server keeps failing, naming the status", async () => {
      const name = await topic();
      await kafkaServer.failNext(name, { count: 10, status: 503 });
      const error = await failure(producerFor(api).produce(name, records(1)));
      expect(error).toBeInstanceOf(KafkaRestError);
      expect(error.message).toMatch(/failed after 3 attempts: Kafka REST answered 503 .*Service Unavailable/);
      expect(await kafkaServer.requests(name)).toHaveLength(3);
    });

    it("resends only the records refused with a retriable per-record error", async () => {
      const name = await topic();
      await kafkaServer.failNext(name, { count: 1, status: recordCodes.retriable, inRecord: true });
      await producerFor(api).produce(name, records(3));
      const requests = await kafkaServer.requests(name);
      expect(requests.map((r) => r.records.length)).toEqual([2, 1]);
      expect(stored(requests)).toEqual([...records(3).slice(1), records(3)[0]]);
    });

    it("fails at once on a permanent per-record error, though the request answered 200", async () => {
      const name = await topic();
      await kafkaServer.failNext(name, { count: 1, status: recordCodes.permanent, inRecord: true });
      const error = await failure(producerFor(api).produce(name, records(2)));
      expect(error.message).toContain(`1 of 2 records refused, first with ${recordCodes.permanent}`);
      expect(await kafkaServer.requests(name)).toHaveLength(1);
    });

    it("fails at once on a 4xx, naming the status and the server's error", async () => {
      const name = uniqueId("no-such-topic");
      const error = await failure(producerFor(api).produce(name, records(1)));
      expect(error.retriable).toBe(false);
      expect(error.message).toMatch(/404/);
      expect(error.message).toMatch(/Topic not found|does not host this topic-partition/);
      expect(await kafkaServer.requests(name)).toHaveLength(1);
    });

    it("fails at once with 401 when the credentials are wrong", async () => {
      const error = await failure(
        producerFor(api, { KAFKA_REST_PASSWORD: "wrong" }).produce(await topic(), records(1)),
      );
      expect(error.message).toMatch(/answered 401 .*Unauthorized/);
    });

    it("says the server is unreachable when nothing listens at the URL", async () => {
      const error = await failure(
        producerFor(api, { KAFKA_REST_URL: "http://127.0.0.1:9" }).produce("user.action.v1", records(1)),
      );
      expect(error.status).toBeNull();
      expect(error.message).toMatch(
        /failed after 3 attempts: Kafka REST unreachable at POST http:\/\/127\.0\.0\.1:9\//,
      );
    });
  });
}
