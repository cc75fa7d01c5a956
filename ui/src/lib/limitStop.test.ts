import { describe, expect, it } from "vitest";
import { makeKey } from "../test/fixtures";
import { checkStop, stopText, windowSpend } from "./limitStop";

const key = makeKey({
  limit: null,
  limit_reset: null,
  usage: 120,
  usage_daily: 2,
  usage_weekly: 9.5,
  usage_monthly: 37.4,
  byok_usage: 10,
  byok_usage_monthly: 5,
});

describe("limit stops", () => {
  it("counts the spend of the new limit's window, BYOK when the key counts it", () => {
    expect(windowSpend(key, "monthly", false)).toBe(37.4);
    expect(windowSpend(key, "monthly", true)).toBeCloseTo(42.4);
    expect(windowSpend(key, null, false)).toBe(120);
  });

  it("stops a working key at or below its spend, never one already stopped", () => {
    expect(checkStop(key, { limit: 20, reset: "monthly", byok: false })).toEqual({
      spent: 37.4,
      limit: 20,
      limit_reset: "monthly",
    });
    expect(checkStop(key, { limit: 9.5, reset: "weekly", byok: false })).not.toBeNull();
    expect(checkStop(key, { limit: 9.51, reset: "weekly", byok: false })).toBeNull();
    expect(checkStop({ ...key, disabled: true }, { limit: 1, reset: null, byok: false })).toBeNull();
    const over = { ...key, limit: 10, limit_reset: "monthly" };
    expect(checkStop(over, { limit: 5, reset: "monthly", byok: false })).toBeNull();
  });

  it("words the stop as people read it", () => {
    expect(stopText({ spent: 37.4, limit: 20, limit_reset: "monthly" })).toBe(
      "Stops this key now (spent $37.40 of a new $20.00 monthly limit)",
    );
    expect(stopText({ spent: 120, limit: 50, limit_reset: null })).toBe(
      "Stops this key now (spent $120.00 of a new $50.00 limit)",
    );
  });
});
