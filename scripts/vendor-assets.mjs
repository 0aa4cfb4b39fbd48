// Copies browser builds of npm dependencies into public/vendor/, which the Worker serves as static
// assets. Runs as `postinstall`, so `npm install` and `npm ci` produce the files; they are gitignored.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
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

console.log(`vendor-assets: copied ${copied} files to ${relative(root, target)}/`);
