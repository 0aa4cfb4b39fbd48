/** Devices: GET /v1/devices with when each last sent an accepted event, POST to add one, DELETE to remove. */
import { translate } from "../shared/i18n.js";
import { clean } from "../shared/text.js";
import { clearFormProblem, clearProblem, h, showFormProblem, showProblem } from "../shared/ui.js";
import { SOURCES, sourceKey } from "./contract.js";

const $ = (id) => document.getElementById(id);
const PLATFORMS = ["ios", "android", "web", "watch", "desktop"];

export function createDevices({ call }) {
  const card = $("devices-card");
  const form = $("device-form");
  const problem = $("device-problem");
  let devices = [];
  let request = 0;

  form.elements.platform.replaceChildren(
    ...PLATFORMS.map((p) => h("option", { value: p, i18n: `lifelog.devices.platform.${p}` })),
  );
  $("device-sources").append(
    ...SOURCES.map((source) =>
      h(
        "label",
        { class: "check" },
        h("input", { type: "checkbox", name: "sources", value: source, checked: source !== "manual" }),
        h("span", { i18n: sourceKey(source) }),
      ),
    ),
  );
  translate(form);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const sources = [...form.querySelectorAll("input[name=sources]:checked")].map((el) => el.value);
    button.disabled = true;
    try {
      await call("/v1/devices", {
        method: "POST",
        body: { name: clean(form.elements.name.value), platform: form.elements.platform.value, sources },
      });
      clearFormProblem(form, problem);
      form.elements.name.value = "";
      await load();
    } catch (error) {
      showFormProblem(form, problem, error);
    } finally {
      button.disabled = false;
    }
  });

  async function load() {
    const mine = ++request;
    card.setAttribute("aria-busy", "true");
    $("devices-loading").hidden = false;
    try {
      const answer = await call("/v1/devices", { fresh: true });
      if (mine !== request) return;
      devices = answer.items;
      clearProblem($("devices-problem"));
      render();
    } catch (error) {
      if (mine === request) showProblem($("devices-problem"), error);
    } finally {
      if (mine === request) {
        card.setAttribute("aria-busy", "false");
        $("devices-loading").hidden = true;
      }
    }
  }

  async function remove(device, button) {
    button.disabled = true;
    try {
      await call(`/v1/devices/${encodeURIComponent(device.id)}`, { method: "DELETE" });
      clearProblem($("devices-problem"));
      await load();
    } catch (error) {
      button.disabled = false;
      showProblem($("devices-problem"), error);
    }
  }

  function render() {
    $("devices-empty").hidden = devices.length > 0;
    $("devices").replaceChildren(
      ...devices.map((device) => {
        const removeButton = h("button", { type: "button", class: "small", i18n: "lifelog.devices.remove" });
        removeButton.addEventListener("click", () => remove(device, removeButton));
        return h(
          "li",
          { class: "device", "data-device-id": device.id },
          h(
            "div",
            { class: "device-head" },
            h("strong", {}, device.name),
            h("span", { class: "badge", i18n: `lifelog.devices.platform.${device.platform}` }),
            removeButton,
          ),
          h(
            "p",
            { class: "muted" },
            device.sources.flatMap((s, i) => [i ? ", " : null, h("span", { i18n: sourceKey(s) })]),
          ),
          h(
            "p",
            { class: "muted" },
            device.lastSeenAt
              ? [
                  h("span", { i18n: "lifelog.devices.lastSeen" }),
                  " ",
                  h("time", { datetime: device.lastSeenAt, "data-format": "relative" }),
                ]
              : h("span", { i18n: "lifelog.devices.neverSeen" }),
          ),
        );
      }),
    );
    translate($("devices"));
  }

  return {
    load,
    reset() {
      request++;
      devices = [];
      $("devices").replaceChildren();
      $("devices-empty").hidden = true;
      clearProblem($("devices-problem"));
      clearFormProblem(form, problem);
    },
  };
}
