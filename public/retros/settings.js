/** Your time zone (reports follow your local week and month) and language, saved to /v1/me/profile. */
import { currentLang, translate } from "../shared/i18n.js";
import { browserTimeZone, timeZones } from "./format.js";
import { clearFormProblem, clearProblem, h, showFormProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);

export function createSettings({ call, onChange }) {
  const form = $("tz-form");
  const select = $("timezone");
  let userId = null;
  let zone = browserTimeZone();

  select.replaceChildren(...timeZones().map((z) => h("option", { value: z }, z.replaceAll("_", " "))));

  // The API has no read side for the profile, so the zone last saved is remembered per user here.
  const storageKey = () => `edge-coach.timezone.${userId}`;
  const remembered = () => {
    try {
      return localStorage.getItem(storageKey());
    } catch {
      return null;
    }
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    save(select.value);
  });
  window.addEventListener("langchange", () => {
    // reports are written in the profile's language, so follow the page's
    if (userId) save(zone, { quiet: true });
  });

  async function save(next, { quiet = false } = {}) {
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await call("/v1/me/profile", { method: "PATCH", body: { timezone: next, locale: currentLang() } });
      const changed = next !== zone;
      zone = next;
      try {
        localStorage.setItem(storageKey(), zone);
      } catch {
        // storage can be disabled; the zone then lasts for this page only
      }
      clearFormProblem(form, $("tz-problem"));
      if (!quiet) setStatus("retros.tz.saved", { zone });
      if (changed) onChange();
    } catch (error) {
      setStatus(null);
      showFormProblem(form, $("tz-problem"), error);
    } finally {
      button.disabled = false;
    }
  }

  function setStatus(key, vars) {
    const status = $("tz-status");
    if (key) {
      status.dataset.i18n = key;
      status.dataset.i18nVars = JSON.stringify(vars ?? {});
    } else delete status.dataset.i18n;
    status.textContent = "";
    translate(form);
  }

  return {
    get timeZone() {
      return zone;
    },
    /** A first visit saves the browser's zone, so the reports' weeks match the dates shown here. */
    async start(id) {
      userId = id;
      const known = remembered();
      zone = known ?? browserTimeZone();
      if (![...select.options].some((o) => o.value === zone)) select.append(h("option", { value: zone }, zone));
      select.value = zone;
      setStatus(null);
      if (!known) await save(zone, { quiet: true });
    },
    stop() {
      userId = null;
      setStatus(null);
      clearProblem($("tz-problem"));
    },
  };
}
