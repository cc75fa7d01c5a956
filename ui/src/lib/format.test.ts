import { describe, expect, it } from "vitest";
import {
  daysUntil,
  formatAge,
  formatExpiry,
  formatLifetime,
  formatLimit,
  formatRelative,
  formatUsd,
  pluralKeys,
  resetHelpText,
  utcMidnightLocal,
} from "./format";

describe("money", () => {
  it("formats US dollars with cents and separators", () => {
    expect(formatUsd(1234.5)).toBe("$1,234.50");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(-0.0000001)).toBe("$0.00");
    expect(formatUsd(0.125)).toMatch(/^\$0\.1[23]$/);
  });
  it("formats limits with their reset period", () => {
    expect(formatLimit(20, "monthly")).toBe("$20.00 / month");
    expect(formatLimit(5, "daily")).toBe("$5.00 / day");
    expect(formatLimit(5, null)).toBe("$5.00");
    expect(formatLimit(null, "weekly")).toBe("No limit");
    expect(formatLimit(1, "yearly")).toBe("$1.00 / yearly");
  });
});

describe("dates", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  it("counts days up for the future", () => {
    expect(daysUntil(new Date("2026-11-25T18:00:00Z"), now)).toBe(2);
    expect(daysUntil(new Date("2026-12-03T12:00:00Z"), now)).toBe(9);
  });
  it("relative text", () => {
    expect(formatRelative("2026-12-03T12:00:00Z", now)).toBe("in 9 days");
    expect(formatRelative("2026-11-25T12:00:00Z", now)).toBe("in 1 day");
    expect(formatRelative("2026-11-24T17:00:00Z", now)).toBe("in 5 hours");
    expect(formatRelative("2026-11-21T12:00:00Z", now)).toBe("3 days ago");
    expect(formatRelative(null, now)).toBe("");
  });
  it("expiry text", () => {
    expect(formatExpiry(null, now)).toBe("Never");
    expect(formatExpiry("2026-12-03T12:00:00Z", now)).toMatch(/\(in 9 days\)$/);
  });
  it("age", () => {
    expect(formatAge(new Date(now.getTime() - 5000), now)).toBe("5 s ago");
    expect(formatAge(new Date(now.getTime() - 125_000), now)).toBe("2 min ago");
  });
  it("UTC midnight in local time", () => {
    expect(utcMidnightLocal(0)).toBe("00:00");
    expect(utcMidnightLocal(-60)).toBe("01:00"); // UTC+1
    expect(utcMidnightLocal(300)).toBe("19:00"); // UTC-5
    expect(utcMidnightLocal(-330)).toBe("05:30"); // UTC+5:30
    expect(resetHelpText(-60)).toBe("Resets at 00:00 UTC = 01:00 your time; weeks start Monday.");
  });
  it("key counts", () => {
    expect(pluralKeys(1)).toBe("1 key");
    expect(pluralKeys(10000)).toBe("10,000 keys");
  });
});

describe("formatLifetime", () => {
  it("says minutes when whole, seconds otherwise, singular for one", () => {
    expect(formatLifetime(600)).toBe("10 minutes");
    expect(formatLifetime(60)).toBe("1 minute");
    expect(formatLifetime(90)).toBe("90 seconds");
    expect(formatLifetime(1)).toBe("1 second");
  });
});
