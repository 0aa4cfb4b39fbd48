import { readdirSync } from "node:fs";
import path from "node:path";

/** The repository's root, for tests that read its source as text. */
export const ROOT = path.resolve(import.meta.dirname, "../..");

/** Repository-relative paths (with `/`) of the script sources below `dir`, declaration files left out. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [rel] : [];
  });
}
