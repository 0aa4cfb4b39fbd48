// Types for the sample events the billing tests import from stripe-events.mjs (tsconfig has no allowJs).
export declare const DEV_WEBHOOK_SECRET: string;
export declare const EVENT_TYPES: readonly string[];
export declare function customerIdOf(userId: string): string;
export declare function subscriptionIdOf(userId: string): string;

export type SampleEvent = {
  id: string;
  object: "event";
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
  [key: string]: unknown;
};
export type SampleOptions = {
  userId: string;
  customerId?: string;
  subscriptionId?: string;
  /** Unix seconds; default now. */
  created?: number;
  /** Subscription events: Stripe's status (default active; canceled for customer.subscription.deleted). */
  status?: string;
  /** Unix seconds. */
  periodEnd?: number;
  id?: string;
};
export declare function sampleEvent(type: string, options: SampleOptions): SampleEvent;
export declare function signedDelivery(
  event: unknown,
  options?: { secret?: string; timestamp?: number },
): Promise<{ body: string; headers: Record<string, string> }>;
