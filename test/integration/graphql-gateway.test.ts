import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PaymentRequiredError,
  RateLimitedError,
  RuleViolationError,
} from "../../workers/errors";
import { maskError } from "../../workers/graphql/errors";
import type { AppEnv } from "../../workers/env";
import worker from "../../workers/index";
import { api, BASE, expectProblem, newUser, signToken } from "../helpers/api";

type GqlError = { message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string } };
type GqlBody = { data?: Record<string, unknown> | null; errors?: GqlError[] };

/** POST /graphql as `token`; the answer's status and body. */
async function gql(token: string | undefined, query: string, variables?: Record<string, unknown>) {
  const res = await api("/graphql", { method: "POST", token, json: { query, variables } });
  return { res, status: res.status, body: (await res.json()) as GqlBody };
}

const codes = (body: GqlBody) => (body.errors ?? []).map((e) => e.extensions?.code);

describe("the GraphQL gateway's front door", () => {
  it("answers a query with the caller's own data", async () => {
    const user = await newUser();
    const { status, body } = await gql(user.token, "{ me { userId } }");
    expect(status).toBe(200);
    expect(body).toEqual({ data: { me: { userId: user.id } } });
  });

  it("refuses a missing token with the REST 401 problem before GraphQL runs", async () => {
    const res = await api("/graphql", { method: "POST", json: { query: "{ me { userId } }" } });
    const problem = await expectProblem(res, 401);
    expect(problem.type).toMatch(/unauthorized$/);
    expect(res.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
  });

  it("refuses forged tokens (wrong key, expired, wrong audience) over POST and GET with 401", async () => {
    const forged = [
      await signToken({ sub: "gql-forged" }, "not-the-server-secret-but-long-enough-1234"),
      await signToken({ sub: "gql-forged", exp: Math.floor(Date.now() / 1000) - 60 }),
      await signToken({ sub: "gql-forged", aud: "someone-else" }),
      "abc.def.ghi",
    ];
    for (const token of forged) {
      await expectProblem(await api("/graphql", { method: "POST", token, json: { query: "{ me { userId } }" } }), 401);
      await expectProblem(await api(`/graphql?query=${encodeURIComponent("{ me { userId } }")}`, { token }), 401);
    }
  });

  it("runs a query over GET", async () => {
    const user = await newUser();
    const res = await api(`/graphql?query=${encodeURIComponent("{ me { userId } }")}`, { token: user.token });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { me: { userId: user.id } } });
  });

  it("refuses a mutation over GET with a 405 problem naming POST, and does not run it", async () => {
    const user = await newUser();
    const mutation = `mutation { follow(label: { key: "region", value: "서울" }) { following } }`;
    const res = await api(`/graphql?query=${encodeURIComponent(mutation)}`, { token: user.token });
    expect(res.headers.get("Allow")).toMatch(/POST/);
    const problem = await expectProblem(res, 405);
    expect(problem.detail).toMatch(/POST/);
    // the same mutation over POST is the first to follow, so the GET one never ran
    const { body } = await gql(user.token, mutation);
    expect(body).toEqual({ data: { follow: { following: true } } });
  });

  it("answers a malformed envelope with a 400 problem, like any REST route", async () => {
    const user = await newUser();
    const post = (body: BodyInit, type = "application/json") =>
      api("/graphql", { method: "POST", token: user.token, body, headers: { "Content-Type": type } });
    expect((await expectProblem(await post("{}"), 400)).errors).toEqual([expect.objectContaining({ path: "query" })]);
    await expectProblem(await post('{"query": 42}'), 400);
    await expectProblem(await post('{"query": "{ me { userId } }", "variables": [1]}'), 400);
    await expectProblem(await post("{ not json"), 400);
    await expectProblem(await post("{ me { userId } }", "text/plain"), 415);
    await expectProblem(await api("/graphql", { token: user.token }), 400);
    const badVariables = `/graphql?query=${encodeURIComponent("{ me { userId } }")}&variables=%7Bnope`;
    await expectProblem(await api(badVariables, { token: user.token }), 400);
  });

  it("answers variables that do not fit their types with a 400 problem naming the variable", async () => {
    const user = await newUser();
    const res = await api("/graphql", {
      method: "POST",
      token: user.token,
      json: { query: "query($d: String!) { timeline(day: $d) { day } }", variables: {} },
    });
    expect((await expectProblem(res, 400)).detail).toMatch(/\$d/);
  });

  it("answers a GraphQL syntax or schema error as a 200 with errors[] and no data", async () => {
    const user = await newUser();
    for (const query of ["{ me { userId }", "{ me { nope } }", "{ timeline { day } }"]) {
      const { status, body } = await gql(user.token, query);
      expect(status, query).toBe(200);
      expect(body.data, query).toBeUndefined();
      expect(body.errors?.length, query).toBeGreaterThan(0);
      expect(
        codes(body).every((c) => typeof c === "string"),
        JSON.stringify(body),
      ).toBe(true);
    }
  });

  it("counts against the same per-user rate limit as /v1 (429 problem with Retry-After)", async () => {
    const user = await newUser();
    const query = { query: "{ me { userId } }" };
    let limited: Response | undefined;
    for (let i = 0; i < 60 && !limited; i++) {
      const res =
        i % 2
          ? await api("/v1/me", { token: user.token })
          : await api("/graphql", { method: "POST", token: user.token, json: query });
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get("Retry-After"))).toBeGreaterThan(0);
    await expectProblem(limited!, 429);
    await expectProblem(await api("/graphql", { method: "POST", token: user.token, json: query }), 429);
  });

  it("refuses a body over the size limit with the REST 413", async () => {
    const user = await newUser();
    const query = `{ me { userId } } # ${"가".repeat(400_000)}`;
    await expectProblem(await api("/graphql", { method: "POST", token: user.token, json: { query } }), 413);
  });
});

