/** The docs page's "Try it" panel: a form built from an operation's parameters and body schema, sent with fetch. */
import { translate } from "./i18n.js";
import { exampleOf, resolve } from "./schema-view.js";
import { loadSession } from "./session.js";
import { h, showProblem } from "./ui.js";

export function tryIt(doc, { method, path, op, parameters }) {
  const jsonBody = op.requestBody && resolve(doc, op.requestBody).schema.content?.["application/json"];
  const result = h("div", { class: "result", "aria-live": "polite", hidden: true });
  const problem = h("div", { class: "problem", role: "alert", hidden: true });
  const form = h(
    "form",
    { class: "try", novalidate: true },
    h("h3", { i18n: "docs.tryIt" }),
    parameters
      .filter((p) => ["path", "query", "header"].includes(p.in))
      .map((p) =>
        h(
          "label",
          {},
          h("span", {}, h("code", {}, p.name), " ", h("small", { i18n: `docs.in.${p.in}` }), p.required ? " *" : ""),
          h("input", {
            "data-in": p.in,
            "data-name": p.name,
            required: Boolean(p.required),
            placeholder: p.schema?.default ?? p.example ?? p.schema?.example ?? "",
            spellcheck: "false",
          }),
        ),
      ),
    jsonBody
      ? h(
          "label",
          {},
          h("span", { i18n: "docs.body" }),
          h(
            "textarea",
            { name: "body", rows: 6, spellcheck: "false", class: "mono" },
            JSON.stringify(exampleOf(doc, jsonBody.schema ?? {}), null, 2),
          ),
        )
      : null,
    h(
      "label",
      {},
      h("span", { i18n: "docs.token" }),
      h("input", {
        name: "token",
        class: "mono",
        autocomplete: "off",
        spellcheck: "false",
        value: loadSession()?.token ?? "",
      }),
      h("small", { class: "muted", i18n: "docs.tokenHint" }),
    ),
    h("button", { type: "submit", class: "primary", i18n: "docs.send" }),
    problem,
    result,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(form, { method, path, hasBody: Boolean(jsonBody) }, result, problem);
  });
  return form;
}

async function send(form, { method, path, hasBody }, result, problem) {
  problem.hidden = true;
  const url = new URL(location.origin);
  const headers = { Accept: "application/json, application/problem+json, */*" };
  url.pathname = path.replace(/\{([^}]+)\}/g, (whole, name) => {
    const input = form.querySelector(`input[data-in=path][data-name="${CSS.escape(name)}"]`);
    return encodeURIComponent(input?.value ?? "");
  });
  for (const input of form.querySelectorAll("input[data-in=query]")) {
    if (input.value !== "") url.searchParams.set(input.dataset.name, input.value);
  }
  for (const input of form.querySelectorAll("input[data-in=header]")) {
    if (input.value !== "") headers[input.dataset.name] = input.value;
  }
  const token = form.elements.token.value.trim();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (hasBody && form.elements.body.value.trim()) {
    try {
      body = JSON.stringify(JSON.parse(form.elements.body.value));
    } catch (error) {
      form.elements.body.setAttribute("aria-invalid", "true");
      problem.replaceChildren(h("p", { i18n: "docs.invalidJson", vars: { message: error.message } }));
      translate(problem);
      problem.hidden = false;
      return;
    }
    form.elements.body.removeAttribute("aria-invalid");
    headers["Content-Type"] = "application/json";
  }

  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  button.dataset.i18n = "docs.sending";
  translate(form);
  const started = performance.now();
  try {
    const response = await fetch(url, { method: method.toUpperCase(), headers, body });
    const text = await response.text();
    showResult(result, response, text, Math.round(performance.now() - started));
  } catch (error) {
    showProblem(problem, error);
    result.hidden = true;
  } finally {
    button.disabled = false;
    button.dataset.i18n = "docs.send";
    translate(form);
  }
}

function showResult(result, response, text, ms) {
  let pretty = text;
  try {
    pretty = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: show as received
  }
  const headerLines = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
  result.replaceChildren(
    h(
      "p",
      { class: "result-status" },
      h("span", { class: `code code-${String(response.status)[0]}xx` }, String(response.status)),
      ` ${response.statusText} · ${ms} ms`,
    ),
    h("details", {}, h("summary", { i18n: "docs.headers" }), h("pre", { class: "headers" }, headerLines)),
    h("h4", { i18n: "docs.responseBody" }),
    h("pre", { class: "response-body" }, pretty),
  );
  translate(result);
  result.hidden = false;
}
