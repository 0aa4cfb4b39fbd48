import { describe, expect, it } from "vitest";
import { EXPORT_SECTIONS } from "../../schemas/export";
import { api, expectProblem, newUser } from "../helpers/api";

type Doc = {
  format: string;
  exportedAt: string;
  userId: string;
  sections: Record<string, unknown>;
  manifest: { counts: Record<string, number> };
};

async function exportOf(token: string): Promise<{ res: Response; text: string; doc: Doc }> {
  const res = await api("/v1/me/export", { token });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${text}`);
  return { res, text, doc: JSON.parse(text) as Doc };
}

describe("GET /v1/me/export", () => {
  it("answers 401 without a token", async () => {
    await expectProblem(await api("/v1/me/export"), 401);
  });

  it("streams a download with every section, empty for a new user, and the manifest last", async () => {
    const user = await newUser();
    const { res, text, doc } = await exportOf(user.token);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="edge-coach-export-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(doc.format).toBe("edge-coach-export/1");
    expect(doc.userId).toBe(user.id);
    expect(Object.keys(doc.sections)).toEqual([...EXPORT_SECTIONS]);
    expect(Object.keys(doc)).toEqual(["format", "exportedAt", "userId", "sections", "manifest"]);
    expect(text.lastIndexOf('"manifest"')).toBeGreaterThan(text.lastIndexOf('"sections"'));
  });
});
