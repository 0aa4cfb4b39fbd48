/** Small DOM helpers shared by the dashboard and the docs page. */
import { translate } from "./i18n.js";

/**
 * `h("p", {class: "x", i18n: "key"}, child…)`: `i18n`/`vars` become data-i18n attributes so the
 * text follows language switches; `on*` functions become listeners; null/false children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "i18n") el.dataset.i18n = value;
    else if (name === "vars") el.dataset.i18nVars = JSON.stringify(value);
    else if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return el;
}

/** Renders a problem+json body: title, status, detail and one line per field error. */
export function showProblem(container, error) {
  const problem = error?.problem ?? {
    title: null,
    titleKey: "problem.network",
    detail: String(error?.message ?? error),
  };
  const title = problem.title
    ? h("strong", {}, problem.title)
    : h("strong", { i18n: problem.titleKey ?? "problem.network", vars: { status: problem.status ?? "" } });
  container.replaceChildren(
    ...[
      h(
        "p",
        { class: "problem-title" },
        title,
        problem.status ? h("span", { class: "status" }, ` ${problem.status}`) : null,
      ),
      problem.detail ? h("p", { class: "problem-detail" }, problem.detail) : null,
      Array.isArray(problem.errors) && problem.errors.length
        ? h(
            "ul",
            { class: "problem-errors" },
            problem.errors.map((e) => h("li", {}, h("code", {}, e.path), ` ${e.message}`)),
          )
        : null,
    ].filter(Boolean),
  );
  container.hidden = false;
  translate(container);
}

export function clearProblem(container) {
  container.replaceChildren();
  container.hidden = true;
}

/** Marks form fields named in a problem's `errors[].path` as invalid, for screen readers and styles. */
export function flagInvalidFields(form, error) {
  const paths = new Set((error?.problem?.errors ?? []).map((e) => e.path));
  for (const field of form.elements) {
    if (!field.name) continue;
    if (paths.has(field.name)) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }
}

/** Text with `code spans` (OpenAPI descriptions are CommonMark; this is the only part worth rendering). */
export function richText(text) {
  return String(text ?? "")
    .split(/`([^`]+)`/)
    .map((part, i) => (i % 2 ? h("code", {}, part) : part));
}
