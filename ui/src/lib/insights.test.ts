import { describe, expect, it } from "vitest";
import {
  axis,
  capWording,
  daysBetween,
  formatUtcDay,
  monthSoFar,
  OTHER,
  OTHER_KEYS,
  runwayText,
  stackByKey,
  stackByModel,
} from "./insights";
import type { DaySpendView, ModelSpendView } from "./types";

const model = (name: string, usage: number): ModelSpendView => ({
  model: name,
  usage,
  byok_usage: 0,
  requests: 1,
  prompt_tokens: 0,
  completion_tokens: 0,
  reasoning_tokens: 0,
});
const day = (date: string, parts: [string, number][]): DaySpendView => ({
  date,
  total: parts.reduce((s, [, v]) => s + v, 0),
  models: parts.map(([m, usage]) => ({ model: m, usage })),
});

describe("stackByModel", () => {
  it("keeps the top models apart and folds the rest into Other", () => {
    const models = ["a", "b", "c", "d", "e", "f", "g"].map((m, i) => model(m, 70 - i * 10));
    const days = [day("2026-03-01", [["a", 2], ["f", 1], ["g", 0.5]]), day("2026-03-02", [])];
    const s = stackByModel(days, models);
    expect(s.series).toEqual(["a", "b", "c", "d", "e", OTHER]);
    expect(s.bars[0]?.segments).toEqual([
      { series: 0, name: "a", amount: 2, y0: 0, y1: 2 },
      { series: 5, name: OTHER, amount: 1.5, y0: 2, y1: 3.5 },
    ]);
    expect(s.bars[1]?.segments).toEqual([]);
    expect(s.max).toBe(3.5);
  });

  it("has no Other series when every model has its own", () => {
    const s = stackByModel([day("2026-03-01", [["a", 1], ["b", 2]])], [model("b", 2), model("a", 1)]);
    expect(s.series).toEqual(["b", "a"]);
    expect(s.bars[0]?.segments.map((x) => [x.name, x.y0, x.y1])).toEqual([
      ["b", 0, 2],
      ["a", 2, 3],
    ]);
  });
});

describe("axis", () => {
  it("rounds the top up to 1, 2 or 5 times a power of ten", () => {
    expect(axis(3.7)).toEqual({ top: 4, steps: [0, 1, 2, 3, 4] });
    expect(axis(0.013).top).toBeCloseTo(0.014);
    expect(axis(0)).toEqual({ top: 1, steps: [0, 0.25, 0.5, 0.75, 1] });
  });
});

describe("days", () => {
  it("shows a UTC day as that day in any time zone and counts days", () => {
    expect(formatUtcDay("2026-03-01", true)).toMatch(/1/);
    expect(formatUtcDay("2026-03-01", true)).toMatch(/2026/);
    expect(daysBetween("2026-02-27", "2026-03-02")).toBe(3);
  });

  it("sums only this month's completed days", () => {
    const days = [day("2026-02-28", [["a", 5]]), day("2026-03-01", [["a", 1.25]]), day("2026-03-02", [["a", 2]])];
    expect(monthSoFar(days, "2026-03-03")).toBe(3.25);
    expect(monthSoFar(days, "2026-03-02")).toBe(1.25);
    expect(monthSoFar(days, "2026-03-01")).toBe(0);
  });
});

describe("runwayText", () => {
  it("says days, less than a day, and what zero spend or no credits mean", () => {
    expect(runwayText({ kind: "days", days: 42 })).toBe("About 42 days of credits left at this rate.");
    expect(runwayText({ kind: "days", days: 1 })).toBe("About 1 day of credits left at this rate.");
    expect(runwayText({ kind: "days", days: 1200 })).toBe("About 1,200 days of credits left at this rate.");
    expect(runwayText({ kind: "days", days: 0 })).toBe("Less than a day of credits left at this rate.");
    expect(runwayText({ kind: "no_spend" })).toMatch(/Nothing was spent in the last 7 days.*not being used up/);
    expect(runwayText({ kind: "no_credits" })).toMatch(/No credits left/);
  });
});

describe("capWording", () => {
  const none = { kind: "none" } as const;
  const interns = (limit: number | null, limit_reset: string | null) =>
    ({ kind: "assigned", id: "g", name: "Interns", limit, limit_reset }) as const;

  it("says when nothing caps the key", () => {
    expect(capWording({ limit: null, limit_reset: null }, none)).toBe(
      "No spending cap: it can spend until the account's credits run out.",
    );
    expect(capWording({ limit: null, limit_reset: null }, interns(null, null))).toBe(
      "No spending cap (its guardrail 'Interns' sets no budget): it can spend until the account's credits run out.",
    );
  });

  it("words a key limit alone, with and without a reset", () => {
    expect(capWording({ limit: 20, limit_reset: "monthly" }, none)).toBe(
      "Can spend at most $20.00 this month: its own limit is $20.00 a month.",
    );
    expect(capWording({ limit: 1234.5, limit_reset: null }, none)).toBe(
      "Can spend at most $1,234.50 in total: its own limit is $1,234.50 in total (it never resets).",
    );
  });

  it("takes the lower cap of one period and keeps different periods apart", () => {
    expect(capWording({ limit: 20, limit_reset: "monthly" }, interns(50, "monthly"))).toBe(
      "Can spend at most $20.00 this month: its own limit is $20.00 a month; its guardrail 'Interns' allows $50.00 a month per key.",
    );
    expect(capWording({ limit: 5, limit_reset: "daily" }, interns(50, "monthly"))).toBe(
      "Can spend at most $5.00 today and $50.00 this month: its own limit is $5.00 a day; its guardrail 'Interns' allows $50.00 a month per key.",
    );
    expect(capWording({ limit: null, limit_reset: null }, interns(10, "weekly"))).toBe(
      "Can spend at most $10.00 this week: its guardrail 'Interns' allows $10.00 a week per key.",
    );
  });
});

describe("stackByKey", () => {
  it("gives each top key its own segment and the rest of the day to Other keys", () => {
    const ws = [day("2026-03-01", [["a", 3]]), day("2026-03-02", [["a", 1]])];
    const ada = { name: "Ada", days: [day("2026-03-01", [["a", 2]]), day("2026-03-02", [["a", 1]])] };
    const bob = { name: "Bob", days: [day("2026-03-01", [["a", 0.5]])] };
    const s = stackByKey(ws, [ada, bob]);
    expect(s.series).toEqual(["Ada", "Bob", OTHER_KEYS]);
    expect(s.bars[0]?.segments.map((x) => [x.name, x.amount])).toEqual([
      ["Ada", 2],
      ["Bob", 0.5],
      [OTHER_KEYS, 0.5],
    ]);
    expect(s.bars[1]?.segments.map((x) => x.name)).toEqual(["Ada"]);
    expect(s.max).toBe(3);
  });
});
