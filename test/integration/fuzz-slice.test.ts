// The one-minute slice of the schema fuzz (issue #16; the full run is `npm run test:stress -- fuzz`):
// the same generator over the same /openapi.json, through the Worker's real fetch, so a new route
// cannot land without being fuzzed.
import { describe, expect, it } from "vitest";
import {
  type Actor,
  type Case,
  buildRequest,
  checkResponse,
  countBy,
  createResources,
  describeFailure,
  FUZZ_ITEM,
  generateCases,
  operationsOf,
  runPool,
} from "../../scripts/stress/lib/fuzz.mjs";
import { api, newUser } from "../helpers/api";

const SEED = 16; // fixed, so a failure here replays exactly
// the test pool allows 40 requests a minute per user: six set up a user's resources, 25 cases follow
const CASES_PER_USER = 25;
const USERS_IN_FLIGHT = 4;

async function call(token: string, method: string, path: string, json: unknown) {
  const res = await api(path, { method, token, json });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/** A fresh user with their own retrospect, resume, job, coach session and notification, and an admin. */
async function freshActor(): Promise<Actor> {
  const user = await newUser();
  const admin = await newUser("admin");
  const resources = await createResources((method, path, body) => call(user.token, method, path, body), FUZZ_ITEM.id);
  return { token: user.token, adminToken: admin.token, resource: (key) => resources[key as keyof typeof resources] };
}

async function send(kase: Case, actor: Actor): Promise<string | null> {
  const req = buildRequest(kase, actor);
  const res = await api(req.path, { method: req.method, headers: req.headers, body: req.body });
  if (res.webSocket) {
    res.webSocket.accept();
    res.webSocket.close(1000, "fuzz done");
  }
  let body = "";
  if (res.status >= 400) body = await res.text();
  else await res.body?.cancel();
  const answer = { status: res.status, contentType: res.headers.get("Content-Type"), body };
  const reason = checkResponse(kase, answer);
  return reason && describeFailure(kase, req, res.status, reason, body);
}

describe("schema fuzz slice", () => {
  it("answers every generated case of every operation without a 5xx and every 4xx as problem+json", async () => {
    const doc: unknown = await (await api("/openapi.json")).json();
    const admin = await newUser("admin");
    await call(admin.token, "PUT", `/v1/items/${FUZZ_ITEM.id}`, FUZZ_ITEM.body);
    const cases = generateCases(doc, { seed: SEED, perCategory: 1, authSample: 0, known: { itemId: FUZZ_ITEM.id } });

    const chunks = Array.from({ length: Math.ceil(cases.length / CASES_PER_USER) }, (_, i) =>
      cases.slice(i * CASES_PER_USER, (i + 1) * CASES_PER_USER),
    );
    const failures: string[] = [];
    await runPool(chunks, USERS_IN_FLIGHT, async (chunk) => {
      const actor = await freshActor();
      for (const kase of chunk) {
        const failure = await send(kase, actor).catch(
          (error: unknown) => `${kase.op} [${kase.category}] threw ${error}`,
        );
        if (failure) failures.push(failure);
      }
    });
    expect(failures, `${failures.length} failing answers:\n${failures.join("\n")}`).toEqual([]);
  }, 180_000);

  it("gives every operation in /openapi.json cases of every category that applies to it", async () => {
    const doc: unknown = await (await api("/openapi.json")).json();
    const cases = generateCases(doc, { seed: SEED, perCategory: 1, authSample: 0, known: { itemId: FUZZ_ITEM.id } });
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(40);
    for (const op of ops) {
      const own = cases.filter((c) => c.op === op.key);
      const got = countBy(own, (c) => c.category);
      const expected = ["valid", "invalid", "huge", "deep", "unicode", "query"];
      if (op.method !== "GET") expected.push("malformed", "contentType");
      if (op.path.includes("{")) expected.push("pathIds");
      for (const category of expected)
        expect(got[category] ?? 0, `${op.key} has no ${category} case`).toBeGreaterThan(0);
      const auth = countBy(own, (c) => c.auth);
      if (!op.public) expect(auth.none && auth.garbage, `${op.key} is never sent without a good token`).toBeTruthy();
    }
  });

  it("replays the same inputs from the same seed", async () => {
    const doc: unknown = await (await api("/openapi.json")).json();
    const one = generateCases(doc, { seed: SEED, perCategory: 1, known: { itemId: FUZZ_ITEM.id } });
    const two = generateCases(doc, { seed: SEED, perCategory: 1, known: { itemId: FUZZ_ITEM.id } });
    expect(two).toEqual(one);
    expect(generateCases(doc, { seed: SEED + 1, perCategory: 1, known: { itemId: FUZZ_ITEM.id } })).not.toEqual(one);
  });
});
