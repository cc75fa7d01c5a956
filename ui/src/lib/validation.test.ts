import { describe, expect, it } from "vitest";
import {
  looksLikeOpenRouterKey,
  parseLocalDateTime,
  parseUsd,
  toUtcIso,
  validateExpiry,
  validateName,
} from "./validation";

describe("parseUsd", () => {
  it.each([
    ["", null],
    ["   ", null],
    ["25", 25],
    ["$25", 25],
    ["$ 25", 25],
    ["1,000.50", 1000.5],
    ["1,234,567", 1234567],
    [".5", 0.5],
    ["0", 0],
    ["1.500", 1.5],
    ["+3", 3],
  ])("accepts %j", (text, expected) => {
    expect(parseUsd(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["-1", "negative"],
    ["1.234", "two decimal"],
    ["1.005", "two decimal"],
    ["12,34", "Not a dollar amount"],
    [",100", "Not a dollar amount"],
    ["1000,000", "Not a dollar amount"],
    ["1e3", "Not a dollar amount"],
    ["12.", "Not a dollar amount"],
    ["NaN", "Not a dollar amount"],
    ["abc", "Not a dollar amount"],
    ["$", "amount"],
    ["1000000001", "too large"],
  ])("rejects %j", (text, fragment) => {
    const r = parseUsd(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(fragment);
  });

  it("accepts exactly the maximum", () => {
    expect(parseUsd("1,000,000,000")).toEqual({ ok: true, value: 1_000_000_000 });
  });
});

describe("validateName", () => {
  it("trims and accepts", () => {
    expect(validateName("  Bot  ")).toEqual({ ok: true, value: "Bot" });
  });
  it("rejects blank", () => {
    expect(validateName("   ").ok).toBe(false);
  });
  it("rejects over 100 characters", () => {
    expect(validateName("x".repeat(200)).ok).toBe(true);
    const r = validateName("x".repeat(201));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("200");
  });
});

describe("expiry", () => {
  const now = new Date(2026, 5, 15, 12, 0, 0); // local time

  it("never → null", () => {
    expect(validateExpiry("never", "", now)).toEqual({ ok: true, value: null });
  });

  it("presets add whole days, in UTC without milliseconds", () => {
    const r = validateExpiry("7", "", now);
    expect(r).toEqual({ ok: true, value: toUtcIso(new Date(now.getTime() + 7 * 86_400_000)) });
    if (r.ok) expect(r.value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("custom local time converts to the same instant in UTC", () => {
    const r = validateExpiry("custom", "2026-12-03T14:00", now);
    expect(r.ok).toBe(true);
    if (r.ok) expect(new Date(r.value!).getTime()).toBe(new Date(2026, 11, 3, 14, 0).getTime());
  });

  it("rejects past, present, empty and impossible dates", () => {
    expect(validateExpiry("custom", "2026-06-15T12:00", now).ok).toBe(false);
    expect(validateExpiry("custom", "2020-01-01T00:00", now).ok).toBe(false);
    expect(validateExpiry("custom", "", now).ok).toBe(false);
    expect(validateExpiry("custom", "2026-02-31T10:00", now).ok).toBe(false);
    expect(validateExpiry("custom", "2026-06-15T12:01", now).ok).toBe(false); // too close
    expect(validateExpiry("custom", "2026-06-15T12:05", now).ok).toBe(true);
    const past = validateExpiry("custom", "2026-06-15T11:59", now);
    expect(past.ok).toBe(false);
    if (!past.ok) expect(past.error).toContain("future");
  });

  it("parseLocalDateTime reads local wall-clock time", () => {
    expect(parseLocalDateTime("2026-03-04T05:06")?.getTime()).toBe(new Date(2026, 2, 4, 5, 6).getTime());
    expect(parseLocalDateTime("garbage")).toBeNull();
  });
});

describe("looksLikeOpenRouterKey", () => {
  it("checks the sk-or- prefix", () => {
    expect(looksLikeOpenRouterKey(" sk-or-v1-abc")).toBe(true);
    expect(looksLikeOpenRouterKey("sk-ant-abc")).toBe(false);
  });
});
