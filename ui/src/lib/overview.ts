// Account overview figures, derived from the full key list of a workspace.
import { isExpired, isExpiringSoon, isNearLimit } from "./keyStatus";
import type { KeyView } from "./types";

export type Spend = { daily: number; weekly: number; monthly: number; lifetime: number };
export type Overview = {
  spend: Spend;
  /** Top keys by spend this month (highest first). */
  top: KeyView[];
  /** Keys at ≥ 80 % of their limit, least remaining first. */
  nearLimit: KeyView[];
  /** Keys expiring within 7 days, soonest first. */
  expiring: KeyView[];
  counts: { active: number; disabled: number; expired: number; total: number };
};

export const TOP_N = 10;

export function computeOverview(keys: readonly KeyView[], now: Date): Overview {
  const spend: Spend = { daily: 0, weekly: 0, monthly: 0, lifetime: 0 };
  const counts = { active: 0, disabled: 0, expired: 0, total: keys.length };
  const nearLimit: KeyView[] = [];
  const expiring: KeyView[] = [];
  for (const k of keys) {
    spend.daily += k.usage_daily;
    spend.weekly += k.usage_weekly;
    spend.monthly += k.usage_monthly;
    spend.lifetime += k.usage;
    if (k.disabled) counts.disabled++;
    else if (isExpired(k, now)) counts.expired++;
    else counts.active++;
    // Only keys that still work: the keys list shows these without "Show disabled and expired".
    const live = !k.disabled && !isExpired(k, now);
    if (live && isNearLimit(k)) nearLimit.push(k);
    if (live && isExpiringSoon(k, now)) expiring.push(k);
  }
  // Lists are cut to their first rows on screen: the most urgent go first.
  nearLimit.sort((a, b) => remainingShare(a) - remainingShare(b) || a.name.localeCompare(b.name));
  expiring.sort((a, b) => expiryTime(a) - expiryTime(b) || a.name.localeCompare(b.name));
  const top = keys
    .filter((k) => k.usage_monthly > 0)
    .sort((a, b) => b.usage_monthly - a.usage_monthly || a.name.localeCompare(b.name))
    .slice(0, TOP_N);
  return { spend, top, nearLimit, expiring, counts };
}

/** The share of the limit still available (0 = none left). */
function remainingShare(k: KeyView): number {
  if (k.limit === null || k.limit <= 0) return 0;
  const left = k.limit_remaining ?? k.limit;
  return left / k.limit;
}

function expiryTime(k: KeyView): number {
  const t = k.expires_at ? Date.parse(k.expires_at) : NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}
