#!/usr/bin/env node
// npm 11 leaves optional platform packages out of package-lock.json when a nested copy of a
// package (here the vitest plugin's own workerd) pins versions that exist only for some platforms;
// `npm ci` then refuses the lock ("Missing: @cloudflare/workerd-darwin-64@ from lock file").
// This adds an entry for every optional dependency the lock cannot resolve, copying os/cpu from
// another version of the same package. Run it after `npm install` changes the lock.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;

function resolve(from, name) {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf("/node_modules")))) {
    const key = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (packages[key]) return packages[key];
    if (!dir) return undefined;
  }
}

let added = 0;
for (const [location, pkg] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    // only exact pins go missing this way; ranges (fsevents "~2.3.3") resolve to what is there
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version) || resolve(location, name)?.version === version) continue;
    const sibling = Object.entries(packages).find(([k]) => k.endsWith(`node_modules/${name}`))?.[1];
    packages[`${location}/node_modules/${name}`] = {
      version,
      ...(sibling?.cpu ? { cpu: sibling.cpu } : {}),
      ...(pkg.dev ? { dev: true } : {}),
      optional: true,
      ...(sibling?.os ? { os: sibling.os } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added ? `added ${added} optional platform entries to package-lock.json` : "package-lock.json needs no fix");
