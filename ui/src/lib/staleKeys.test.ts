import { describe, expect, it } from "vitest";
import { makeKey } from "../test/fixtures";
import { findStale, staleness, windowsStart } from "./staleKeys";
import type { SpendHistoryView } from "./types";

// Friday 4 December 2026: the week began on Monday 30 November.
const now = new Date("2026-12-04T10:00:00Z");

function history(total: number, lastDay = "2026-12-03"): SpendHistoryView {
  return {
    first_day: "2026-11-04",
    last_day: lastDay,
    days: [],
    models: [],
    total,
    burn_rate: 0,
    last_active: total > 0 ? "2026-11-10" : null,
  };
}

describe("windowsStart", () => {
  it("is the earlier of this week's Monday and the 1st of the month (UTC)", () => {
    expect(windowsStart(now)).toBe("2026-11-30");
    // Wednesday 16 December: the month began earlier than the week.
    expect(windowsStart(new Date("2026-12-16T23:00:00Z"))).toBe("2026-12-01");
    // A Monday that is the 1st.
    expect(windowsStart(new Date("2027-03-01T08:00:00Z"))).toBe("2027-03-01");
  });
});

describe("staleness", () => {
  const spentLongAgo = makeKey({ usage: 50 });

  it("uses the 30-day activity when it reaches yesterday", () => {
    expect(staleness(spentLongAgo, history(0), now)).toEqual({ stale: true, basis: "activity" });
    expect(staleness(spentLongAgo, history(3.2), now)).toEqual({ stale: false, basis: "activity" });
    // Today's spend is not in the activity: the key list's today counts.
    expect(staleness(makeKey({ usage: 50, usage_daily: 0.1 }), history(0), now).stale).toBe(false);
  });

  it("falls back when the activity is missing or out of date", () => {
    const old = history(0, "2026-12-01");
    expect(staleness(spentLongAgo, old, now)).toEqual({ stale: true, basis: "windows" });
    expect(staleness(spentLongAgo, undefined, now)).toEqual({ stale: true, basis: "windows" });
  });

  it("a key that never spent anything is stale for sure", () => {
    expect(staleness(makeKey({ usage: 0 }), undefined, now)).toEqual({ stale: true, basis: "lifetime" });
  });

  it("any spend in this week, month or today keeps a key off the list", () => {
    for (const w of ["usage_daily", "usage_weekly", "usage_monthly"] as const) {
      expect(staleness(makeKey({ usage: 5, [w]: 1 }), undefined, now)).toEqual({ stale: false, basis: "windows" });
    }
  });
});

describe("findStale", () => {
  it("counts each basis and lists the stale keys", () => {
    const keys = [
      makeKey({ hash: "a", usage: 9 }), // activity says idle
      makeKey({ hash: "b", usage: 9 }), // activity says spent
      makeKey({ hash: "c", usage: 0 }), // never spent
      makeKey({ hash: "d", usage: 9 }), // windows idle
      makeKey({ hash: "e", usage: 9, usage_monthly: 2, usage_weekly: 1 }),
    ];
    const pages: Record<string, SpendHistoryView> = { a: history(0), b: history(4) };
    const s = findStale(keys, (h) => pages[h], now);
    expect([...s.hashes]).toEqual(["a", "c", "d"]);
    expect(s).toMatchObject({ byActivity: 1, byLifetime: 1, byWindows: 1, unsure: ["d"], windowsSince: "2026-11-30" });
  });
});
