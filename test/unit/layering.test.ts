import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sourceFiles } from "../helpers/source-files";

/**
 * The layout's rules, checked on the production source: every D1 statement lives in
 * `workers/ports/db/`, and actors' stores, services and ports do not import each other in a loop
 * (DESIGN.md: dependencies point down; an actor's entry point wires its stores).
 */

const PRODUCTION = ["workers", "durable-objects"];

type Import = { from: string; typeOnly: boolean; line: number };

// `import …`/`export … from`, side-effect imports and dynamic `import()`; the clause may span lines
const STATIC = /^[ \t]*(import|export)\s+(type\s+)?(?:[^;"'`]*?\s+from\s+)?["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Every module a source text imports, with whether the whole import is `import type`/`export type`. */
function importsOf(source: string): Import[] {
  const lineAt = (index: number) => source.slice(0, index).split("\n").length;
  const found: Import[] = [];
  for (const m of source.matchAll(STATIC))
    found.push({ from: m[3]!, typeOnly: m[2] !== undefined, line: lineAt(m.index!) });
  for (const m of source.matchAll(DYNAMIC)) found.push({ from: m[1]!, typeOnly: false, line: lineAt(m.index!) });
  return found;
}

/** Repository-relative path of what `from` names, or the bare package name. */
const target = (file: string, from: string) =>
  from.startsWith(".")
    ? path
        .relative(ROOT, path.resolve(ROOT, path.dirname(file), from))
        .split(path.sep)
        .join("/")
    : from;

const files = PRODUCTION.flatMap(sourceFiles).map((file) => {
  const source = readFileSync(path.join(ROOT, file), "utf8");
  return { file, source, imports: importsOf(source).map((i) => ({ ...i, to: target(file, i.from) })) };
});

const inside = (file: string, dir: string) => file.startsWith(`${dir}/`);
const DB = "workers/ports/db";
/** The actors' entry points (`durable-objects/*.ts`) may wire services and ports into their stores. */
const isActorEntry = (file: string) => /^durable-objects\/[^/]+\.ts$/.test(file);

describe("the import scanner", () => {
  it("tells a type-only import from one that loads the module", () => {
    const source = [
      'import type { Db } from "./d1";',
      'import { type Bus, createBus } from "../bus";',
      "import {\n  a,\n  b,\n} from 'drizzle-orm/d1';",
      'export { x } from "./x";',
      'export type { Y } from "./y";',
      'import "./side-effect";',
      'const lazy = await import("./lazy");',
    ].join("\n");
    expect(importsOf(source)).toEqual([
      { from: "./d1", typeOnly: true, line: 1 },
      { from: "../bus", typeOnly: false, line: 2 },
      { from: "drizzle-orm/d1", typeOnly: false, line: 3 },
      { from: "./x", typeOnly: false, line: 7 },
      { from: "./y", typeOnly: true, line: 8 },
      { from: "./side-effect", typeOnly: false, line: 9 },
      { from: "./lazy", typeOnly: false, line: 10 },
    ]);
  });

  it("reads the production tree", () => {
    expect(files.map((f) => f.file)).toEqual(
      expect.arrayContaining(["workers/ports/db/d1.ts", "durable-objects/user-actor.ts", "workers/api/interview.ts"]),
    );
  });
});

describe("data access", () => {
  it("only workers/ports/db imports drizzle-orm", () => {
    const offenders = files.flatMap(({ file, imports }) =>
      inside(file, DB)
        ? []
        : imports
            .filter((i) => i.to === "drizzle-orm" || i.to.startsWith("drizzle-orm/"))
            .map((i) => `${file}:${i.line}`),
    );
    expect(offenders).toEqual([]);
  });

  it("only workers/ports/db creates the database handle or touches the D1 binding", () => {
    const offenders = files.flatMap(({ file, source }) =>
      inside(file, DB)
        ? []
        : [...source.matchAll(/\bcreateDb\b|\bDB\s*\.\s*(prepare|batch|exec|dump)\b/g)].map((m) => `${file}: ${m[0]}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe("no folder cycle between actors, services and ports", () => {
  const services = ["workers/services", "workers/ports"];

  it("an actor's stores import services and ports for their types only; the entry point wires them", () => {
    const offenders = files.flatMap(({ file, imports }) =>
      inside(file, "durable-objects") && !isActorEntry(file)
        ? imports
            .filter((i) => !i.typeOnly && services.some((dir) => inside(i.to, dir)))
            .map((i) => `${file}:${i.line} → ${i.to}`)
        : [],
    );
    expect(offenders).toEqual([]);
  });

  it("services and ports reach actors only through their bindings (types at most)", () => {
    const offenders = files.flatMap(({ file, imports }) =>
      services.some((dir) => inside(file, dir))
        ? imports
            .filter((i) => !i.typeOnly && inside(i.to, "durable-objects"))
            .map((i) => `${file}:${i.line} → ${i.to}`)
        : [],
    );
    expect(offenders).toEqual([]);
  });
});
