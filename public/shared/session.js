/**
 * The signed-in session, shared by every page through localStorage. Changes are announced with a
 * `sessionchange` event on window (and arrive from other tabs through `storage`), so the shell's
 * sign-in control and the page below it never disagree about who is signed in.
 */

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
  announce(session);
  return session;
}

export function clearSession() {
  localStorage.removeItem(SESSION_KEY);
  announce(null);
}

export const isExpired = (session, now = Date.now()) => Date.parse(session.expiresAt) <= now;

function announce(session) {
  window.dispatchEvent(new CustomEvent("sessionchange", { detail: { session } }));
}

if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key === SESSION_KEY) announce(loadSession());
  });
}
