import type { Config } from "../schemas/config";
import type { FaultStats } from "../schemas/faults";

/**
 * Fault injection for the stress suite (`npm run test:stress -- faults`), in one place: the
 * consumer's injected failures and the tally of what was injected. Safe by default (a rate of 0
 * injects nothing) and refused in production by `configOf`.
 */
export class InjectedFault extends Error {
  override readonly name = "InjectedFault";
}

// Isolate-wide tally, like the LLM breaker registry: `wrangler dev` runs one isolate, so the stress
// suite reads exact counts from GET /v1/admin/faults; deployed it would be per isolate.
const stats: FaultStats = { injectedQueueFailures: 0, evictions: 0, poisonMessages: 0 };

export const faultStats = (): FaultStats => ({ ...stats });

export const countFault = (kind: Exclude<keyof FaultStats, "injectedQueueFailures">, n = 1) => {
  stats[kind] += n;
};

/** Whether the consumer should fail this message as if its handler had thrown. */
export function injectQueueFailure(config: Config): InjectedFault | undefined {
  if (config.FAULT_QUEUE_FAILURE_RATE <= 0 || Math.random() >= config.FAULT_QUEUE_FAILURE_RATE) return undefined;
  stats.injectedQueueFailures++;
  return new InjectedFault(`injected failure (FAULT_QUEUE_FAILURE_RATE=${config.FAULT_QUEUE_FAILURE_RATE})`);
}

/** Why production cannot run with this fault configuration, or undefined. */
export function faultProblem(config: Config): { detail: string; fields: Record<string, unknown> } | undefined {
  if (config.ENVIRONMENT !== "production" || config.FAULT_QUEUE_FAILURE_RATE === 0) return undefined;
  return {
    detail: "FAULT_QUEUE_FAILURE_RATE injects failures and is for development only; production needs it unset or 0",
    fields: { invalid: "FAULT_QUEUE_FAILURE_RATE" },
  };
}
