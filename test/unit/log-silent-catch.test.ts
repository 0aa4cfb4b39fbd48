import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, sourceFiles } from "../helpers/source-files";

// The code that runs in the Worker and its actors; scripts and tests may swallow what they like.
const PRODUCTION = ["workers", "durable-objects", "schemas"];

// A `.catch` handler that only yields a constant (or nothing) drops the failure without a trace:
// `() => undefined`, `(_e) => {}`, `e => null`, `() => void 0`, `() => false`, `() => ""`, `() => []`.
const SILENT_CATCH =
  /\.catch\(\s*(?:\(\s*[\w$]*\s*(?::\s*[\w$]+\s*)?\)|[\w$]+)\s*=>\s*(?:undefined|null|void\s+0|true|false|""|''|``|\[\s*\]|-?\d+|\{\s*\})\s*\)/g;

/** `file:line: text` of every silent catch in `source`. */
function silentCatches(file: string, source: string): string[] {
  return [...source.matchAll(SILENT_CATCH)].map((match) => {
    const line = source.slice(0, match.index).split("\n").length;
    return `${file}:${line}: ${match[0]}`;
  });
}

describe("tolerated failures are logged", () => {
  it("the pattern finds each silent form and none of the logged ones", () => {
    const silent = [
      "p.catch(() => undefined);",
      "p.catch(() => {});",
      "p.catch((_error) => { });",
      "p.catch((e: unknown) => null)",
      "p.catch(e => void 0)",
      'p.catch(() => "")',
      "p.catch(() => [])",
      "p\n  .catch(() => false);",
    ];
    const logged = [
      'p.catch(logRejection("push failed", { jobId }))',
      "p.catch(dropped)",
      'p.catch((error) => { logEvent("warn", "x", { error }); })',
      "p.catch((error) => fallback(error))",
    ];
    for (const text of silent) expect(silentCatches("sample.ts", text), text).toHaveLength(1);
    for (const text of logged) expect(silentCatches("sample.ts", text), text).toEqual([]);
  });

  it("no production file swallows a rejection without a log line (use logRejection)", () => {
    const found = PRODUCTION.flatMap((dir) =>
      sourceFiles(dir).flatMap((file) => silentCatches(file, readFileSync(join(ROOT, file), "utf8"))),
    );
    expect(found).toEqual([]);
  });
});
