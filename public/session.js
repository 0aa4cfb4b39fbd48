/** The signed-in session (shared by the dashboard and the docs page) and a fetch wrapper for the API. */

const SESSION_KEY = "edge-coach.session";

/** The JWT payload, for display only: the server verifies the signature, the page never trusts it. */
export function claimsOf(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

/** `{token, expiresAt, userId, role, email?}` or null. */
export function loadSession() {
  try {
    const session = JSON.parse(localStorage.getItem(SESSION_KEY) ?? "null");
    return session && typeof session.token === "string" && typeof session.expiresAt === "string" ? session : null;
  } catch {
    return null;
  }
}

export function saveSession({ token, expiresAt }) {
  const claims = claimsOf(token);
  const session = { token, expiresAt, userId: claims.sub ?? "?", role: claims.role ?? "user", email: claims.email };
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export function clearSession() {
  localStorage.removeItem(SESSION_KEY);
}

export const isExpired = (session, now = Date.now()) => Date.parse(session.expiresAt) <= now;

/** An RFC 9457 problem (or a network failure dressed as one) from the API. */
export class ProblemError extends Error {
  name = "ProblemError";

  constructor(problem) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }
}

/** JSON in, JSON out; any non-2xx becomes a ProblemError carrying `{title, status, detail, errors?}`. */
export async function api(path, { method = "GET", body, token } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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
  return data;
}
