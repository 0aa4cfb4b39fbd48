import { initI18n, translate } from "./i18n.js";
import { inline, resolve, schemaTree, typeLabel } from "./schema-view.js";
import { loadSession } from "./session.js";
import { tryIt } from "./try-it.js";
import { h, richText, showProblem } from "./ui.js";

const METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "trace"];
const $ = (id) => document.getElementById(id);

initI18n();
main();

async function main() {
  let doc;
  try {
    const response = await fetch("/openapi.json", { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    doc = await response.json();
  } catch (error) {
    $("docs-status").hidden = true;
    showProblem($("docs-problem"), { problem: { titleKey: "docs.loadFailed", detail: error.message } });
    return;
  }
  $("api-title").textContent = doc.info?.title ?? "API";
  $("api-version").textContent = `OpenAPI ${doc.openapi ?? "?"} · v${doc.info?.version ?? "?"}`;
  $("api-description").replaceChildren(...richText(doc.info?.description));

  const groups = groupByTag(doc);
  $("operations").replaceChildren(...[...groups].map(([tag, entries]) => tagSection(doc, tag, entries)));
  $("toc").append(...[...groups].map(([tag, entries]) => tocGroup(tag, entries)));
  translate();
  $("docs-status").hidden = true;

  $("filter").addEventListener("input", () => applyFilter($("filter").value));
  applyFilter("");
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
  // a token obtained on the dashboard in another tab fills the still-empty token fields here
  window.addEventListener("storage", () => {
    const token = loadSession()?.token ?? "";
    for (const input of document.querySelectorAll("input[name=token]")) {
      if (!input.value) input.value = token;
    }
  });
}

/** Operations grouped by their first tag, tags in `doc.tags` order, then in order of appearance. */
function groupByTag(doc) {
  const groups = new Map((doc.tags ?? []).map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "default";
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolve(doc, p).schema);
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag).push({
        method,
        path,
        op,
        parameters,
        id: `op-${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-").replace(/-$/, ""),
      });
    }
  }
  for (const [tag, entries] of groups) if (!entries.length) groups.delete(tag);
  return groups;
}

function tocGroup(tag, entries) {
  return h(
    "div",
    { class: "toc-group", "data-tag": tag },
    h("h3", {}, tag),
    h(
      "ul",
      {},
      entries.map((e) =>
        h("li", { "data-op": e.id }, h("a", { href: `#${e.id}` }, methodBadge(e.method), h("code", {}, e.path))),
      ),
    ),
  );
}

function tagSection(doc, tag, entries) {
  const description = doc.tags?.find((t) => t.name === tag)?.description;
  return h(
    "section",
    { class: "tag-section", "data-tag": tag, "aria-label": tag },
    h("h2", {}, tag),
    description ? h("p", { class: "muted" }, richText(description)) : null,
    entries.map((entry) => operation(doc, entry, tag)),
  );
}

const methodBadge = (method) => h("span", { class: `method method-${method}` }, method.toUpperCase());

function operation(doc, { method, path, op, parameters, id }, tag) {
  const security = op.security ?? doc.security ?? [];
  const isPublic = security.length === 0 || security.some((s) => Object.keys(s).length === 0);
  const isWebSocket = Object.hasOwn(op.responses ?? {}, "101");
  const haystack = [method, path, op.summary, op.description, op.operationId, tag]
    .filter(Boolean)
    .join(" ")
    .toLowerCase();
  return h(
    "details",
    { class: "op", id, "data-search": haystack, "data-path": path, "data-method": method },
    h(
      "summary",
      {},
      methodBadge(method),
      h("code", { class: "path" }, path),
      h("span", { class: "op-summary" }, richText(op.summary)),
      isWebSocket ? h("span", { class: "badge" }, "WebSocket") : null,
      h("span", {
        class: `badge auth ${isPublic ? "public" : ""}`,
        i18n: isPublic ? "docs.security.public" : "docs.security.bearer",
      }),
    ),
    h(
      "div",
      { class: "op-body" },
      op.description ? h("p", { class: "op-description" }, richText(op.description)) : null,
      parameters.length ? parametersBlock(doc, parameters) : null,
      op.requestBody ? requestBodyBlock(doc, resolve(doc, op.requestBody).schema) : null,
      responsesBlock(doc, op.responses ?? {}),
      isWebSocket
        ? h(
            "p",
            { class: "note" },
            h("span", { i18n: "docs.websocket" }),
            " ",
            h("a", { href: "/", i18n: "docs.openDashboard" }),
          )
        : tryIt(doc, { method, path, op, parameters }),
    ),
  );
}

