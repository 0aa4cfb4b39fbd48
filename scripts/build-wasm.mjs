#!/usr/bin/env node
// Assembles the WebAssembly kernels (workers/domain/*.wat) into the .wasm files beside them, which
// are committed: the Worker imports them as compiled modules, and neither `npm run dev` nor a deploy
// needs this step. `--check` fails instead of writing when a committed binary is not its source's build.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import initWabt from "wabt";

const dir = resolve(import.meta.dirname, "..", "workers", "domain");
const check = process.argv.includes("--check");

/** The binary of one .wat source, with the SIMD proposal (standard since 2021) enabled. */
async function assemble(path) {
  const wabt = await initWabt();
  const module = wabt.parseWat(path, readFileSync(path, "utf8"), { simd: true });
  try {
    module.validate();
    return Buffer.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

let stale = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith(".wat"))) {
  const source = join(dir, file);
  const target = source.replace(/\.wat$/, ".wasm");
  const binary = await assemble(source);
  if (!check) {
    writeFileSync(target, binary);
    console.log(`${target}: ${binary.length} bytes`);
    continue;
  }
  let committed;
  try {
    committed = readFileSync(target);
  } catch {
    committed = Buffer.alloc(0);
  }
  if (!committed.equals(binary)) {
    console.error(`${target} is not the build of ${file}: run npm run build:wasm`);
    stale++;
  }
}
process.exitCode = stale > 0 ? 1 : 0;
