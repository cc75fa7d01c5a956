import { describe, expect, it } from "vitest";
import { clickRow, countSelected, headerState, pruneSelection, selectedKeys, toggleAllVisible } from "./selection";

const rows = ["a", "b", "c", "d", "e", "f"].map((hash) => ({ hash }));
const sorted = (s: Set<string>) => [...s].sort();

describe("row selection", () => {
  it("a plain click toggles one row and becomes the anchor", () => {
    let sel = clickRow(new Set(), null, rows, 1, false);
    expect(sorted(sel.selected)).toEqual(["b"]);
    expect(sel.anchor).toBe("b");
    sel = clickRow(sel.selected, sel.anchor, rows, 1, false);
    expect(sorted(sel.selected)).toEqual([]);
  });

  it("shift+click selects the range from the anchor, forwards and backwards", () => {
    const first = clickRow(new Set(), null, rows, 1, false);
    const fwd = clickRow(first.selected, first.anchor, rows, 4, true);
    expect(sorted(fwd.selected)).toEqual(["b", "c", "d", "e"]);
    expect(fwd.anchor).toBe("b");
    // A second shift+click re-spans from the same anchor.
    const back = clickRow(new Set(["d"]), "d", rows, 0, true);
    expect(sorted(back.selected)).toEqual(["a", "b", "c", "d"]);
  });

  it("shift+click on a selected row clears the range", () => {
    const out = clickRow(new Set(["a", "b", "c", "d", "e"]), "b", rows, 3, true);
    expect(sorted(out.selected)).toEqual(["a", "e"]);
  });

  it("shift+click without a visible anchor acts like a plain click", () => {
    const out = clickRow(new Set(), "gone", rows, 2, true);
    expect(sorted(out.selected)).toEqual(["c"]);
    expect(out.anchor).toBe("c");
  });

  it("never mutates its input", () => {
    const input = new Set(["a"]);
    clickRow(input, "a", rows, 3, true);
    toggleAllVisible(input, rows);
    expect(sorted(input)).toEqual(["a"]);
  });

  it("header checkbox selects all shown rows, then clears them, keeping hidden selections", () => {
    const shown = rows.slice(0, 3);
    const all = toggleAllVisible(new Set(["f"]), shown);
    expect(sorted(all)).toEqual(["a", "b", "c", "f"]);
    expect(headerState(countSelected(all, shown), shown.length)).toBe("all");
    const cleared = toggleAllVisible(all, shown);
    expect(sorted(cleared)).toEqual(["f"]);
    expect(headerState(countSelected(new Set(["a"]), shown), shown.length)).toBe("some");
    expect(headerState(0, 3)).toBe("none");
  });

  it("prunes hashes of keys that are gone and lists selected keys in list order", () => {
    expect(sorted(pruneSelection(new Set(["a", "zz"]), rows))).toEqual(["a"]);
    expect(selectedKeys(new Set(["e", "a"]), rows).map((r) => r.hash)).toEqual(["a", "e"]);
  });

  it("handles 10,000 rows quickly", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ hash: `h${i}` }));
    const t = performance.now();
    const first = clickRow(new Set(), null, many, 10, false);
    const range = clickRow(first.selected, first.anchor, many, 9_990, true);
    expect(range.selected.size).toBe(9_981);
    expect(countSelected(range.selected, many)).toBe(9_981);
    expect(performance.now() - t).toBeLessThan(200);
  });
});
