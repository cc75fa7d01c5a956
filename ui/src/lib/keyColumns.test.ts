import { describe, expect, it } from "vitest";
import {
  ACTIONS_WIDTH,
  CHECK_WIDTH,
  COLUMNS,
  DEFAULT_COLUMNS,
  byPriority,
  layoutColumns,
  readColumns,
  toggleColumn,
} from "./keyColumns";

const FIXED = ACTIONS_WIDTH + CHECK_WIDTH;
const ids = (l: ReturnType<typeof layoutColumns>) => l.shown.map((c) => c.def.id);
const total = (l: ReturnType<typeof layoutColumns>) => l.shown.reduce((s, c) => s + c.width, 0);

describe("key table columns", () => {
  it("shows what finance scans for by default, in table order", () => {
    expect(DEFAULT_COLUMNS).toEqual(["name", "status", "usage_monthly", "limit", "expires_at", "guardrail"]);
    const l = layoutColumns(DEFAULT_COLUMNS, 1150, FIXED);
    expect(ids(l)).toEqual(["name", "status", "usage_monthly", "limit", "expires_at", "guardrail"]);
    expect(l.dropped).toEqual([]);
  });

  it("fills exactly the width it has, never more (no sideways scrolling)", () => {
    for (const width of [700, 850, 1000, 1150, 1600]) {
      const l = layoutColumns(DEFAULT_COLUMNS, width, FIXED);
      expect(total(l) + FIXED).toBe(width);
      for (const c of l.shown) expect(c.width).toBeGreaterThanOrEqual(c.def.min);
    }
  });

  it("gives each column its preferred width when there is room, the rest to the name", () => {
    const l = layoutColumns(DEFAULT_COLUMNS, 2000, FIXED);
    const status = l.shown.find((c) => c.def.id === "status")!;
    expect(status.width).toBe(status.def.width);
    const name = l.shown.find((c) => c.def.id === "name")!;
    expect(name.width).toBeGreaterThan(name.def.width);
  });

  it("drops the least important chosen columns first at narrow widths, and says which", () => {
    const chosen = [...DEFAULT_COLUMNS, "usage_daily" as const, "created_at" as const];
    const wide = layoutColumns(chosen, 1150, FIXED);
    expect(wide.dropped).toEqual([]);
    const narrow = layoutColumns(chosen, 860, FIXED);
    // Extra columns step aside before any default one.
    expect(narrow.dropped.map((c) => c.id)).toEqual(["guardrail", "usage_daily", "created_at"]);
    expect(ids(narrow)).toEqual(["name", "status", "usage_monthly", "limit", "expires_at"]);
    const tiny = layoutColumns(chosen, 600, FIXED);
    expect(ids(tiny)).toEqual(["name", "status"]);
    expect(tiny.dropped.map((c) => c.id)).toEqual([
      "usage_monthly",
      "limit",
      "expires_at",
      "guardrail",
      "usage_daily",
      "created_at",
    ]);
  });

  it("always keeps the name", () => {
    const l = layoutColumns([], 100, FIXED);
    expect(ids(l)).toEqual(["name"]);
    expect(byPriority(["usage"])).toEqual(["name", "usage"]);
  });

  it("offers the rest in the picker: masked key, today, week, lifetime, created", () => {
    const extra = COLUMNS.map((c) => c.id).filter((id) => !DEFAULT_COLUMNS.includes(id));
    expect(extra).toEqual(expect.arrayContaining(["label", "usage_daily", "usage_weekly", "usage", "created_at"]));
  });

  it("reads a remembered choice and falls back to the defaults", () => {
    expect(readColumns(null)).toEqual(DEFAULT_COLUMNS);
    expect(readColumns("not json")).toEqual(DEFAULT_COLUMNS);
    expect(readColumns('{"a":1}')).toEqual(DEFAULT_COLUMNS);
    // Unknown ids (a column that no longer exists) and repeats are dropped.
    expect(readColumns('["name","usage","gone","usage"]')).toEqual(["name", "usage"]);
    expect(readColumns("[]")).toEqual([]);
  });

  it("toggles a column; a new one is the least important", () => {
    expect(toggleColumn(["name", "status"], "status")).toEqual(["name"]);
    expect(toggleColumn(["name", "status"], "usage")).toEqual(["name", "status", "usage"]);
    expect(toggleColumn(["name"], "name")).toEqual(["name"]);
  });
});

describe("the column the list is sorted by", () => {
  it("is shown even when not chosen, and kept before the other columns at narrow widths", () => {
    const wide = layoutColumns(DEFAULT_COLUMNS, 1150, FIXED, "usage_daily");
    expect(ids(wide)).toEqual([
      "name",
      "status",
      "usage_daily",
      "usage_monthly",
      "limit",
      "expires_at",
      "guardrail",
    ]);
    const narrow = layoutColumns(DEFAULT_COLUMNS, 860, FIXED, "usage_daily");
    expect(ids(narrow)).toContain("usage_daily");
    expect(narrow.dropped.map((c) => c.id)).toEqual(["expires_at", "guardrail"]);
    // Sorted by a column already shown: nothing changes.
    expect(layoutColumns(DEFAULT_COLUMNS, 860, FIXED, "status")).toEqual(layoutColumns(DEFAULT_COLUMNS, 860, FIXED));
  });
});
