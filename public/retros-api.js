/**
 * session.js's `api()` cannot send extra headers or skip the HTTP cache; this page needs both
 * (`Idempotency-Key` on writes, and fresh lists right after a write), so it has its own fetch.
 * Errors are the same ProblemError, so ui.js renders them alike.
 */
import { ProblemError } from "./session.js";

/** Resolves to `{data, replayed}`; any non-2xx rejects with a ProblemError. */
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
  } catch (error) {
    throw new ProblemError({ title: null, titleKey: "problem.network", detail: error.message });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const problem = data && typeof data === "object" ? data : {};
    throw new ProblemError({
      ...problem,
      status: response.status,
      title: problem.title ?? null,
      titleKey: problem.title ? undefined : "problem.unexpected",
      detail: problem.detail ?? text.slice(0, 300),
    });
  }
  return { data, replayed: response.headers.get("Idempotent-Replayed") === "true" };
}