describe("GraphiQL", () => {
  const browser = { Accept: "text/html,application/xhtml+xml" };
  /** The Worker's real fetch with ENVIRONMENT set as `npm run dev` (or a deploy) sets it. */
  async function open(environment: string, path = "/graphql") {
    const ctx = createExecutionContext();
    const headers = { ...browser, "CF-Connecting-IP": "203.0.113.77" };
    // production refuses to start without a key to verify tokens with; give it one
    const vars = { ENVIRONMENT: environment, JWT_SECRET: "graphiql-test-secret-that-is-long-enough-123" };
    const res = await worker.fetch(new Request(BASE + path, { headers }), { ...env, ...vars } as AppEnv, ctx);
    await waitOnExecutionContext(ctx);
    return res;
  }

  it("is served to a browser at /graphql in development, without a token, from vendored files only", async () => {
    const res = await open("development");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain("/vendor/graphiql/graphiql.js");
    expect(html).toContain("renderYogaGraphiQL");
    // no CDN: every script and stylesheet is this origin's
    expect(
      [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => /^(https?:)?\/\//.test(u!)),
    ).toEqual([]);
  });

  it("is not served outside development: a browser without a token gets the 401 problem", async () => {
    for (const environment of ["production", "test"]) await expectProblem(await open(environment), 401);
  });

  it("does not replace a GET query sent by a browser in development", async () => {
    const res = await open("development", `/graphql?query=${encodeURIComponent("{ me { userId } }")}`);
    await expectProblem(res, 401);
  });
});

describe("GraphQL errors carry the REST error as extensions.code", () => {
  it("maps a failed zod validation to BAD_USER_INPUT with the same field errors as REST", async () => {
    const user = await newUser();
    const rest = await expectProblem(
      await api("/v1/timeline?day=2026-13-01&tz=Mars/Olympus", { token: user.token }),
      400,
    );
    const { status, body } = await gql(user.token, `{ timeline(day: "2026-13-01", tz: "Mars/Olympus") { day } }`);
    expect(status).toBe(200);
    expect(body.data).toEqual({ timeline: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ["timeline"], extensions: { code: "BAD_USER_INPUT", status: 400 } });
    const paths = (e: { path: string }[]) => e.map((x) => x.path).sort();
    expect(paths(body.errors![0]!.extensions!.errors as { path: string }[])).toEqual(paths(rest.errors!));
  });

  it("maps a missing timeline entry to NOT_FOUND, as REST answers 404", async () => {
    const user = await newUser();
    await expectProblem(
      await api("/v1/timeline/tl_nothing-here/feedback", {
        method: "POST",
        token: user.token,
        json: { category: "rest" },
      }),
      404,
    );
    const { body } = await gql(
      user.token,
      `mutation { submitFeedback(entryId: "tl_nothing-here", category: "rest") { id } }`,
    );
    expect(codes(body)).toEqual(["NOT_FOUND"]);
    expect(body.data).toEqual({ submitFeedback: null });
  });

  it("validates a Korean note by the same rule as REST (characters, not bytes)", async () => {
    const user = await newUser();
    const note = "메모".repeat(250); // 500 characters, 1,500 bytes: within the REST limit of 500 characters
    const tooLong = `${note}가`;
    const run = (n: string) =>
      gql(
        user.token,
        `mutation($n: String) { submitFeedback(entryId: "tl_nothing-here", category: "rest", note: $n) { id } }`,
        { n },
      );
    expect(codes((await run(note)).body)).toEqual(["NOT_FOUND"]);
    const { body } = await run(tooLong);
    expect(codes(body)).toEqual(["BAD_USER_INPUT"]);
    expect(body.errors![0]!.extensions!.errors).toEqual([expect.objectContaining({ path: "note" })]);
  });

  it("masks an unexpected failure: no message, stack or internals, code INTERNAL_SERVER_ERROR", () => {
    const inside = new Error("D1_ERROR: no such column: secret_column in SELECT * FROM posts");
    const masked = maskError(
      new GraphQLError(inside.message, { originalError: inside, path: ["feed"] }),
      "Unexpected error.",
    );
    expect(masked).toBeInstanceOf(GraphQLError);
    expect((masked as GraphQLError).toJSON()).toEqual({
      message: "Unexpected error.",
      path: ["feed"],
      extensions: { code: "INTERNAL_SERVER_ERROR", status: 500 },
    });
  });

  it("maps every REST error class to its code, with the problem's extras", () => {
    const cases: [Error, Record<string, unknown>][] = [
      [new NotFoundError("no post p1"), { code: "NOT_FOUND", status: 404 }],
      [new ForbiddenError("moderators only"), { code: "FORBIDDEN", status: 403 }],
      [new RuleViolationError("a private snapshot"), { code: "RULE_VIOLATION", status: 422 }],
      [new ConflictError("taken"), { code: "CONFLICT", status: 409 }],
      [
        new PaymentRequiredError("Pro only", "pro_community"),
        { code: "PAYMENT_REQUIRED", status: 402, upgrade: true, limit: "pro_community" },
      ],
      [new RateLimitedError("slow down", 7), { code: "RATE_LIMITED", status: 429, retryAfter: 7 }],
    ];
    for (const [error, extensions] of cases) {
      const masked = maskError(
        new GraphQLError(error.message, { originalError: error }),
        "Unexpected error.",
      ) as GraphQLError;
      expect(masked.message).toBe(error.message);
      expect(masked.extensions).toEqual(extensions);
    }
  });
});
