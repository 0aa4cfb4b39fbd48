import { createApp } from "./app";
import { handleQueue } from "./consumers";
import { handleScheduled } from "./cron";
import type { AppEnv } from "./env";

export { UserActor } from "../durable-objects/user-actor";
export { VectorIndexActor } from "../durable-objects/vector-index-actor";
export { TrendingActor } from "../durable-objects/trending-actor";
export { CoachSessionActor } from "../durable-objects/coach-session";
export { JobActor } from "../durable-objects/job-actor";
export { LifelogActor } from "../durable-objects/lifelog-actor";
export { ErasureActor } from "../durable-objects/erasure-actor";

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  queue: handleQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<AppEnv, unknown>;
