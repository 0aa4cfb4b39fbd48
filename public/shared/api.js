/**
 * The one fetch wrapper of the pages: JSON in, JSON out, and any non-2xx (or a failed network)
 * becomes a ProblemError carrying the RFC 9457 problem, so every page shows failures alike (ui.js).
 */

/** An API problem (or a network failure dressed as one): `problem` is `{type?, status?, errors?, …}`. */
export class ProblemError extends Error {
  name = "ProblemError";

  constructor(problem) {
    super(problem.title ?? problem.titleKey ?? "problem");
    this.problem = problem;
  }
}

/** The problem a non-2xx response carries: its problem+json body, or just its status when it has none. */
export function problemOf(response, text) {
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const problem = body && typeof body === "object" && !Array.isArray(body) ? body : {};
  const retryAfter = Number(response.headers.get("Retry-After"));
  return new ProblemError({
    ...problem,
    status: response.status,
    errors: Array.isArray(problem.errors) ? problem.errors : [],
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfter } : {}),
  });
}

export const networkProblem = () => new ProblemError({ type: "network", titleKey: "problem.network" });

/**
 * Resolves to `{data, replayed, limit}`. `headers` are sent as given (e.g. `Idempotency-Key`); `fresh`
 * skips the HTTP cache, for lists read right after a write.
 */
export async function request(path, { method = "GET", body, token, headers = {}, fresh = false } = {}) {
  const sent = { Accept: "application/json", ...headers };
  if (body !== undefined) sent["Content-Type"] = "application/json";
  if (token) sent.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: fresh ? "no-store" : "default",
    });
  } catch {
    throw networkProblem();
  }
  const text = await response.text();
  if (!response.ok) throw problemOf(response, text);
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  return {
    data,
    replayed: response.headers.get("Idempotent-Replayed") === "true",
    // a Free limit near its end (`label_comparisons; used=4; limit=5; resets=…`), for an upgrade hint
    limit: response.headers.get("X-Edge-Coach-Limit"),
  };
}

/** `request` for callers that only want the body. */
export const api = async (path, options) => (await request(path, options)).data;
