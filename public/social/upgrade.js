/** Failures of the social pages: a Free member meeting a Pro-only thing (402, `upgrade: true`) gets a hint, not an error. */
import { translate } from "../shared/i18n.js";
import { h, showProblem } from "../shared/ui.js";

export const needsUpgrade = (error) => error?.problem?.status === 402 && error.problem.upgrade === true;

/** Shows `error` in `box`: the upgrade hint named by `hintKey` for a 402, the usual problem otherwise. */
export function showFailure(box, error, hintKey = "social.upgrade.hint") {
  if (!needsUpgrade(error)) {
    box.classList.remove("upgrade");
    showProblem(box, error);
    return;
  }
  box.classList.add("upgrade");
  box.replaceChildren(
    h("p", { class: "problem-title" }, h("strong", { i18n: "social.upgrade.title" })),
    h("p", { i18n: hintKey }),
  );
  box.hidden = false;
  translate(box);
}
