import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppEnv } from "../../workers/env";
import worker from "../../workers/index";
import { runErasureStep } from "../../workers/services/erasure/steps";
import { TOPICS } from "../../workers/services/mirror";
import { uniqueId } from "../helpers/api";
import { producerContract } from "../helpers/contracts/kafka";
import { kafkaEnv, kafkaServer, producerFor, type KafkaApi } from "../helpers/kafka-rest-control";

producerContract("v2", { retriable: 50003, permanent: 50002 });
producerContract("v3", { retriable: 500, permanent: 400 });

describe("Kafka REST v3 specifics", () => {
  it("sends a chunk in the documented streaming mode: chunked Concatenated JSON", async () => {
    const topic = await kafkaServer.createTopic(uniqueId("stream"));
    await producerFor("v3").produce(topic, [
      { key: "a", value: { n: 1 } },
      { key: "b", value: { n: 2 } },
    ]);
    const [request] = await kafkaServer.requests(topic);
    expect(request).toMatchObject({ api: "v3", chunked: true, status: 200 });
  });
});

async function deliver(bodies: unknown[], target: typeof env) {
  const batch = createMessageBatch(
    "edge-coach-tasks",
    bodies.map((body, i) => ({ id: `${uniqueId("msg")}-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, target, ctx);
  return getQueueResult(batch, ctx);
}

/** What the mirror stored for one user (the topics are shared, the user ids are not). */
async function mirrored(topic: string, userId: string) {
  const requests = await kafkaServer.requests(topic);
  return requests.flatMap((r) => r.records).filter((r) => r.key === userId);
}

const loggedEvent = (userId: string, traceId: string) => ({
  userId,
  traceId,
  type: "search" as const,
  itemId: null,
  category: null,
  query: "무선 이어폰",
  at: Date.now(),
});

describe.each<KafkaApi>(["v2", "v3"])("the queue consumer's Kafka mirror through REST %s", (api) => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("mirrors an events.log message to user.action.v1, keyed by user, each event with v: 1", async () => {
    const userId = uniqueId("u");
    const events = [loggedEvent(userId, "t1"), loggedEvent(userId, "t2")];
    const result = await deliver([{ kind: "events.log", events }], kafkaEnv(api));
    expect(result.explicitAcks).toHaveLength(1);
    expect(await mirrored(TOPICS.userActions, userId)).toEqual(
      events.map((e) => ({ key: userId, value: { ...e, v: 1 } })),
    );
  });

  it("mirrors an activity.raw message to activity.raw.v1 with the place still sealed", async () => {
    const userId = uniqueId("u");
    const record = {
      eventId: uniqueId("ev"),
      source: "location" as const,
      start: Date.now() - 600_000,
      end: Date.now(),
      deviceId: "phone-1",
      category: "exercise" as const,
      confidence: 0.9,
      metadata: { place: "sealed:v1:AAECAwQ", label: "한강 공원 산책" },
    };
    const result = await deliver([{ kind: "activity.raw", v: 1, userId, events: [record] }], kafkaEnv(api));
    expect(result.explicitAcks).toHaveLength(1);
    expect(await mirrored(TOPICS.activity, userId)).toEqual([{ key: userId, value: { ...record, v: 1 } }]);
  });

  it("mirrors a price-drop notice to notification.push.v1 after the user's actor has it", async () => {
    const userId = uniqueId("u");
    const at = Date.UTC(2025, 4, 1, 12);
    const notify = { kind: "notify.price-drop", itemId: uniqueId("sku"), title: "무선 이어폰", from: 200, to: 150 };
    const result = await deliver([{ ...notify, percent: 25, at, userIds: [userId] }], kafkaEnv(api));
    expect(result.explicitAcks).toHaveLength(1);
    expect(await mirrored(TOPICS.notifications, userId)).toEqual([
      {
        key: userId,
        value: expect.objectContaining({
          kind: "price_drop",
          itemId: notify.itemId,
          title: "Price drop: 무선 이어폰",
          day: "2025-05-01",
          v: 1,
        }),
      },
    ]);
  });

  it("erasing a person sends a tombstone under their key to every topic", async () => {
    const userId = uniqueId("u");
    const plan = {
      erasureId: `er_${crypto.randomUUID()}`,
      userId,
      requestedAt: Date.now(),
      sessionIds: [],
      jobIds: [],
      emails: [],
    };
    expect(await runErasureStep(kafkaEnv(api) as AppEnv, "outside", plan)).toEqual({ "kafka.tombstones": 3 });
    for (const topic of Object.values(TOPICS)) {
      expect((await mirrored(topic, userId)).map((r) => r.value ?? null)).toEqual([null]);
    }
  });

  it("retries the message (no ack) when Kafka keeps failing, so the queue's backoff and DLQ take over", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const userId = uniqueId("u");
    await kafkaServer.failNext(TOPICS.userActions, { count: 3, status: 503 });
    const result = await deliver([{ kind: "events.log", events: [loggedEvent(userId, "t1")] }], kafkaEnv(api));
    expect(result.explicitAcks).toHaveLength(0);
    expect(result.retryMessages).toHaveLength(1);
    expect(await mirrored(TOPICS.userActions, userId)).toEqual([]);
  });
});

describe("the mirror when KAFKA_REST_URL is not set", () => {
  it("acks the message and produces nothing", async () => {
    const userId = uniqueId("u");
    const result = await deliver([{ kind: "events.log", events: [loggedEvent(userId, "t1")] }], env);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await mirrored(TOPICS.userActions, userId)).toEqual([]);
  });
});
