/** The resume form (with a length counter) and the list of resumes to select or delete. */
import { currentLang, t, translate } from "../shared/i18n.js";
import { clean, lengthOf, parseTags } from "../shared/text.js";
import { clearFormProblem, clearProblem, h, showFormProblem, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const MAX_CONTENT = 50_000;
const PAGE = 20;
const CONFIRM_MS = 4_000;

const formatNumber = (n) => new Intl.NumberFormat(currentLang() === "ko" ? "ko-KR" : "en-US").format(n);

/** `onSelect(resume | null)` runs whenever the selected resume changes. */
export function createResumes({ call, onSelect }) {
  const form = $("resume-form");
  const list = $("resumes");
  let items = [];
  let cursor = null;
  let selectedId = null;

  for (const type of ["input", "compositionend"]) form.elements.content.addEventListener(type, count);
  window.addEventListener("langchange", () => {
    count();
    render();
  });
  count();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const body = bodyOf();
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      const { id } = await call("/v1/resumes", { method: "POST", body });
      const resume = await call(`/v1/resumes/${id}`);
      items = [resume, ...items.filter((r) => r.id !== id)];
      clearFormProblem(form, $("resume-problem"));
      form.reset();
      count();
      setStatus($("resume-status"), "interview.resume.saved");
      select(id);
    } catch (error) {
      setStatus($("resume-status"), null);
      showFormProblem(form, $("resume-problem"), error);
    } finally {
      button.disabled = false;
      form.setAttribute("aria-busy", "false");
    }
  });

  $("list-more").addEventListener("click", () => load(cursor));

  function bodyOf() {
    const fields = Object.fromEntries(new FormData(form));
    const years = String(fields.yearsOfExperience ?? "").trim();
    return {
      title: clean(String(fields.title ?? "")),
      content: clean(String(fields.content ?? "")),
      skills: parseTags(String(fields.skills ?? "")),
      ...(years === "" ? {} : { yearsOfExperience: Number(years) }),
    };
  }

  function count() {
    const used = lengthOf(form.elements.content.value);
    const counter = $("content-count");
    counter.textContent = `${formatNumber(used)} / ${formatNumber(MAX_CONTENT)}`;
    counter.dataset.over = String(used > MAX_CONTENT);
    counter.setAttribute("aria-label", t("interview.resume.counter", { count: used, max: MAX_CONTENT }));
  }

  async function load(after = null, prefer = selectedId) {
    const card = $("list-card");
    card.setAttribute("aria-busy", "true");
    try {
      const query = new URLSearchParams({ limit: String(PAGE), ...(after ? { cursor: after } : {}) });
      const page = await call(`/v1/resumes?${query}`);
      items = after ? [...items, ...page.items] : page.items;
      cursor = page.nextCursor;
      clearProblem($("list-problem"));
      if (!after) select(items.some((r) => r.id === prefer) ? prefer : (items[0]?.id ?? null));
      else render();
    } catch (error) {
      showProblem($("list-problem"), error);
    } finally {
      card.setAttribute("aria-busy", "false");
    }
  }

  function select(id) {
    const changed = id !== selectedId;
    selectedId = id;
    render();
    if (changed || id === null) onSelect(items.find((r) => r.id === id) ?? null);
  }

  async function remove(resume, button) {
    if (button.dataset.confirm !== "true") {
      button.dataset.confirm = "true";
      button.dataset.i18n = "interview.list.confirm";
      translate(button.parentElement);
      setTimeout(() => {
        if (!button.isConnected) return;
        button.dataset.confirm = "false";
        button.dataset.i18n = "interview.list.delete";
        translate(button.parentElement);
      }, CONFIRM_MS);
      return;
    }
    button.disabled = true;
    try {
      await call(`/v1/resumes/${resume.id}`, { method: "DELETE" });
      items = items.filter((r) => r.id !== resume.id);
      clearProblem($("list-problem"));
      setStatus($("list-status"), "interview.list.deleted", { title: resume.title });
      if (selectedId === resume.id) select(items[0]?.id ?? null);
      else render();
    } catch (error) {
      button.disabled = false;
      showProblem($("list-problem"), error);
    }
  }

  function render() {
    list.replaceChildren(...items.map(row));
    $("list-empty").hidden = items.length > 0;
    $("list-more").hidden = !cursor;
    translate(list);
  }

  function row(resume) {
    const selected = resume.id === selectedId;
    const del = h("button", { type: "button", class: "small danger", i18n: "interview.list.delete" });
    del.addEventListener("click", () => remove(resume, del));
    return h(
      "li",
      { class: "resume", id: `resume-${resume.id}`, "data-selected": String(selected) },
      h(
        "div",
        { class: "resume-main" },
        h("strong", { class: "resume-title" }, resume.title),
        h(
          "p",
          { class: "muted meta" },
          resume.yearsOfExperience === null
            ? null
            : h("span", { i18n: "interview.list.years", vars: { years: resume.yearsOfExperience } }),
          h("span", { i18n: "interview.list.chars", vars: { count: formatNumber(resume.content.length) } }),
          h("time", { datetime: resume.createdAt, "data-format": "datetime" }),
        ),
        resume.skills.length
          ? h(
              "ul",
              { class: "chips" },
              resume.skills.map((s) => h("li", { class: "chip" }, s)),
            )
          : null,
      ),
      h(
        "div",
        { class: "resume-actions" },
        h("button", {
          type: "button",
          class: selected ? "small primary select" : "small select",
          "aria-pressed": String(selected),
          i18n: selected ? "interview.list.selected" : "interview.list.select",
          onclick: () => select(resume.id),
        }),
        del,
      ),
    );
  }

  return {
    /** Loads the first page and selects `prefer` if it is there, else the newest resume. */
    start: (prefer) => load(null, prefer),
    reset() {
      items = [];
      cursor = null;
      selectedId = null;
      render();
      clearFormProblem(form, $("resume-problem"));
      clearProblem($("list-problem"));
      setStatus($("resume-status"), null);
      setStatus($("list-status"), null);
    },
  };
}

function setStatus(el, key, vars) {
  if (!key) {
    delete el.dataset.i18n;
    el.textContent = "";
    return;
  }
  el.dataset.i18n = key;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  else delete el.dataset.i18nVars;
  translate(el.parentElement);
}
