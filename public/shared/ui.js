/** DOM helpers of every page: element building, problem boxes and messages beside form fields. */
import { translate } from "./i18n.js";
import { fieldMessageOf, headlineOf } from "./problems.js";

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

/**
 * A problem in the page's language: a headline picked by its type or status, the status code, and
 * the request id to quote. The server's English `detail` is not shown; a page-made problem names its
 * own `titleKey` and `vars`.
 */
export function showProblem(container, error) {
  const problem = error?.problem ?? { type: "network" };
  const { key, vars } = headlineOf(problem);
  container.replaceChildren(
    ...[
      h(
        "p",
        { class: "problem-title" },
        h("strong", { i18n: key, vars }),
        problem.status ? h("span", { class: "status" }, ` ${problem.status}`) : null,
      ),
      problem.requestId
        ? h("p", { class: "problem-request mono", i18n: "problem.requestId", vars: { id: problem.requestId } })
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

/** The element a field's message goes in: `[data-error-for=name]`, `#name-error`, or one made after it. */
function errorBoxOf(form, name, control) {
  const found =
    form.querySelector(`[data-error-for="${CSS.escape(name)}"]`) ?? form.querySelector(`#${CSS.escape(name)}-error`);
  if (found || !control) return found;
  const box = h("p", {
    class: "field-error",
    "data-error-for": name,
    id: `${form.id || "form"}-${name}-error`,
    hidden: true,
  });
  control.after(box);
  control.setAttribute("aria-describedby", `${control.getAttribute("aria-describedby") ?? ""} ${box.id}`.trim());
  return box;
}

/**
 * Shows each `errors[]` entry of a validation problem beside the field its path names (`tags.3` is
 * the tags field), translated; clears the fields without errors. `messageFor(error, control)` may
 * return `{key, vars}` for messages only the page can phrase. Returns the entries that name no
 * field of this form, for the caller to show in its problem box. `error` null clears every field.
 */
export function showFieldErrors(form, error, messageFor = () => null) {
  const errors = error?.problem?.errors ?? [];
  const byField = new Map();
  const unplaced = [];
  for (const entry of errors) {
    const name = String(entry.path ?? "").split(".")[0];
    const element = name ? form.elements.namedItem(name) : null;
    if (!element) {
      unplaced.push(entry);
      continue;
    }
    // a radio group is a RadioNodeList; its fieldset is what is marked and described
    const control = element instanceof RadioNodeList ? element[0].closest("fieldset") : element;
    byField.set(name, [...(byField.get(name) ?? []), messageFor(entry, control) ?? fieldMessageOf(entry, control)]);
  }
  const names = new Set([...form.elements].map((el) => el.name).filter(Boolean));
  for (const name of names) {
    const element = form.elements.namedItem(name);
    const control = element instanceof RadioNodeList ? element[0].closest("fieldset") : element;
    const messages = distinct(byField.get(name) ?? []);
    const box = errorBoxOf(form, name, messages.length ? control : null);
    if (messages.length) control.setAttribute("aria-invalid", "true");
    else control?.removeAttribute("aria-invalid");
    if (!box) continue;
    box.replaceChildren(
      ...messages.flatMap(({ key, vars }, i) => [...(i ? [" "] : []), h("span", { i18n: key, vars: vars ?? null })]),
    );
    box.hidden = messages.length === 0;
    translate(box);
  }
  return unplaced;
}

/** One message per kind; an empty field is only "required", whatever else its empty value breaks. */
function distinct(messages) {
  const required = messages.find((m) => m.key === "field.required");
  if (required) return [required];
  return messages.filter((m, i) => messages.findIndex((n) => n.key === m.key) === i);
}

/**
 * The usual way a form shows a failed submit: messages beside the fields, and the problem box for
 * anything that names no field (or is not a validation problem). Returns true if a field was marked.
 */
export function showFormProblem(form, problemBox, error, messageFor) {
  const unplaced = showFieldErrors(form, error, messageFor);
  const placed = (error?.problem?.errors?.length ?? 0) > unplaced.length;
  if (placed && unplaced.length === 0) clearProblem(problemBox);
  else showProblem(problemBox, error);
  if (placed) form.querySelector("[aria-invalid=true]")?.focus();
  return placed;
}

/** Clears a form's field messages and its problem box after a successful submit. */
export function clearFormProblem(form, problemBox) {
  showFieldErrors(form, null);
  clearProblem(problemBox);
}
