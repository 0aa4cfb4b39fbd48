import { describe, expect, it } from "vitest";
import { startGrounding } from "../../durable-objects/coach/grounding";
import type { Retrieved } from "../../workers/services/knowledge";

const chunk: Retrieved = {
  docId: "delegation",
  source: "guides/delegation.md",
  title: "Delegation",
  section: "Five levels",
  text: "Hand over the decision.",
  lang: "en",
  score: 0.8,
};

describe("startGrounding", () => {
  it("settles `asked` once the index has been queried, before its answer arrives", async () => {
    let answer!: (chunks: Retrieved[]) => void;
    const { asked, grounding } = startGrounding((onAsked) => {
      onAsked();
      return new Promise((resolve) => (answer = resolve));
    });
    let answered = false;
    void grounding.then(() => (answered = true));
    await asked;
    expect(answered).toBe(false);
    answer([chunk]);
    expect(await grounding).toEqual({ ok: true, chunks: [chunk] });
  });

  it("settles `asked` and reports the error when the lookup fails before the query", async () => {
    const failure = new Error("no settings");
    const { asked, grounding } = startGrounding(async () => {
      throw failure;
    });
    await asked;
    expect(await grounding).toEqual({ ok: false, error: failure });
  });
});
