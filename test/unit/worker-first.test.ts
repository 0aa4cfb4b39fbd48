import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { RESOURCES, SHARED } from "../../scripts/stress/lib/cross-user.mjs";

/**
 * With static assets configured, a request reaches the Worker only if `run_worker_first` names its path;
 * otherwise the asset router answers (a 405 for a POST, the 404 page for a GET), which the tests inside
 * workerd never see because they call the Worker directly. Every operation the API documents (the
 * cross-user matrix names each one, or the matrix test fails) must be routed to the Worker.
 */
const config = readFileSync(resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");
const patterns = JSON.parse(/^run_worker_first\s*=\s*(\[.*\])\s*$/m.exec(config)![1]!) as string[];
const routedFirst = (path: string) =>
  patterns.some((p) => (p.endsWith("/*") ? path.startsWith(p.slice(0, -1)) : path === p));

const operations = [...RESOURCES.flatMap((r) => Object.keys(r.operations)), ...Object.keys(SHARED)];

describe("run_worker_first", () => {
  it("routes every documented operation to the Worker, not to the static assets", () => {
    const paths = [...new Set(operations.map((op) => op.split(" ")[1]!))];
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.filter((p) => !routedFirst(p))).toEqual([]);
  });

  it("is a pattern list this test understands", () => {
    expect(routedFirst("/graphql")).toBe(true);
    expect(routedFirst("/graphql/schema.graphql")).toBe(true);
    expect(routedFirst("/lifelog/")).toBe(false);
  });
});
