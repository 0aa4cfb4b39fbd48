#!/usr/bin/env node
// Signs a sample Stripe event and posts it to a running server's webhook, as Stripe would:
//   npm run stripe:send -- <event-type> --user <id> [--customer cus_…] [--status past_due]
//     [--created <unix seconds>] [--url http://127.0.0.1:8787] [--secret whsec_…]
// The secret defaults to the development one the Worker uses outside production (API.md).
import { parseArgs } from "node:util";
import { DEV_WEBHOOK_SECRET, EVENT_TYPES, sampleEvent, signedDelivery } from "./stripe-events.mjs";

const usage = `usage: npm run stripe:send -- <event-type> --user <id> [--customer cus_…] [--status <subscription status>]
       [--created <unix seconds>] [--id evt_…] [--url http://127.0.0.1:8787] [--secret whsec_…]
event types: ${EVENT_TYPES.join(", ")}`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      user: { type: "string" },
      customer: { type: "string" },
      status: { type: "string" },
      created: { type: "string" },
      id: { type: "string" },
      url: { type: "string", default: "http://127.0.0.1:8787" },
      secret: { type: "string", default: process.env.STRIPE_WEBHOOK_SECRET ?? DEV_WEBHOOK_SECRET },
      help: { type: "boolean", short: "h" },
    },
  });
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
const { values, positionals } = parsed;
const [type] = positionals;
if (values.help || !type || !values.user) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}
if (!EVENT_TYPES.includes(type))
  console.warn(`note: ${type} is not a type the Worker acts on; it answers applied: false`);
const created = values.created === undefined ? undefined : Number(values.created);
if (created !== undefined && !Number.isInteger(created)) {
  console.error(`--created must be Unix seconds, got ${values.created}`);
  process.exit(2);
}

const event = sampleEvent(type, {
  userId: values.user,
  customerId: values.customer,
  status: values.status,
  created,
  id: values.id,
});
const { body, headers } = await signedDelivery(event, { secret: values.secret });
const url = new URL("/v1/billing/webhook", values.url);
let res;
try {
  res = await fetch(url, { method: "POST", headers, body });
} catch (error) {
  console.error(`could not reach ${url}: ${error.cause?.message ?? error.message} (is \`npm run dev\` running?)`);
  process.exit(1);
}
console.log(`${type} ${event.id} (customer ${event.data.object.customer ?? "-"}) → ${res.status}`);
console.log(await res.text());
process.exit(res.ok ? 0 : 1);
