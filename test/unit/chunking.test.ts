import { describe, expect, it } from "vitest";
import { chunkMarkdown, parseFrontMatter } from "../../workers/domain/chunking";

const doc = `---
id: pacesetting
title: Pacesetting leader
title_ko: 솔선형 리더
kind: leadership-type
leadership_types: [pacesetting, "commanding"]
---
# Pacesetting leader

Intro paragraph.

## Strengths
Sets a high bar.

## 한국어 요약
솔선형 리더는 높은 기준을 스스로 보여줍니다.
`;

describe("knowledge chunking", () => {
  it("parses flat front matter with lists and quotes", () => {
    const { meta, body } = parseFrontMatter(doc);
    expect(meta).toMatchObject({
      id: "pacesetting",
      title_ko: "솔선형 리더",
      leadership_types: ["pacesetting", "commanding"],
    });
    expect(body.startsWith("# Pacesetting leader")).toBe(true);
  });

  it("makes one chunk per section, prefixed with the title, Korean sections included", () => {
    const { chunks, title } = chunkMarkdown("pacesetting", doc);
    expect(title).toBe("Pacesetting leader");
    expect(chunks.map((c) => c.section)).toEqual(["Pacesetting leader", "Strengths", "한국어 요약"]);
    expect(chunks[2]!.text).toBe("Pacesetting leader — 한국어 요약\n솔선형 리더는 높은 기준을 스스로 보여줍니다.");
    expect(chunks.map((c) => c.id)).toEqual(["pacesetting#0", "pacesetting#1", "pacesetting#2"]);
  });

  it("splits a long section at paragraph boundaries", () => {
    const long = `## Long\n${Array.from({ length: 6 }, (_, i) => `Paragraph ${i} ${"word ".repeat(60)}`).join("\n\n")}`;
    const { chunks } = chunkMarkdown("long", long, 700);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.section === "Long")).toBe(true);
    expect(chunks.map((c) => c.text).join(" ")).toContain("Paragraph 5");
  });

  it("handles a document without front matter", () => {
    expect(chunkMarkdown("plain", "# Plain\n\nJust text.").chunks).toHaveLength(1);
  });
});
