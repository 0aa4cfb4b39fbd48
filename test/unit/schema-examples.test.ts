// The documented examples are bodies a reader can send as they are: each schema's own example passes it.
import { getOpenApiMetadata } from "@asteasolutions/zod-to-openapi";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";

const dir = join(__dirname, "../../schemas");
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3));

describe("schema examples", () => {
  it("every object example in schemas/ is accepted by its own schema", async () => {
    const checked: string[] = [];
    const failures: string[] = [];
    for (const file of names) {
      const module = (await import(`../../schemas/${file}.ts`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        const schema = value as z.ZodType;
        if (typeof schema?.safeParse !== "function" || !(schema as { _zod?: unknown })._zod) continue;
        const example = getOpenApiMetadata(schema as never)?.example as unknown;
        if (example === null || typeof example !== "object") continue;
        checked.push(name);
        const result = schema.safeParse(example);
        if (!result.success) failures.push(`${file} ${name}: ${JSON.stringify(result.error.issues)}`);
      }
    }
    expect(failures).toEqual([]);
    for (const name of ["CreateRetrospectSchema", "ItemInputSchema", "ItemBatchSchema", "EventsBodySchema"])
      expect(checked).toContain(name);
    expect(checked.length).toBeGreaterThan(30);
  });
});
