import { GraphQLError } from "graphql";
import { AppError, transientActorError } from "../errors";

/** `extensions.code` per REST status; a status not listed here uses the error's own slug. */
const CODES: Record<number, string> = {
  400: "BAD_USER_INPUT",
  401: "UNAUTHENTICATED",
  402: "PAYMENT_REQUIRED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  422: "RULE_VIOLATION",
  429: "RATE_LIMITED",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
};

const codeOf = (err: AppError) => CODES[err.status] ?? err.slug.toUpperCase().replace(/-/g, "_");

/** The REST problem's fields as a GraphQL error's extensions: same detail, field errors and extras. */
function extensionsOf(err: AppError): Record<string, unknown> {
  const retryAfter = err.headers["Retry-After"];
  return {
    code: codeOf(err),
    status: err.status,
    ...(err.errors?.length ? { errors: err.errors } : {}),
    ...(retryAfter ? { retryAfter: Number(retryAfter) } : {}),
    ...err.extra,
  };
}

/** An error of the result that is neither GraphQL's own nor an expected one: logged, then masked. */
export function isUnexpected(error: GraphQLError): boolean {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError || original instanceof AppError) return false;
  return transientActorError(original) === null;
}

/**
 * Yoga's `maskError`: an AppError a resolver threw (or the platform's transient actor failure) becomes
 * a GraphQL error with `extensions.code`; GraphQL's own errors (syntax, validation, the limits) pass as
 * they are; anything else (logged with its stack by `useErrorLog`) is answered as a bare
 * INTERNAL_SERVER_ERROR, like the REST 500: no message, stack or SQL reaches the client.
 */
export function maskError(error: unknown, message: string): Error {
  const located = error instanceof GraphQLError ? error : null;
  const original = located ? (located.originalError ?? null) : error;
  if (located && !original) return located;
  if (original instanceof GraphQLError) return original;
  const known = original instanceof AppError ? original : transientActorError(original);
  const at = { nodes: located?.nodes, source: located?.source, positions: located?.positions, path: located?.path };
  if (known) return new GraphQLError(known.message, { ...at, extensions: extensionsOf(known) });
  return new GraphQLError(message, { ...at, extensions: { code: "INTERNAL_SERVER_ERROR", status: 500 } });
}
