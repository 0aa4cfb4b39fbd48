import { readFileSync } from "node:fs";

// The Workers types declare WebAssembly.Module abstract (a Worker may not compile code at run time;
// it imports compiled modules); Node compiles the committed binary for the unit tests.
const Compile = WebAssembly.Module as unknown as new (bytes: Uint8Array) => WebAssembly.Module;

/** knn.wasm compiled in Node, as the Worker's bundle imports it. */
export const knnKernel = new Compile(readFileSync(new URL("../../workers/domain/knn.wasm", import.meta.url)));
