import { describe, expect, it } from "vitest";
import { addDays, dayBounds, daysTouched, localDay, localHour } from "../../workers/domain/lifelog/days";
import { summarizeDay } from "../../workers/domain/lifelog/summary";
import type { Block } from "../../workers/domain/lifelog/types";
import { CATEGORIES } from "../../schemas/lifelog";

const at = (iso: string) => Date.parse(iso);
const hoursOf = (b: { start: number; end: number }) => (b.end - b.start) / 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const block = (start: string, end: string, category: Block["category"]): Block => ({
  id: "tl_test00",
  start: at(start),
  end: at(end),
  category,
  confidence: 0.8,
  source: "location",
  sourceEventIds: [],
  geo: { place: null },
  classifiedBy: "baseline",
});

const slot = (hours: number[], hour: number, category: Block["category"]) =>
  hours[hour * CATEGORIES.length + CATEGORIES.indexOf(category)];

describe("local days", () => {
  it("a Seoul day runs from 15:00 UTC the day before, 24 hours", () => {
    const b = dayBounds("2026-05-01", "Asia/Seoul");
    expect(iso(b.start)).toBe("2026-04-30T15:00:00.000Z");
    expect(hoursOf(b)).toBe(24);
  });

  it("the day New York springs forward is 23 hours and the day it falls back 25", () => {
    const spring = dayBounds("2026-03-08", "America/New_York");
    expect(iso(spring.start)).toBe("2026-03-08T05:00:00.000Z");
    expect(hoursOf(spring)).toBe(23);
    const fall = dayBounds("2026-11-01", "America/New_York");
    expect(iso(fall.start)).toBe("2026-11-01T04:00:00.000Z");
    expect(hoursOf(fall)).toBe(25);
  });

  it("where the clock skips midnight the day starts at 01:00, the first instant it has", () => {
    const santiago = dayBounds("2026-09-06", "America/Santiago");
    expect(iso(santiago.start)).toBe("2026-09-06T04:00:00.000Z");
    expect(localHour(santiago.start, "America/Santiago")).toBe(1);
    expect(localDay(santiago.start - 1, "America/Santiago")).toBe("2026-09-05");
    expect(hoursOf(santiago)).toBe(23);
    const beirut = dayBounds("2010-03-28", "Asia/Beirut");
    expect(iso(beirut.start)).toBe("2010-03-27T22:00:00.000Z");
    expect(hoursOf(beirut)).toBe(23);
  });

  it("consecutive days share their boundary", () => {
    expect(dayBounds("2026-11-01", "America/New_York").end).toBe(dayBounds("2026-11-02", "America/New_York").start);
  });

  it("reads the local day and hour of an instant", () => {
    expect(localDay(at("2026-04-30T15:00:00Z"), "Asia/Seoul")).toBe("2026-05-01");
    expect(localDay(at("2026-04-30T14:59:59Z"), "Asia/Seoul")).toBe("2026-04-30");
    expect(localHour(at("2026-11-01T05:30:00Z"), "America/New_York")).toBe(1);
    expect(localHour(at("2026-11-01T06:30:00Z"), "America/New_York")).toBe(1);
  });

  it("adds days across months and leap days", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
  });
});

describe("the days an event touches", () => {
  const at = (iso: string) => Date.parse(iso);

  it("is the start's day alone for an event within a day, and up to an end at midnight", () => {
    expect(daysTouched({ start: at("2026-03-10T10:00:00Z"), end: at("2026-03-10T11:00:00Z") }, "UTC")).toEqual([
      "2026-03-10",
    ]);
    expect(daysTouched({ start: at("2026-03-10T23:00:00Z"), end: at("2026-03-11T00:00:00Z") }, "UTC")).toEqual([
      "2026-03-10",
    ]);
  });

  it("counts local days, so a night in Seoul spans two of them", () => {
    const night = { start: at("2026-03-10T13:00:00Z"), end: at("2026-03-10T16:00:00Z") }; // 22:00–01:00 KST
    expect(daysTouched(night, "Asia/Seoul")).toEqual(["2026-03-10", "2026-03-11"]);
    expect(daysTouched(night, "UTC")).toEqual(["2026-03-10"]);
  });

  it("takes three days when 24 hours cover a whole 23-hour day", () => {
    // 2026-03-07 23:30 EST to 2026-03-09 00:30 EDT: all of the 23-hour 8 March and a piece either side
    const span = { start: at("2026-03-08T04:30:00Z"), end: at("2026-03-09T04:30:00Z") };
    expect(daysTouched(span, "America/New_York")).toEqual(["2026-03-07", "2026-03-08", "2026-03-09"]);
  });
});

describe("a day's summary", () => {
  it("counts minutes per category with every category present", () => {
    const s = summarizeDay([block("2026-05-01T00:00:00Z", "2026-05-01T01:30:00Z", "work")], "2026-05-01", "Asia/Seoul");
    expect(Object.keys(s.minutes).sort()).toEqual([...CATEGORIES].sort());
    expect(s.minutes.work).toBe(90);
    expect(s.minutes.sleep).toBe(0);
    expect(s.exercise).toBe(false);
  });

  it("puts minutes in the local hour they happened in", () => {
    // 09:00–10:30 Seoul time
    const s = summarizeDay([block("2026-05-01T00:00:00Z", "2026-05-01T01:30:00Z", "work")], "2026-05-01", "Asia/Seoul");
    expect(s.hours).toHaveLength(240);
    expect(slot(s.hours, 9, "work")).toBe(60);
    expect(slot(s.hours, 10, "work")).toBe(30);
    expect(s.hours.reduce((a, b) => a + b, 0)).toBe(90);
  });

  it("adds the repeated hour of a 25-hour day into one slot", () => {
    const day = dayBounds("2026-11-01", "America/New_York");
    const sleep = block(iso(day.start), iso(day.start + 3 * 3_600_000), "sleep");
    const s = summarizeDay([sleep], "2026-11-01", "America/New_York");
    expect(slot(s.hours, 0, "sleep")).toBe(60);
    expect(slot(s.hours, 1, "sleep")).toBe(120);
    expect(slot(s.hours, 2, "sleep")).toBe(0);
  });

  it("leaves the skipped hour of a 23-hour day empty", () => {
    const day = dayBounds("2026-03-08", "America/New_York");
    const s = summarizeDay([block(iso(day.start), iso(day.end), "rest")], "2026-03-08", "America/New_York");
    expect(slot(s.hours, 2, "rest")).toBe(0);
    expect(slot(s.hours, 3, "rest")).toBe(60);
    expect(s.minutes.rest).toBe(23 * 60);
  });

  it("counts only the part of a block inside the day and marks exercise days", () => {
    const s = summarizeDay(
      [block("2026-04-30T14:30:00Z", "2026-04-30T15:45:00Z", "exercise")],
      "2026-05-01",
      "Asia/Seoul",
    );
    expect(s.minutes.exercise).toBe(45);
    expect(s.exercise).toBe(true);
  });
});
