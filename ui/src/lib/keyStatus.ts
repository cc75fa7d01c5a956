// Derived key status, filters, search and sorting for the keys table.
// Pure functions over KeyView so they are cheap to test and to re-run.
import { daysUntil, parseDate } from "./format";
import type { KeyView } from "./types";

export type KeyStatus =
  | { kind: "disabled" }
  | { kind: "expired" }
  | { kind: "at_limit" }
  | { kind: "expiring"; days: number }
  | { kind: "active" };

const WEEK_MS = 7 * 86_400_000;

/** Precedence: disabled > expired > at limit > expiring (≤ 7 days) > active. */
export function keyStatus(key: KeyView, now: Date): KeyStatus {
  if (key.disabled) return { kind: "disabled" };
  const exp = parseDate(key.expires_at);
  if (exp && exp.getTime() <= now.getTime()) return { kind: "expired" };
  if (isAtLimit(key)) return { kind: "at_limit" };
  if (exp && exp.getTime() - now.getTime() <= WEEK_MS) {
    return { kind: "expiring", days: daysUntil(exp, now) };
  }
  return { kind: "active" };
}

export function statusText(s: KeyStatus): string {
  switch (s.kind) {
    case "disabled":
      return "Disabled";
    case "expired":
      return "Expired";
    case "at_limit":
      return "At limit";
    case "expiring":
      return `Expires in ${s.days} day${s.days === 1 ? "" : "s"}`;
    case "active":
      return "Active";
  }
}

/** Sort rank so "worst" states group together. */
const STATUS_RANK: Record<KeyStatus["kind"], number> = {
  disabled: 0,
  expired: 1,
  at_limit: 2,
  expiring: 3,
  active: 4,
};

export function isAtLimit(key: KeyView): boolean {
  return key.limit !== null && key.limit_remaining !== null && key.limit_remaining <= 0;
}

/** Usage within the limit window ≥ 80 % ⇔ remaining ≤ 20 % of the limit. */
export function isNearLimit(key: KeyView): boolean {
  return (
    key.limit !== null &&
    key.limit > 0 &&
    key.limit_remaining !== null &&
    key.limit_remaining <= 0.2 * key.limit
  );
}

/** Not yet expired, and expires within 7 days. */
export function isExpiringSoon(key: KeyView, now: Date): boolean {
  const exp = parseDate(key.expires_at);
  if (!exp) return false;
  const left = exp.getTime() - now.getTime();
  return left > 0 && left <= WEEK_MS;
}

/** Fraction of the limit still available, 0..1; null when there is no limit. */
export function remainingFraction(key: KeyView): number | null {
  if (key.limit === null || key.limit_remaining === null) return null;
  if (key.limit <= 0) return 0;
  return Math.min(1, Math.max(0, key.limit_remaining / key.limit));
}

export type Filters = { disabled: boolean; expiring: boolean; nearLimit: boolean; expired: boolean };
export const NO_FILTERS: Filters = { disabled: false, expiring: false, nearLimit: false, expired: false };

/** Not disabled, and its expiry has passed. */
export function isExpired(key: KeyView, now: Date): boolean {
  const exp = parseDate(key.expires_at);
  return !key.disabled && exp !== null && exp.getTime() <= now.getTime();
}

/** Active chips combine with AND: each narrows the list further. */
export function matchesFilters(key: KeyView, f: Filters, now: Date): boolean {
  if (f.disabled && !key.disabled) return false;
  if (f.expiring && !isExpiringSoon(key, now)) return false;
  if (f.nearLimit && !isNearLimit(key)) return false;
  if (f.expired && !isExpired(key, now)) return false;
  return true;
}

export function matchesSearch(key: KeyView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return key.name.toLowerCase().includes(q) || key.label.toLowerCase().includes(q);
}

export type SortColumn =
  | "name"
  | "label"
  | "status"
  | "usage_daily"
  | "usage_weekly"
  | "usage_monthly"
  | "usage"
  | "limit"
  | "limit_remaining"
  | "byok"
  | "expires_at"
  | "created_at"
  | "guardrail";
export type SortDir = "asc" | "desc";
export type Sort = { column: SortColumn; dir: SortDir };

/** Money columns: people look for the largest amounts first. */
const LARGEST_FIRST: readonly SortColumn[] = [
  "usage_daily",
  "usage_weekly",
  "usage_monthly",
  "usage",
  "limit",
  "limit_remaining",
  "byok",
];

/** The sort after a click on `column`'s header: the same column flips;
 *  another starts largest first for money, A–Z (soonest first) otherwise. */
export function nextSort(current: Sort, column: SortColumn): Sort {
  if (current.column === column) return { column, dir: current.dir === "asc" ? "desc" : "asc" };
  return { column, dir: LARGEST_FIRST.includes(column) ? "desc" : "asc" };
}

export const collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });

// Punctuation in the collator's order (root collation, which puts it before
// digits and digits before letters).
const PUNCT = " _-,;:!?.()[]@/&#%+=~";
const MAX_DIGITS = 30;
// Locales whose collation keeps plain ASCII letters in a–z order.
const ASCII_ORDER = /^(en|de|fr|it|es|pt)(-|$)/;
const asciiKeysFit = ASCII_ORDER.test(collator.resolvedOptions().locale);

/** A string whose plain `<` order is the collator's order (case ignored,
 *  numbers by value), for names of ASCII letters, digits and common
 *  punctuation; null for anything else. Comparing such keys is many times
 *  faster than the collator, which matters when sorting 10,000 names. */
