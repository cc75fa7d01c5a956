import { describe, expect, it } from "vitest";
import { makeKey } from "../test/fixtures";
import { computeOverview } from "./overview";

const now = new Date("2026-06-01T12:00:00Z");

describe("computeOverview", () => {
  it("sums spend over all keys and counts statuses", () => {
    const keys = [
      makeKey({ hash: "a", usage_daily: 1, usage_weekly: 2, usage_monthly: 3, usage: 10 }),
      makeKey({ hash: "b", disabled: true, usage_daily: 0.5, usage_weekly: 1, usage_monthly: 1.5, usage: 5 }),
      makeKey({ hash: "c", expires_at: "2026-05-01T00:00:00Z", usage: 1 }),
    ];
    const o = computeOverview(keys, now);
    expect(o.spend).toEqual({ daily: 1.5, weekly: 3, monthly: 4.5, lifetime: 16 });
    expect(o.counts).toEqual({ active: 1, disabled: 1, expired: 1, total: 3 });
  });

  it("ranks the top 10 by monthly spend and skips keys without spend", () => {
    const keys = Array.from({ length: 12 }, (_, i) => makeKey({ hash: `k${i}`, name: `K${i}`, usage_monthly: i }));
    const o = computeOverview(keys, now);
    expect(o.top.map((k) => k.hash)).toEqual(["k11", "k10", "k9", "k8", "k7", "k6", "k5", "k4", "k3", "k2"]);
    expect(computeOverview([makeKey({ usage_monthly: 0 })], now).top).toEqual([]);
  });

  it("lists live keys near their limit or expiring within 7 days", () => {
    const keys = [
      makeKey({ hash: "near", limit: 10, limit_remaining: 1 }),
      makeKey({ hash: "ok", limit: 10, limit_remaining: 5 }),
      makeKey({ hash: "near-disabled", disabled: true, limit: 10, limit_remaining: 0 }),
      makeKey({ hash: "soon", expires_at: "2026-06-05T00:00:00Z" }),
      makeKey({ hash: "later", expires_at: "2026-07-05T00:00:00Z" }),
    ];
    const o = computeOverview(keys, now);
    expect(o.nearLimit.map((k) => k.hash)).toEqual(["near"]);
    expect(o.expiring.map((k) => k.hash)).toEqual(["soon"]);
  });
});

describe("urgent lists", () => {
  it("list the soonest expiry and the least remaining first, before any cut", () => {
    const now = new Date("2026-12-02T12:00:00Z");
    const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();
    const keys = [
      ...Array.from({ length: 10 }, (_, i) => makeKey({ hash: `late${i}`, name: `Late ${i}`, expires_at: inDays(6.9) })),
      makeKey({ hash: "soon", name: "Soon", expires_at: inDays(2) }),
      makeKey({ hash: "n1", name: "Near 1", limit: 100, limit_remaining: 15 }),
      makeKey({ hash: "n2", name: "Near 2", limit: 10, limit_remaining: 0.5 }),
    ];
    const o = computeOverview(keys, now);
    expect(o.expiring[0]?.hash).toBe("soon");
    expect(o.expiring.slice(0, 10).map((k) => k.hash)).toContain("soon");
    expect(o.nearLimit.map((k) => k.hash)).toEqual(["n2", "n1"]);
  });
});
