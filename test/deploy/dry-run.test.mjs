// What a plain `wrangler deploy` would upload, without uploading it: the bundle builds, and the
// effective [vars] make it a production Worker (no token route, no development secret; it refuses to
// serve until JWT_SECRET or JWKS_URL is set — test/integration/production.test.ts runs that config).
import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { wrangler } from "../../scripts/lib/wrangler.mjs";

/** `env.NAME ("value")   Environment Variable` rows of wrangler's binding table, as an object. */
function plainVars(output) {
  const vars = {};
  for (const [, name, value] of output.matchAll(/^env\.(\w+) \("(.*)"\)\s+Environment Variable\s*$/gm)) {
    vars[name] = value;
  }
  return vars;
}

describe("wrangler deploy --dry-run", () => {
  let outdir;
  let output;
  before(async () => {
    outdir = await mkdtemp(join(tmpdir(), "edge-coach-deploy-"));
    // no --env and no --var: exactly the configuration a plain `wrangler deploy` (npm run deploy) uses
    output = wrangler(["deploy", "--dry-run", "--outdir", outdir]);
  });
  after(() => rm(outdir, { recursive: true, force: true }));

  it("builds the Worker bundle", async () => {
    assert.match(output, /--dry-run: exiting now/);
    assert.ok((await stat(join(outdir, "index.js"))).size > 0, "index.js is empty");
  });

  it("deploys ENVIRONMENT=production", () => {
    const vars = plainVars(output);
    assert.ok(Object.keys(vars).length > 0, `no variables found in wrangler's output:\n${output}`);
    assert.equal(vars.ENVIRONMENT, "production");
  });

  it("ships no JWT secret as a plain variable (it is set with wrangler secret put)", () => {
    assert.equal(plainVars(output).JWT_SECRET, undefined);
  });
});
