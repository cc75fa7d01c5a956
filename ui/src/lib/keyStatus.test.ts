import { describe, expect, it } from "vitest";
import { makeKey } from "../test/fixtures";
import {
  filterPrepared,
  filtersNeedClock,
  isExpiringSoon,
  isNearLimit,
  keyStatus,
  matchesSearch,
  nextSort,
  prepareKeys,
  recentlyUsed,
  searchText,
  sortKeys,
  statusText,
  visibleKeys,
  NO_FILTERS,
  asciiSortKey,
  collator,
} from "./keyStatus";

const now = new Date("2026-06-01T12:00:00Z");
const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();

describe("keyStatus precedence", () => {
  it("disabled beats everything", () => {
    expect(keyStatus(makeKey({ disabled: true, expires_at: inDays(-1), limit: 5, limit_remaining: 0 }), now).kind).toBe(
      "disabled",
    );
  });
  it("expired beats at limit", () => {
    expect(keyStatus(makeKey({ expires_at: inDays(-1), limit: 5, limit_remaining: 0 }), now).kind).toBe("expired");
  });
  it("at limit beats expiring", () => {
    expect(keyStatus(makeKey({ expires_at: inDays(2), limit: 5, limit_remaining: 0 }), now).kind).toBe("at_limit");
  });
  it("expiring within 7 days, with a day count", () => {
    const s = keyStatus(makeKey({ expires_at: inDays(3) }), now);
    expect(s).toEqual({ kind: "expiring", days: 3 });
    expect(statusText(s)).toBe("Expires in 3 days");
    expect(keyStatus(makeKey({ expires_at: inDays(8) }), now).kind).toBe("active");
  });
  it("no limit is never at limit", () => {
    expect(keyStatus(makeKey({ limit: null, limit_remaining: null }), now).kind).toBe("active");
  });
});

describe("filters", () => {
  it("near limit ⇔ remaining ≤ 20 % of a positive limit", () => {
    expect(isNearLimit(makeKey({ limit: 10, limit_remaining: 2 }))).toBe(true);
    expect(isNearLimit(makeKey({ limit: 10, limit_remaining: 2.01 }))).toBe(false);
    expect(isNearLimit(makeKey({ limit: 0, limit_remaining: 0 }))).toBe(false);
    expect(isNearLimit(makeKey({ limit: null, limit_remaining: null }))).toBe(false);
  });
  it("expiring soon excludes already expired and never-expiring keys", () => {
    expect(isExpiringSoon(makeKey({ expires_at: inDays(7) }), now)).toBe(true);
    expect(isExpiringSoon(makeKey({ expires_at: inDays(-1) }), now)).toBe(false);
    expect(isExpiringSoon(makeKey({ expires_at: null }), now)).toBe(false);
  });
  it("search matches name or label, case-insensitively", () => {
    const k = makeKey({ name: "Marketing Bot", label: "sk-or-v1-XYZ" });
    expect(matchesSearch(k, "market")).toBe(true);
    expect(matchesSearch(k, "xyz")).toBe(true);
    expect(matchesSearch(k, "finance")).toBe(false);
    expect(matchesSearch(k, "  ")).toBe(true);
  });
  it("recently used: monthly spend or used in the last 30 days", () => {
    expect(recentlyUsed(makeKey({ usage_monthly: 0.01 }), now)).toBe(true);
    expect(recentlyUsed(makeKey({ last_used_at: inDays(-29) }), now)).toBe(true);
    expect(recentlyUsed(makeKey({ last_used_at: inDays(-31) }), now)).toBe(false);
    expect(recentlyUsed(makeKey(), now)).toBe(false);
  });
  it("visibleKeys combines search, chips and sort", () => {
    const keys = [
      makeKey({ hash: "a", name: "Alpha", disabled: true }),
      makeKey({ hash: "b", name: "Beta", disabled: true }),
      makeKey({ hash: "c", name: "Gamma" }),
    ];
    const out = visibleKeys(keys, "", { ...NO_FILTERS, disabled: true }, { column: "name", dir: "desc" }, now);
    expect(out.map((k) => k.hash)).toEqual(["b", "a"]);
  });
});

describe("sortKeys", () => {
  const keys = [
    makeKey({ hash: "1", name: "b", usage: 5, limit: null, expires_at: null }),
    makeKey({ hash: "2", name: "a", usage: 10, limit: 20, expires_at: inDays(1) }),
    makeKey({ hash: "3", name: "C", usage: 1, limit: 5, expires_at: inDays(30) }),
  ];
  it("sorts text case-insensitively", () => {
    expect(sortKeys(keys, { column: "name", dir: "asc" }, now).map((k) => k.name)).toEqual(["a", "b", "C"]);
  });
  it("sorts numbers both ways", () => {
    expect(sortKeys(keys, { column: "usage", dir: "desc" }, now).map((k) => k.hash)).toEqual(["2", "1", "3"]);
    expect(sortKeys(keys, { column: "usage", dir: "asc" }, now).map((k) => k.hash)).toEqual(["3", "1", "2"]);
  });
  it("puts missing values last in either direction", () => {
    expect(sortKeys(keys, { column: "limit", dir: "asc" }, now).map((k) => k.hash)).toEqual(["3", "2", "1"]);
    expect(sortKeys(keys, { column: "limit", dir: "desc" }, now).map((k) => k.hash)).toEqual(["2", "3", "1"]);
    expect(sortKeys(keys, { column: "expires_at", dir: "asc" }, now).map((k) => k.hash)).toEqual(["2", "3", "1"]);
  });
  it("sorts by status rank", () => {
    const ks = [makeKey({ hash: "ok" }), makeKey({ hash: "off", disabled: true })];
    expect(sortKeys(ks, { column: "status", dir: "asc" }, now).map((k) => k.hash)).toEqual(["off", "ok"]);
  });
  it("does not mutate its input", () => {
    const copy = [...keys];
    sortKeys(keys, { column: "name", dir: "desc" }, now);
    expect(keys).toEqual(copy);
  });
});

