/**
 * "Download everything": `GET /v1/me/export` with the bearer token (a plain link cannot send it), read
 * as a stream so the page can say how much has arrived, then saved through an object URL. The file's
 * manifest (written last by the server) is shown as a table of counts.
 */
import { networkProblem, problemOf } from "../shared/api.js";
import { currentLocale, dictionary, formatNumber, translate } from "../shared/i18n.js";
import { clearProblem, h, showProblem } from "../shared/ui.js";

const $ = (id) => document.getElementById(id);
const ANNOUNCE_EVERY_MS = 500;

/** "12.4 kB" / "1.2 MB" in the chosen language. */
export function formatBytes(bytes) {
  const [unit, size] =
    bytes >= 1_000_000 ? ["megabyte", 1_000_000] : bytes >= 1_000 ? ["kilobyte", 1_000] : ["byte", 1];
  return new Intl.NumberFormat(currentLocale(), {
    style: "unit",
    unit,
    // "512 bytes" / "512바이트", but "12.4 kB" (the long form spells kilobytes out)
    unitDisplay: size === 1 ? "long" : "short",
    maximumFractionDigits: size === 1 ? 0 : 1,
  }).format(bytes / size);
}

/** The file name the server suggests, else one like it. */
export function fileNameOf(disposition, now = new Date()) {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? "");
  const name = match ? decodeURIComponent(match[1]).replace(/[/\\]/g, "_") : "";
  return name || `edge-coach-export-${now.toISOString().slice(0, 10)}.json`;
}

export function createExport({ token }) {
  let running = null;
  let last = null; // {file, bytes, counts} of the last finished download, for a language switch

  $("export").addEventListener("click", download);

  async function download() {
    if (running) return;
    const ctl = (running = new AbortController());
    const button = $("export");
    button.disabled = true;
    last = null;
    clearProblem($("export-problem"));
    $("export-manifest").hidden = true;
    progress("account.export.starting");
    try {
      let response;
      try {
        response = await fetch("/v1/me/export", {
          headers: { Accept: "application/json", Authorization: `Bearer ${token()}` },
          cache: "no-store",
          signal: ctl.signal,
        });
      } catch {
        if (ctl.signal.aborted) return;
        throw networkProblem();
      }
      if (!response.ok) throw problemOf(response, await response.text().catch(() => ""));
      const chunks = [];
      let bytes = 0;
      let shownAt = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        if (Date.now() - shownAt >= ANNOUNCE_EVERY_MS) {
          shownAt = Date.now();
          progress("account.export.progress", { size: formatBytes(bytes) });
        }
      }
      if (running !== ctl) return;
      const blob = new Blob(chunks, { type: "application/json" });
      const file = fileNameOf(response.headers.get("Content-Disposition"));
      save(blob, file);
      last = { file, bytes, counts: await countsOf(blob) };
      show();
    } catch (error) {
      if (running !== ctl) return;
      progress(null);
      showProblem($("export-problem"), error?.problem ? error : networkProblem());
    } finally {
      if (running === ctl) {
        running = null;
        button.disabled = false;
      }
    }
  }

  function save(blob, file) {
    const url = URL.createObjectURL(blob);
    const link = h("a", { href: url, download: file, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    // the download has its own copy once it starts; the URL is let go a little later
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async function countsOf(blob) {
    try {
      const counts = JSON.parse(await blob.text())?.manifest?.counts;
      return counts && typeof counts === "object" ? counts : null;
    } catch {
      return null;
    }
  }

  function show() {
    if (!last) return;
    progress("account.export.done", { file: last.file, size: formatBytes(last.bytes) });
    const table = $("export-manifest");
    if (!last.counts) {
      table.hidden = true;
      showProblem($("export-problem"), { problem: { titleKey: "account.export.unreadable" } });
      return;
    }
    table.querySelector("tbody").replaceChildren(
      ...Object.entries(last.counts).map(([name, count]) => {
        const key = `account.section.${name}`;
        return h(
          "tr",
          { "data-section": name },
          // the section's own name (as in the file) stays the label where no translation names it
          h("th", { scope: "row", title: name }, dictionary.en[key] ? h("span", { i18n: key }) : h("code", {}, name)),
          h("td", {}, formatNumber(Number(count), 0)),
        );
      }),
    );
    table.hidden = false;
    translate(table);
  }

  function progress(key, vars) {
    const el = $("export-progress");
    if (key) {
      el.dataset.i18n = key;
      el.dataset.i18nVars = JSON.stringify(vars ?? {});
    } else {
      delete el.dataset.i18n;
      delete el.dataset.i18nVars;
    }
    el.textContent = "";
    translate(el.parentElement);
  }

  return {
    /** Sizes and counts in the new language. */
    render: show,
    reset() {
      running?.abort();
      running = null;
      last = null;
      $("export").disabled = false;
      $("export-manifest").hidden = true;
      progress(null);
      clearProblem($("export-problem"));
    },
  };
}
