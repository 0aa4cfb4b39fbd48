// One name per leadership style and language, wherever a user can read it: the API's labels, the
// coach's prompt, the embeddable widget and the knowledge base the coach cites.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LEADERSHIP_TYPE_LABELS, LeadershipTypeSchema } from "../../schemas/assessment";
import { TYPE_NAMES, typesNamedIn } from "../../workers/domain/coach-prompt";
import { ROOT } from "../helpers/source-files";

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");

describe("the leadership vocabulary", () => {
  it("gives the coach's prompt the API's labels", () => {
    for (const type of LeadershipTypeSchema.options) {
      expect({ en: TYPE_NAMES[type].en, ko: TYPE_NAMES[type].ko }).toEqual(LEADERSHIP_TYPE_LABELS[type]);
    }
  });

  it("gives the widget the API's labels", () => {
    const widget = read("public/widget/strings.js");
    for (const type of LeadershipTypeSchema.options) {
      const { en, ko } = LEADERSHIP_TYPE_LABELS[type];
      expect(widget, type).toContain(`${type}: { en: "${en}", ko: "${ko}" }`);
    }
  });

  it("titles each style's knowledge document with its Korean label", () => {
    for (const type of LeadershipTypeSchema.options) {
      const titleKo = /^title_ko: (.+)$/m.exec(read(`knowledge/types/${type}.md`))?.[1];
      expect(titleKo, type).toBe(`${LEADERSHIP_TYPE_LABELS[type].ko} 리더십`);
    }
  });

  it("never writes the retired Korean names anywhere a user reads", () => {
    const files = [
      "schemas/assessment.ts",
      "public/widget/strings.js",
      ...readdirSync(join(ROOT, "knowledge"), { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".md"))
        .map((f) => `knowledge/${f}`),
    ];
    for (const file of files) expect(read(file), file).not.toMatch(/친화형|선도형/);
  });

  it("still recognises the retired names when a user types them", () => {
    expect(typesNamedIn("친화형 리더는 어떻게 피드백하나요?")).toEqual(["affiliative"]);
    expect(typesNamedIn("선도형 리더의 번아웃")).toEqual(["pacesetting"]);
  });
});
