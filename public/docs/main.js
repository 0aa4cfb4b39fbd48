/**
 * The API reference: swagger-ui (vendored at install, so it works offline) renders /openapi.json
 * below the shared shell. "Try it out" is signed in already where that is possible: with the
 * shell's session if there is one, else with a development token the page asks for itself. A
 * production server has no token route (404), so there the user pastes a token under "Authorize".
 */
import { api } from "../shared/api.js";
import { translate } from "../shared/i18n.js";
import { mountShell } from "../shared/shell.js";

const $ = (id) => document.getElementById(id);
// the name of the bearer scheme in /openapi.json's components.securitySchemes
const SCHEME = "bearer";
const DOCS_USER = "docs-explorer";

const shell = mountShell({ line: "docs", titleKey: "title.docs" });

if (typeof window.SwaggerUIBundle !== "function") {
  $("docs-missing").hidden = false;
} else {
  const ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger",
    deepLinking: true,
    // a pasted token is the user's to keep for the tab, not for the next visit
    persistAuthorization: false,
    onComplete: () => shell.onSession((session) => signIn(ui, session)),
  });
}

async function signIn(ui, session) {
  let token = session?.token ?? null;
  const user = session?.userId ?? DOCS_USER;
  if (!token) {
    try {
      ({ token } = await api("/v1/auth/token", { method: "POST", body: { userId: DOCS_USER } }));
    } catch {
      // no development tokens here (production answers 404): the user pastes one
      return note("docs.tokenPaste");
    }
  }
  ui.preauthorizeApiKey(SCHEME, token);
  note("docs.tokenDev", { user });
}

function note(key, vars = {}) {
  const el = $("docs-token");
  el.dataset.i18n = key;
  el.dataset.i18nVars = JSON.stringify(vars);
  el.hidden = false;
  translate(el.parentElement);
}
