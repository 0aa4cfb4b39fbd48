import { describe, expect, it } from "vitest";
import type { VectorFilter, VectorMetadata } from "../../schemas/vectors";
import { matchesFilter } from "../../workers/domain/knn";

describe("matchesFilter", () => {
  const meta: VectorMetadata = { team: "core", level: 3, name: "bravo", active: true };
  const matches = (filter: VectorFilter) => matchesFilter(meta, filter);

  it("passes everything when there is no filter", () => {
    expect(matchesFilter(meta, undefined)).toBe(true);
    expect(matchesFilter(meta, {})).toBe(true);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: "core" }, true],
    [{ team: "growth" }, false],
    [{ level: 3 }, true],
    [{ level: "3" }, false],
    [{ active: true }, true],
    [{ active: false }, false],
  ])("treats a bare value as $eq: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: { $eq: "core" } }, true],
    [{ team: { $eq: "infra" } }, false],
    [{ level: { $eq: "3" } }, false],
  ])("$eq matches only an equal value of the same type: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: { $ne: "core" } }, false],
    [{ team: { $ne: "infra" } }, true],
    [{ level: { $ne: "3" } }, true],
  ])("$ne rejects only an equal value: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: { $in: ["infra", "core"] } }, true],
    [{ team: { $in: ["infra", "growth"] } }, false],
    [{ team: { $in: [] } }, false],
  ])("$in matches a value in the list: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ team: { $nin: ["infra", "core"] } }, false],
    [{ team: { $nin: ["infra", "growth"] } }, true],
    [{ team: { $nin: [] } }, true],
  ])("$nin rejects a value in the list: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ level: { $lt: 4 } }, true],
    [{ level: { $lt: 3 } }, false],
    [{ level: { $lte: 3 } }, true],
    [{ level: { $lte: 2 } }, false],
    [{ level: { $gt: 2 } }, true],
    [{ level: { $gt: 3 } }, false],
    [{ level: { $gte: 3 } }, true],
    [{ level: { $gte: 4 } }, false],
  ])("compares numbers with range operators: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<[VectorFilter, boolean]>([
    [{ name: { $lt: "charlie" } }, true],
    [{ name: { $lt: "alpha" } }, false],
    [{ name: { $lte: "bravo" } }, true],
    [{ name: { $gt: "alpha" } }, true],
    [{ name: { $gt: "bravo" } }, false],
    [{ name: { $gte: "bravo" } }, true],
    [{ name: { $gte: "bravo2" } }, false],
  ])("compares strings lexicographically with range operators: %j → %s", (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each<VectorFilter>([{ level: { $lt: "9" } }, { level: { $gte: "0" } }, { name: { $gt: 0 } }])(
    "never matches a range bound of another type: %j",
    (filter) => {
      expect(matches(filter)).toBe(false);
    },
  );

  it.each<VectorFilter>([
    { missing: "core" },
    { missing: { $eq: "core" } },
    { missing: { $in: ["core"] } },
    { missing: { $lt: 5 } },
    { missing: { $lte: 5 } },
    { missing: { $gt: 0 } },
    { missing: { $gte: 0 } },
  ])("fails a missing field on %j", (filter) => {
    expect(matches(filter)).toBe(false);
  });

  it.each<VectorFilter>([{ missing: { $ne: "core" } }, { missing: { $nin: ["core"] } }])(
    "passes a missing field on %j",
    (filter) => {
      expect(matches(filter)).toBe(true);
    },
  );

  it("requires every field clause to hold", () => {
    expect(matches({ team: "core", level: { $gte: 3 } })).toBe(true);
    expect(matches({ team: "core", level: { $gt: 3 } })).toBe(false);
  });

  it("requires every operator within one clause to hold", () => {
    expect(matches({ level: { $gte: 2, $lt: 4 } })).toBe(true);
    expect(matches({ level: { $gte: 2, $lt: 3 } })).toBe(false);
    expect(matches({ team: { $in: ["core", "infra"], $ne: "core" } })).toBe(false);
  });
});
