/** Following a label (a public affiliation, role, interest…): its holders' public posts join the feed. */
import { translate } from "../shared/i18n.js";
import { clean } from "../shared/text.js";
import { clearFormProblem, h, showFormProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
export const LABEL_KEYS = ["affiliation", "role", "interest", "region", "age_band"];

export function createLabelFollows({ call, onChange }) {
  const form = $("label-form");
  form.elements.key.replaceChildren(
    ...LABEL_KEYS.map((key) => h("option", { value: key, i18n: `lifelog.labels.key.${key}` })),
  );
  translate(form);

  for (const button of form.querySelectorAll("button[data-action]"))
    button.addEventListener("click", () => send(button.dataset.action === "follow"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(true);
  });

  async function send(follow) {
    const key = form.elements.key.value;
    const value = clean(form.elements.value.value);
    const status = $("label-status");
    status.textContent = "";
    delete status.dataset.i18n;
    if (!value) {
      // an empty value would leave the route's path without its last segment
      showFormProblem(form, $("label-problem"), {
        problem: { status: 400, errors: [{ path: "value", code: "too_small" }] },
      });
      return;
    }
    for (const b of form.querySelectorAll("button")) b.disabled = true;
    try {
      const path = `/v1/follows/labels/${encodeURIComponent(key)}/${encodeURIComponent(value)}`;
      const result = await call(path, { method: follow ? "POST" : "DELETE" });
      clearFormProblem(form, $("label-problem"));
      const on = result?.following ?? follow;
      status.dataset.i18n = on ? "social.labels.following" : "social.labels.unfollowed";
      status.dataset.i18nVars = JSON.stringify({ label: value });
      translate(status.parentElement);
      onChange?.();
    } catch (error) {
      // the path carries the value: a 400 about it belongs beside the value field
      const errors = (error?.problem?.errors ?? []).map((e) => ({ ...e, path: e.path === "key" ? "key" : "value" }));
      showFormProblem(form, $("label-problem"), error?.problem ? { problem: { ...error.problem, errors } } : error);
    } finally {
      for (const b of form.querySelectorAll("button")) b.disabled = false;
    }
  }
}