describe("prepared list: sorted once, filtered in order", () => {
  const ks = ["key-10", "Key-2", "beta", "Alpha", "key-1"].map((name, i) =>
    makeKey({ hash: `h${i}`, name, label: i === 2 ? "sk-or-v1-KEY...9" : `sk-or-v1-${i}` }),
  );

  it("filters keep the sort order, by name and by label, case-insensitively", () => {
    const list = prepareKeys(ks, { column: "name", dir: "asc" }, now);
    expect(list.keys.map((k) => k.name)).toEqual(["Alpha", "beta", "key-1", "Key-2", "key-10"]);
    // "beta" matches through its label.
    expect(filterPrepared(list, " KEY ", NO_FILTERS, now).map((k) => k.name)).toEqual(["beta", "key-1", "Key-2", "key-10"]);
    const desc = prepareKeys(ks, { column: "name", dir: "desc" }, now);
    expect(filterPrepared(desc, "key-1", NO_FILTERS, now).map((k) => k.name)).toEqual(["key-10", "key-1"]);
  });

  it("gives the same keys as sorting the filtered list", () => {
    const sort = { column: "name", dir: "desc" } as const;
    for (const q of ["", "k", "key-", "2", "zzz", "SK-OR"]) {
      const once = filterPrepared(prepareKeys(ks, sort, now), q, NO_FILTERS, now);
      const each = sortKeys(ks.filter((k) => matchesSearch(k, q)), sort, now);
      expect(once).toEqual(each);
    }
  });

  it("with no search and no chip, is the sorted list itself (no copy per keystroke)", () => {
    const list = prepareKeys(ks, { column: "name", dir: "asc" }, now);
    expect(filterPrepared(list, "   ", NO_FILTERS, now)).toBe(list.keys);
    expect(list.haystacks).toEqual(list.keys.map(searchText));
  });

  it("only the expiry chips need the clock", () => {
    expect(filtersNeedClock({ ...NO_FILTERS, nearLimit: true, disabled: true })).toBe(false);
    expect(filtersNeedClock({ ...NO_FILTERS, expiring: true })).toBe(true);
    expect(filtersNeedClock({ ...NO_FILTERS, expired: true })).toBe(true);
  });
});

describe("ASCII sort keys", () => {
  const alphabet = "aAbBkKyYzZ0123456789 _-.,:/()#+~";
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const word = () => Array.from({ length: 1 + rnd(9) }, () => alphabet[rnd(alphabet.length)]).join("");

  it("order exactly as the collator does (case ignored, numbers by value)", () => {
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = i % 3 === 0 ? a.toUpperCase().replace(/\d+/, (d) => `0${d}`) : word();
      const ka = asciiSortKey(a) as string;
      const kb = asciiSortKey(b) as string;
      expect(Math.sign(ka < kb ? -1 : ka > kb ? 1 : 0), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(
        Math.sign(collator.compare(a, b)),
      );
    }
  });

  it("are refused for other characters, and such lists sort with the collator", () => {
    expect(asciiSortKey("Café")).toBeNull();
    expect(asciiSortKey("a\tb")).toBeNull();
    const ks = ["Zoë", "zoe", "Zoe 2", "zoe 10", "Émile"].map((name, i) => makeKey({ hash: `${i}`, name }));
    expect(sortKeys(ks, { column: "name", dir: "asc" }, now).map((k) => k.name)).toEqual(
      [...ks.map((k) => k.name)].sort((a, b) => collator.compare(a, b)),
    );
  });

  it("sort 10,000 numbered names like the collator", () => {
    const ks = Array.from({ length: 10_000 }, (_, i) => makeKey({ hash: `h${i}`, name: `key-${(i * 7919) % 10_000}` }));
    const names = sortKeys(ks, { column: "name", dir: "asc" }, now).map((k) => k.name);
    expect(names).toEqual(ks.map((k) => k.name).sort((a, b) => collator.compare(a, b)));
  });
});

describe("header clicks", () => {
  it("sort money largest first and names A–Z on the first click, then flip", () => {
    const byName = { column: "name", dir: "asc" } as const;
    expect(nextSort(byName, "usage_monthly")).toEqual({ column: "usage_monthly", dir: "desc" });
    expect(nextSort(byName, "limit")).toEqual({ column: "limit", dir: "desc" });
    expect(nextSort({ column: "usage", dir: "desc" }, "name")).toEqual({ column: "name", dir: "asc" });
    expect(nextSort({ column: "usage", dir: "desc" }, "expires_at")).toEqual({ column: "expires_at", dir: "asc" });
    expect(nextSort({ column: "usage", dir: "desc" }, "usage")).toEqual({ column: "usage", dir: "asc" });
  });
});
