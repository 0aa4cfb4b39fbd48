/** The 404 page (public/404.html): the shell, and the path that was asked for. */
import { translate } from "../shared/i18n.js";
import { mountShell } from "../shared/shell.js";

const body = document.getElementById("not-found-body");
body.dataset.i18nVars = JSON.stringify({ path: location.pathname });
mountShell({ line: null, titleKey: "title.notFound" });
translate(body.parentElement);
