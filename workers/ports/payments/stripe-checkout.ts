import Stripe from "stripe";
import { DependencyUnavailableError } from "../../errors";

export type CheckoutRequest = {
  userId: string;
  priceId: string;
  /** The customer a previous checkout recorded, so a returning subscriber keeps one Stripe customer. */
  customerId: string | null;
  successUrl: string;
  cancelUrl: string;
};

/** Where the client sends API calls: Stripe's own, or (STRIPE_API_URL) a stand-in. */
function clientOptions(apiUrl: string | undefined): Stripe.StripeConfig {
  const options: Stripe.StripeConfig = {
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 1,
    timeout: 10_000,
  };
  if (!apiUrl) return options;
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { ...options, host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

/**
 * A Stripe Checkout session for the Pro subscription (https://docs.stripe.com/api/checkout/sessions/create).
 * The session names the user in `client_reference_id` and in the subscription's metadata: the webhook
 * finds them there. Stripe failing or unreachable is a 503 the client may retry.
 */
export async function createCheckoutSession(
  secretKey: string,
  apiUrl: string | undefined,
  request: CheckoutRequest,
): Promise<{ url: string }> {
  const stripe = new Stripe(secretKey, clientOptions(apiUrl));
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: request.priceId, quantity: 1 }],
      client_reference_id: request.userId,
      metadata: { userId: request.userId },
      subscription_data: { metadata: { userId: request.userId } },
      ...(request.customerId ? { customer: request.customerId } : {}),
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DependencyUnavailableError(`Stripe did not create a checkout session: ${detail}`, { cause: error });
  }
  if (!session.url) throw new DependencyUnavailableError("Stripe answered a checkout session without a url");
  return { url: session.url };
}