export function asciiSortKey(text: string): string | null {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      // Numbers compare by value: leading zeros dropped, shorter first.
      const digits = text.slice(i, j).replace(/^0+(?=\d)/, "");
      if (digits.length > MAX_DIGITS) return null;
      out += "\u0030" + String.fromCharCode(0x40 + digits.length) + digits;
      i = j;
      continue;
    }
    if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
    else if (c >= 97 && c <= 122) out += text[i];
    else {
      const p = PUNCT.indexOf(text[i] as string);
      if (p < 0) return null;
      out += String.fromCharCode(1 + p);
    }
    i++;
  }
  return out;
}

function time(iso: string | null): number | null {
  const d = parseDate(iso);
  return d ? d.getTime() : null;
}

/** A key's guardrail name, or null for none (it lives outside KeyView). */
export type GuardrailName = (hash: string) => string | null;

/** Sort value for a column; null sorts last in both directions. */
function sortValue(key: KeyView, column: SortColumn, now: Date, guardrail?: GuardrailName): number | string | null {
  switch (column) {
    case "name":
      return key.name;
    case "label":
      return key.label;
    case "status":
      return STATUS_RANK[keyStatus(key, now).kind];
    case "usage_daily":
    case "usage_weekly":
    case "usage_monthly":
    case "usage":
      return key[column];
    case "limit":
      return key.limit;
    case "limit_remaining":
      return key.limit_remaining;
    case "byok":
      return key.include_byok_in_limit ? 1 : 0;
    case "expires_at":
      return time(key.expires_at);
    case "created_at":
      return time(key.created_at);
    case "guardrail":
      return guardrail?.(key.hash) ?? null;
  }
}

export function sortKeys(keys: readonly KeyView[], sort: Sort, now: Date, guardrail?: GuardrailName): KeyView[] {
  const sign = sort.dir === "asc" ? 1 : -1;
  // Precompute values once: status derivation per comparison would be O(n log n) date parses.
  const decorated = keys.map((k) => ({ k, v: sortValue(k, sort.column, now, guardrail), n: k.name }));
  let compareText = (a: string, b: string) => collator.compare(a, b);
  const fast = asciiKeysFit ? asciiKeys(decorated) : null;
  if (fast) {
    decorated.forEach((d, i) => Object.assign(d, fast[i]));
    compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  }
  decorated.sort((a, b) => {
    if (a.v === null && b.v === null) return compareText(a.n, b.n);
    if (a.v === null) return 1;
    if (b.v === null) return -1;
    const c =
      typeof a.v === "string" && typeof b.v === "string"
        ? compareText(a.v, b.v)
        : (a.v as number) - (b.v as number);
    // Ties fall back to name so the order is stable and predictable.
    return c !== 0 ? sign * c : compareText(a.n, b.n);
  });
  return decorated.map((d) => d.k);
}

/** The ASCII sort keys of every name and text value, or null (then the
 *  collator sorts the whole list) when one text has none. */
function asciiKeys(list: readonly { v: number | string | null; n: string }[]): { v: number | string | null; n: string }[] | null {
  const out = [];
  for (const d of list) {
    const n = asciiSortKey(d.n);
    const v = typeof d.v === "string" ? asciiSortKey(d.v) : d.v;
    if (n === null || (typeof d.v === "string" && v === null)) return null;
    out.push({ n, v });
  }
  return out;
}

/** A list sorted once, with each key's lowercase search text alongside, so
 *  a keystroke only filters (in order) and never re-sorts or re-lowercases. */
export type PreparedKeys = { keys: readonly KeyView[]; haystacks: readonly string[] };

/** Name and label, lowercased, in one string (a query never holds a newline). */
export function searchText(key: KeyView): string {
  return `${key.name}\n${key.label}`.toLowerCase();
}

export function prepareKeys(keys: readonly KeyView[], sort: Sort, now: Date, guardrail?: GuardrailName): PreparedKeys {
  const sorted = sortKeys(keys, sort, now, guardrail);
  return { keys: sorted, haystacks: sorted.map(searchText) };
}

export function hasFilters(f: Filters): boolean {
  return f.disabled || f.expiring || f.nearLimit || f.expired;
}

/** Only the expiry chips depend on the time. */
export function filtersNeedClock(f: Filters): boolean {
  return f.expiring || f.expired;
}

/** Search and chips over a prepared list, keeping its sort order. With no
 *  search and no chip, the prepared list itself (no copy). */
export function filterPrepared(list: PreparedKeys, query: string, filters: Filters, now: Date): readonly KeyView[] {
  const q = query.trim().toLowerCase();
  const chips = hasFilters(filters);
  if (!q && !chips) return list.keys;
  const out: KeyView[] = [];
  const { keys, haystacks } = list;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as KeyView;
    if (q && !(haystacks[i] as string).includes(q)) continue;
    if (chips && !matchesFilters(key, filters, now)) continue;
    out.push(key);
  }
  return out;
}

/** Search, filter and sort, as the table shows them. */
export function visibleKeys(
  keys: readonly KeyView[],
  query: string,
  filters: Filters,
  sort: Sort,
  now: Date,
): KeyView[] {
  return [...filterPrepared(prepareKeys(keys, sort, now), query, filters, now)];
}

/** Used in the last 30 days: deleting it likely breaks something. */
export function recentlyUsed(key: KeyView, now: Date): boolean {
  if (key.usage_monthly > 0) return true;
  const last = parseDate(key.last_used_at);
  return last !== null && now.getTime() - last.getTime() <= 30 * 86_400_000;
}
