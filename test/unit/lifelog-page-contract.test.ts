import { describe, expect, it } from "vitest";
import { CATEGORIES, SOURCES } from "../../schemas/lifelog";

// the page is plain JavaScript with no build step (and no types), so it keeps its own copy of the lists
const PAGE_CONTRACT: string = "../../public/lifelog/contract.js";
const page = (await import(PAGE_CONTRACT)) as {
  CATEGORIES: string[];
  SOURCES: string[];
  PALETTE: Record<string, unknown>;
};

describe("the life-log page's copy of the contract", () => {
  it("lists the API's categories and sources, in the API's order", () => {
    expect(page.CATEGORIES).toEqual([...CATEGORIES]);
    expect(page.SOURCES).toEqual([...SOURCES]);
  });

  it("has a colour for every category", () => {
    expect(Object.keys(page.PALETTE).sort()).toEqual([...CATEGORIES].sort());
  });
});
