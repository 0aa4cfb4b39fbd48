import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ZodError } from "zod";
import type { Problem } from "../../schemas/common";
import { AppError, fieldErrorsOf, NotFoundError, transientActorError, ValidationError } from "../errors";
import { log } from "../log";

const TYPE_BASE = "https://edge-coach.dev/problems/";

export function problemResponse(c: Context, problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { ...headers, "Content-Type": "application/problem+json; charset=utf-8" },
  });
}

/** `defaultHook` of every router: a failed zod parse becomes a 400 with one entry per field. */
export function validationHook(result: { success: boolean; error?: ZodError; target?: string }): void {
  if (result.success || !result.error) return;
  const where = result.target === "json" ? "body" : (result.target ?? "request");
  throw new ValidationError(`the request ${where} failed validation`, fieldErrorsOf(result.error));
}

/** The one place errors become responses; unexpected ones are logged and never leak details. */
export const onError: ErrorHandler = (thrown, c) => {
  const requestId = c.get("requestId") as string | undefined;
  const instance = new URL(c.req.url).pathname;
  const err = transientActorError(thrown) ?? thrown;
  if (thrown !== err) log(c, "warn", "actor unavailable", { error: `${thrown.name}: ${thrown.message}` });
  if (err instanceof AppError) {
    return problemResponse(
      c,
      {
        type: TYPE_BASE + err.slug,
        title: err.title,
        status: err.status,
        detail: err.message,
        instance,
        requestId,
        ...(err.errors?.length ? { errors: err.errors } : {}),
        ...err.extra,
      },
      err.headers,
    );
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const detail =
      status === 400 && /JSON/i.test(err.message)
        ? "the request body is not valid JSON"
        : status === 415
          ? "send the body as JSON with `Content-Type: application/json`"
          : err.message;
    return problemResponse(c, {
      type: "about:blank",
      title: err.message || "HTTP error",
      status,
      detail,
      instance,
      requestId,
    });
  }
  log(c, "error", "unhandled error", {
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
  return problemResponse(c, {
    type: TYPE_BASE + "internal",
    title: "Internal error",
    status: 500,
    detail: "something went wrong on our side; quote the request id when reporting it",
    instance,
    requestId,
  });
};

export const onNotFound: NotFoundHandler = (c) =>
  onError(new NotFoundError(`no route for ${c.req.method} ${new URL(c.req.url).pathname}`), c);
