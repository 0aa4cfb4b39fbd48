import type { ZodError } from "zod";
import type { LlmAttempt } from "../schemas/llm";

export type FieldError = { path: string; message: string; code?: string };

/** A failed zod parse as one entry per field: the `errors` of a 400 problem and of a socket's error frame. */
export const fieldErrorsOf = (error: ZodError): FieldError[] =>
  error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message, code: i.code }));

/** Base of every expected failure; `app.onError` turns it into problem+json with `status`. */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly slug: string;
  abstract readonly title: string;
  readonly errors?: FieldError[];
  readonly headers: Record<string, string> = {};
  readonly extra: Record<string, unknown> = {};
}

export class ValidationError extends AppError {
  override readonly name = "ValidationError";
  readonly status = 400;
  readonly slug = "validation";
  readonly title = "Invalid request";
  constructor(
    detail: string,
    override readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
}

export class RuleViolationError extends AppError {
  override readonly name = "RuleViolationError";
  readonly status = 422;
  readonly slug = "rule-violation";
  readonly title = "The request breaks a rule";
}

export class UnauthorizedError extends AppError {
  override readonly name = "UnauthorizedError";
  readonly status = 401;
  readonly slug = "unauthorized";
  readonly title = "Authentication required";
  override readonly headers = { "WWW-Authenticate": 'Bearer realm="edge-coach"' };
}

export class ForbiddenError extends AppError {
  override readonly name = "ForbiddenError";
  readonly status = 403;
  readonly slug = "forbidden";
  readonly title = "Not allowed";
}

export class NotFoundError extends AppError {
  override readonly name = "NotFoundError";
  readonly status = 404;
  readonly slug = "not-found";
  readonly title = "Not found";
}

export class PayloadTooLargeError extends AppError {
  override readonly name = "PayloadTooLargeError";
  readonly status = 413;
  readonly slug = "payload-too-large";
  readonly title = "Request body too large";
}

export class RateLimitedError extends AppError {
  override readonly name = "RateLimitedError";
  readonly status = 429;
  readonly slug = "rate-limited";
  readonly title = "Too many requests";
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail);
    this.headers["Retry-After"] = String(retryAfterSeconds);
  }
}

/**
 * A Free caller past what Free includes (API.md: 402 with `upgrade: true`): names the limit and, for a
 * limit that resets, when it does. Checked where the route runs and again where the data is read.
 */
export class PaymentRequiredError extends AppError {
  override readonly name = "PaymentRequiredError";
  readonly status = 402;
  readonly slug = "upgrade";
  readonly title = "Edge Coach Pro is needed for this";
  override readonly extra: Record<string, unknown>;
  constructor(detail: string, limit: string, resetsAt: Date | null = null) {
    super(detail);
    this.extra = { upgrade: true, limit, ...(resetsAt ? { resetsAt: resetsAt.toISOString() } : {}) };
  }
}

export class UpgradeRequiredError extends AppError {
  override readonly name = "UpgradeRequiredError";
  readonly status = 426;
  readonly slug = "upgrade-required";
  readonly title = "WebSocket upgrade required";
  override readonly headers = { Upgrade: "websocket" };
}

export class ConfigError extends AppError {
  override readonly name = "ConfigError";
  readonly status = 503;
  readonly slug = "misconfigured";
  readonly title = "Service misconfigured";
}

export class LlmUnavailableError extends AppError {
  override readonly name = "LlmUnavailableError";
  readonly status = 503;
  readonly slug = "llm-unavailable";
  readonly title = "No language model answered";
  constructor(readonly attempts: LlmAttempt[]) {
    super(`every provider failed: ${attempts.map((a) => `${a.provider} (${a.error})`).join(", ")}`);
    this.extra.attempts = attempts;
  }
}

/**
 * An outside service a request needed (Upstash Redis, Elasticsearch, Upstash Vector, Kafka REST) did not
 * answer or failed: the request did nothing that a retry would double, so the client may try again.
 */
export class DependencyUnavailableError extends AppError {
  override readonly name: string = "DependencyUnavailableError";
  readonly status = 503;
  readonly slug = "dependency-unavailable";
  readonly title = "A service this request needs is unavailable";
  constructor(detail: string, options: { cause?: unknown; retryAfterSeconds?: number } = {}) {
    super(detail, { cause: options.cause });
    this.headers["Retry-After"] = String(options.retryAfterSeconds ?? 5);
  }
}

/** An actor the request needed was reset or overloaded while it worked: nothing was lost, try again. */
export class ActorUnavailableError extends AppError {
  override readonly name = "ActorUnavailableError";
  readonly status = 503;
  readonly slug = "actor-unavailable";
  readonly title = "Temporarily unavailable";
  constructor(detail: string) {
    super(detail);
    this.headers["Retry-After"] = "1";
  }
}

/**
 * The platform's transient Durable Object failures (the object was reset by a deploy, an eviction or
 * `ctx.abort()`, or is overloaded) as a 503 the client may retry; writes that may be retried carry
 * their own ids (`traceId`, `Idempotency-Key`), so a retry changes nothing twice. Null for any other error.
 */
export function transientActorError(err: unknown): ActorUnavailableError | null {
  if (!(err instanceof Error)) return null;
  const flags = err as Error & { retryable?: unknown; overloaded?: unknown; durableObjectReset?: unknown };
  if (flags.durableObjectReset === true || flags.retryable === true || flags.overloaded === true) {
    return new ActorUnavailableError(
      flags.overloaded === true
        ? "your data's actor is overloaded; retry shortly"
        : "your data's actor restarted while answering; retry the request",
    );
  }
  return null;
}

export class StructuredOutputError extends AppError {
  override readonly name = "StructuredOutputError";
  readonly status = 502;
  readonly slug = "structured-output";
  readonly title = "The model's output did not match the schema";
}

export class ConflictError extends AppError {
  override readonly name = "ConflictError";
  readonly status = 409;
  readonly slug = "conflict";
  readonly title = "Conflict";
}
