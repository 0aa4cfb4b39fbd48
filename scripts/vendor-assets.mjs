// Copies browser builds of npm dependencies into public/vendor/, which the Worker serves as static
// assets. Runs as `postinstall`, so `npm install` and `npm ci` produce the files; they are gitignored.
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "public", "vendor");
const ASSETS = [{ pkg: "uplot", files: ["dist/uPlot.iife.min.js", "dist/uPlot.min.css"] }];

mkdirSync(target, { recursive: true });
for (const { pkg, files } of ASSETS) {
  for (const file of files) {
    const source = join(root, "node_modules", pkg, file);
    if (!existsSync(source)) {
      console.error(`vendor-assets: ${relative(root, source)} is missing; is "${pkg}" installed? Run npm install.`);
      process.exit(1);
    }
    copyFileSync(source, join(target, file.split("/").pop()));
  }
}
console.log(`vendor-assets: copied ${ASSETS.flatMap((a) => a.files).length} files to ${relative(root, target)}/`);
