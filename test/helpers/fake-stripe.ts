import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The part of Stripe's API that POST /v1/billing/checkout calls (https://docs.stripe.com/api/checkout/sessions/create):
 * a form-encoded `POST /v1/checkout/sessions` with a bearer secret key. The session's url carries what
 * was asked for, so a test can read it back. `price_missing` answers as Stripe does for an unknown price.
 * Served by the fake vendor (fake-vendor.ts); answers false for any other request.
 */
export async function stripeStandIn(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname !== "/v1/checkout/sessions") return false;
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "request-id": "req_standin" });
    res.end(JSON.stringify(body));
  };
  const error = (status: number, type: string, message: string) => reply(status, { error: { type, message } });
  if (req.method !== "POST") return (error(405, "invalid_request_error", "use POST"), true);
  if (!/^Bearer sk_test_/.test(req.headers.authorization ?? ""))
    return (error(401, "invalid_request_error", "Invalid API Key provided"), true);
  if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded"))
    return (error(400, "invalid_request_error", "form-encoded body expected"), true);
  let raw = "";
  for await (const chunk of req) raw += (chunk as Buffer).toString("utf8");
  const form = new URLSearchParams(raw);
  const price = form.get("line_items[0][price]");
  for (const field of ["mode", "success_url", "cancel_url", "client_reference_id"])
    if (!form.get(field)) return (error(400, "invalid_request_error", `Missing required param: ${field}.`), true);
  if (!price || price === "price_missing")
    return (error(400, "invalid_request_error", `No such price: '${price ?? ""}'`), true);
  const id = `cs_test_${Math.random().toString(36).slice(2, 12)}`;
  const asked = new URLSearchParams({
    client_reference_id: form.get("client_reference_id")!,
    price,
    mode: form.get("mode")!,
    subscription_user: form.get("subscription_data[metadata][userId]") ?? "",
    customer: form.get("customer") ?? "",
    success_url: form.get("success_url")!,
  });
  reply(200, {
    id,
    object: "checkout.session",
    mode: form.get("mode"),
    client_reference_id: form.get("client_reference_id"),
    url: `https://checkout.stripe.com/c/pay/${id}#${asked}`,
  });
  return true;
}
