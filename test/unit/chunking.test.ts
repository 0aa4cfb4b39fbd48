import { describe, expect, it } from "vitest";
import { chunkMarkdown, parseFrontMatter, scriptLanguage } from "../../workers/domain/chunking";

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

  it("makes one chunk per section, prefixed with the title in the section's language", () => {
    const { chunks, title, titles } = chunkMarkdown("pacesetting", doc);
    expect(title).toBe("Pacesetting leader");
    expect(titles).toEqual({ en: "Pacesetting leader", ko: "솔선형 리더" });
    expect(chunks.map((c) => c.section)).toEqual(["Pacesetting leader", "Strengths", "한국어 요약"]);
    expect(chunks.map((c) => c.lang)).toEqual(["en", "en", "ko"]);
    expect(chunks[1]!.text).toBe("Pacesetting leader — Strengths\nSets a high bar.");
    expect(chunks[2]!.title).toBe("솔선형 리더");
    expect(chunks[2]!.text).toBe("솔선형 리더 — 한국어 요약\n솔선형 리더는 높은 기준을 스스로 보여줍니다.");
    expect(chunks.map((c) => c.id)).toEqual(["pacesetting#0", "pacesetting#1", "pacesetting#2"]);
  });

  it("reads a passage's language from its script, English terms inside Korean included", () => {
    expect(scriptLanguage("SBI 모델로 피드백하기: 상황(Situation), 행동(Behavior), 영향(Impact)")).toBe("ko");
    expect(scriptLanguage("Use the SBI model: situation, behaviour, impact.")).toBe("en");
    expect(scriptLanguage("1:1")).toBe("en");
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
