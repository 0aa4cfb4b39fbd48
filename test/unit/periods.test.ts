import { describe, expect, it } from "vitest";
import { localTime, periodContaining, periodJustEnded, utcBounds } from "../../workers/domain/periods";

describe("periods in a user's time zone", () => {
  it("weeks run Monday to Sunday", () => {
    expect(periodContaining("week", "2026-11-23")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
    expect(periodContaining("week", "2026-11-29")).toEqual({ from: "2026-11-23", to: "2026-11-29" });
  });

  it("months run from the 1st to the last day, leap years included", () => {
    expect(periodContaining("month", "2028-02-15")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
  });

  it("a Seoul user's week ends at Monday 00:00 Seoul time, which is Sunday 15:00 UTC", () => {
    const at = new Date("2026-11-22T15:20:00Z");
    expect(localTime(at, "Asia/Seoul")).toMatchObject({ date: "2026-11-23", weekday: 1, hour: 0 });
    expect(periodJustEnded("week", at, "Asia/Seoul")).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(periodJustEnded("week", at, "UTC")).toBeNull();
    expect(periodJustEnded("week", at, "America/New_York")).toBeNull();
  });

  it("a month ends in the first local hour of the 1st", () => {
    expect(periodJustEnded("month", new Date("2026-12-01T05:10:00Z"), "America/New_York")).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
    });
    expect(periodJustEnded("month", new Date("2026-12-01T05:10:00Z"), "UTC")).toBeNull();
  });

  it("turns local days into UTC bounds", () => {
    const { start, end } = utcBounds("2026-11-16", "2026-11-22", "Asia/Seoul");
    expect(start.toISOString()).toBe("2026-11-15T15:00:00.000Z");
    expect(end.toISOString()).toBe("2026-11-22T15:00:00.000Z");
    expect(utcBounds("2026-11-01", "2026-11-01", "America/New_York").start.toISOString()).toBe(
      "2026-11-01T04:00:00.000Z",
    );
  });
});
