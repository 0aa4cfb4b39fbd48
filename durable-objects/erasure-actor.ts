import { DurableObject } from "cloudflare:workers";
import type { AppEnv } from "../workers/env";

/** One person's erasure (DELETE /v1/me): a durable outbox of steps, each resumed after a crash. */
export class ErasureActor extends DurableObject<AppEnv> {}
