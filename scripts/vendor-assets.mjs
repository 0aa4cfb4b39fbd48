// Copies browser builds of npm dependencies into public/vendor/, which the Worker serves as static
// assets. Runs as `postinstall`, so `npm install` and `npm ci` produce the files; they are gitignored.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "public", "vendor");
// `to` is a folder under public/vendor/ ("" for its top level)
const ASSETS = [
  { pkg: "uplot", to: "", files: ["dist/uPlot.iife.min.js", "dist/uPlot.min.css"] },
  { pkg: "swagger-ui-dist", to: "swagger-ui", files: ["swagger-ui-bundle.js", "swagger-ui.css"] },
  // an ES module with relative imports, so its files keep their names side by side
  {
    pkg: "eventsource-parser",
    to: "eventsource-parser",
    files: ["dist/index.js", "dist/errors.js", "dist/parse.js", "LICENSE"],
  },
];

function source(pkg, file) {
  const path = join(root, "node_modules", pkg, file);
  if (!existsSync(path)) {
    console.error(`vendor-assets: ${relative(root, path)} is missing; is "${pkg}" installed? Run npm install.`);
    process.exit(1);
  }
  return path;
}

let copied = 0;
for (const { pkg, to, files } of ASSETS) {
  mkdirSync(join(target, to), { recursive: true });
  for (const file of files) {
    copyFileSync(source(pkg, file), join(target, to, file.split("/").pop()));
    copied++;
  }
}

/**
 * The widget is one classic script (workers/api/widget.ts concatenates its parts inside an IIFE), so it
 * cannot `import`. It gets the same parser as the pages as a script part: errors.js and parse.js with
 * their import lines and `export` keywords removed, leaving `ParseError` and `createParser` in the
 * widget's scope. The result is run once here, so a parser release that changes shape fails the install
 * instead of the widget.
 */
const scriptPart = ["dist/errors.js", "dist/parse.js"]
  .map((file) =>
    readFileSync(source("eventsource-parser", file), "utf8")
      .replace(/^import .*$/gm, "")
      .replace(/^export (class|function|const) /gm, "$1 ")
      .replace(/^\/\/# sourceMappingURL=.*$/gm, ""),
  )
  .join("\n");
const check = vm.runInNewContext(`"use strict";\n${scriptPart}\n;typeof createParser`, {});
if (/^\s*(import|export)\b/m.test(scriptPart) || check !== "function") {
  console.error("vendor-assets: eventsource-parser no longer converts to a widget script part; see this file.");
  process.exit(1);
}
writeFileSync(
  join(target, "eventsource-parser", "widget-part.js"),
  `// eventsource-parser (MIT), made a widget part by scripts/vendor-assets.mjs\n${scriptPart}`,
);
copied++;

/**
 * GraphiQL for `npm run dev` (workers/graphql/graphiql.ts serves the page in development only). Yoga's
 * render-graphiql package ships GraphiQL as strings inside one 9 MB module meant to be inlined into an
 * HTML answer; that would put it in the Worker's bundle. Its parts are written out here as static files
 * instead, the editor's web workers included, so the page loads them from /vendor/graphiql/ with no CDN.
 */
const graphiql = await import(pathToFileURL(source("@graphql-yoga/render-graphiql", "esm/graphiql.js")).href);
const GRAPHIQL_PARTS = {
  "graphiql.js": graphiql.js,
  "graphiql.css": graphiql.css,
  "editor.worker.js": graphiql.editorWorkerService,
  "json.worker.js": graphiql.jsonWorker,
  "graphql.worker.js": graphiql.graphqlWorker,
};
mkdirSync(join(target, "graphiql"), { recursive: true });
for (const [file, text] of Object.entries(GRAPHIQL_PARTS)) {
  if (typeof text !== "string" || text.length === 0) {
    console.error(
      `vendor-assets: @graphql-yoga/render-graphiql no longer exports the part for ${file}; see this file.`,
    );
    process.exit(1);
  }
  writeFileSync(join(target, "graphiql", file), text);
  copied++;
}
copyFileSync(source("@graphql-yoga/render-graphiql", "LICENSE"), join(target, "graphiql", "LICENSE"));
copied++;

console.log(`vendor-assets: copied ${copied} files to ${relative(root, target)}/`);
