/** Job results as DOM: questions grouped by category, a learning path as weeks, the provider line. */
import { t, translate } from "../shared/i18n.js";
import { h } from "../shared/ui.js";

const CATEGORIES = ["technical", "behavioural", "situational"];
// the offline generator marks each line it wrote; the badge says it once instead
const OFFLINE_LABEL = /^\[(?:Offline|오프라인)\]\s*/;

/** The job's provider, with an "offline" badge when the built-in generator answered. */
export function providerLine(job) {
  if (!job.provider) return null;
  const offline = job.provider === "offline";
  return h(
    "p",
    { class: "provider", "data-provider": job.provider, "data-offline": String(offline) },
    h("span", { i18n: "interview.job.provider" }),
    h("code", { class: "provider-name" }, job.provider),
    offline
      ? h("span", { class: "badge offline", i18n: "interview.job.offline", title: t("interview.job.offlineHint") })
      : null,
  );
}

export function renderQuestions(result, offline) {
  const clean = (text) => (offline ? String(text).replace(OFFLINE_LABEL, "") : String(text));
  const groups = [...new Set([...CATEGORIES, ...result.questions.map((q) => q.category)])];
  const sections = groups.flatMap((category) => {
    const items = result.questions.filter((q) => q.category === category);
    if (items.length === 0) return [];
    return h(
      "section",
      { class: "q-group", "data-category": category },
      h(
        "h3",
        {},
        // t() falls back to the key, so a category added to the API later still shows up, untranslated
        h("span", { i18n: `interview.cat.${category}` }),
        h("span", { class: "muted count", i18n: "interview.cat.count", vars: { count: items.length } }),
      ),
      h(
        "ol",
        { class: "questions" },
        items.map((q) =>
          h(
            "li",
            { class: "question", "data-difficulty": q.difficulty },
            h(
              "p",
              { class: "q-text" },
              h("span", {
                class: "badge difficulty",
                "data-difficulty": q.difficulty,
                i18n: `interview.diff.${q.difficulty}`,
              }),
              " ",
              clean(q.question),
            ),
            h(
              "figure",
              { class: "evidence" },
              h("figcaption", { i18n: "interview.q.evidence" }),
              h("blockquote", {}, clean(q.evidence)),
            ),
            h(
              "details",
              { class: "outline" },
              h("summary", { i18n: "interview.q.outline" }),
              h(
                "ol",
                {},
                q.answerOutline.map((line) => h("li", {}, clean(line))),
              ),
            ),
          ),
        ),
      ),
    );
  });
  const root = h("div", { class: "question-groups" }, sections);
  translate(root);
  return root;
}

export function renderPath(result, offline) {
  const clean = (text) => (offline ? String(text).replace(OFFLINE_LABEL, "") : String(text));
  const list = (key, items) =>
    h(
      "div",
      { class: "week-part" },
      h("h4", { i18n: key }),
      h(
        "ul",
        {},
        items.map((item) => h("li", {}, clean(item))),
      ),
    );
  const root = h(
    "ol",
    { class: "weeks" },
    result.weeks.map((w) =>
      h(
        "li",
        { class: "week", "data-week": w.week },
        h("h3", { i18n: "interview.lp.week", vars: { week: w.week } }),
        list("interview.lp.goals", w.goals),
        list("interview.lp.resources", w.resources),
        h(
          "p",
          { class: "checkpoint" },
          h("strong", { i18n: "interview.lp.checkpoint" }),
          h("span", {}, clean(w.checkpoint)),
        ),
      ),
    ),
  );
  translate(root);
  return root;
}