function parametersBlock(doc, parameters) {
  return h(
    "div",
    { class: "block" },
    h("h3", { i18n: "docs.parameters" }),
    h(
      "ul",
      { class: "schema-tree" },
      parameters.map((p) =>
        h(
          "li",
          {},
          h("code", { class: "field" }, p.name),
          h("code", { class: "type" }, typeLabel(doc, p.schema ?? {})),
          h("span", { class: "fact", i18n: `docs.in.${p.in}` }),
          p.required ? h("span", { class: "req", i18n: "docs.required" }) : null,
          (p.description ?? p.schema?.description)
            ? h("span", { class: "desc" }, richText(p.description ?? p.schema.description))
            : null,
        ),
      ),
    ),
  );
}

function contentBlock(doc, content) {
  return Object.entries(content ?? {}).map(([type, media]) =>
    h(
      "div",
      { class: "media" },
      h("code", { class: "content-type" }, type),
      media.schema ? schemaTree(doc, media.schema) : null,
      media.schema
        ? h(
            "details",
            { class: "raw" },
            h("summary", { i18n: "docs.schemaJson" }),
            h("pre", {}, JSON.stringify(inline(doc, media.schema), null, 2)),
          )
        : null,
    ),
  );
}

function requestBodyBlock(doc, body) {
  return h(
    "div",
    { class: "block" },
    h("h3", { i18n: "docs.requestBody" }),
    body.description ? h("p", {}, richText(body.description)) : null,
    contentBlock(doc, body.content),
  );
}

function responsesBlock(doc, responses) {
  const statusClass = (code) => `code code-${String(code)[0]}xx`;
  return h(
    "div",
    { class: "block" },
    h("h3", { i18n: "docs.responses" }),
    Object.entries(responses).map(([code, raw]) => {
      const response = resolve(doc, raw).schema;
      const schemas = Object.values(response.content ?? {}).filter((m) => m.schema);
      return h(
        "details",
        { class: "response" },
        h(
          "summary",
          {},
          h("span", { class: statusClass(code) }, code),
          h("span", {}, richText(response.description)),
          schemas.length ? h("code", { class: "type" }, typeLabel(doc, schemas[0].schema)) : null,
        ),
        contentBlock(doc, response.content),
      );
    }),
  );
}

function applyFilter(query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  let visible = 0;
  for (const op of document.querySelectorAll("details.op")) {
    const match = words.every((w) => op.dataset.search.includes(w));
    op.hidden = !match;
    document.querySelector(`#toc li[data-op="${op.id}"]`).hidden = !match;
    if (match) visible++;
  }
  for (const section of document.querySelectorAll(".tag-section"))
    section.hidden = !section.querySelector("details.op:not([hidden])");
  for (const group of document.querySelectorAll(".toc-group")) group.hidden = !group.querySelector("li:not([hidden])");
  $("no-match").hidden = visible > 0;
  const count = $("op-count");
  count.dataset.i18n = "docs.count";
  count.dataset.i18nVars = JSON.stringify({ count: visible });
  translate(count.parentElement);
}

function openFromHash() {
  const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target?.matches("details.op")) {
    target.open = true;
    target.scrollIntoView({ block: "start" });
  }
}
