// Whether a new limit stops a working key at once: the same rule as the
// backend's (keyhold-ops limit_stop), so the edit form can warn while typing.
import { formatUsd } from "./format";
import type { KeyView, LimitStop } from "./types";

const WINDOW_WORDS: Record<string, string> = { daily: "today", weekly: "this week", monthly: "this month" };

/** Spend counted against a limit resetting every `reset` (null: all time). */
export function windowSpend(key: KeyView, reset: string | null, byokInLimit: boolean): number {
  const [usage, byok] =
    reset === "daily"
      ? [key.usage_daily, key.byok_usage_daily]
      : reset === "weekly"
        ? [key.usage_weekly, key.byok_usage_weekly]
        : reset === "monthly"
          ? [key.usage_monthly, key.byok_usage_monthly]
          : [key.usage, key.byok_usage];
  return byokInLimit ? usage + byok : usage;
}

/** "this month", "today", "this week", or "in all" for a limit that never resets. */
export function windowWords(reset: string | null): string {
  return (reset && WINDOW_WORDS[reset]) || "in all";
}

function reached(key: KeyView, limit: number | null, reset: string | null, byok: boolean): boolean {
  return limit !== null && windowSpend(key, reset, byok) + 0.0005 >= limit;
}

/** The stop a new cap would cause on this key, or null when it keeps working
 *  (or does not work today anyway: disabled or already at its limit). */
export function checkStop(
  key: KeyView,
  cap: { limit: number | null; reset: string | null; byok: boolean },
): LimitStop | null {
  const worksNow = !key.disabled && !reached(key, key.limit, key.limit_reset, key.include_byok_in_limit);
  if (!worksNow || cap.limit === null || !reached(key, cap.limit, cap.reset, cap.byok)) return null;
  return { spent: windowSpend(key, cap.reset, cap.byok), limit: cap.limit, limit_reset: cap.reset };
}

/** "Stops this key now (spent $37.40 of a new $20.00 monthly limit)". */
export function stopText(stop: LimitStop): string {
  const kind = stop.limit_reset ? `${stop.limit_reset} ` : "";
  return `Stops this key now (spent ${formatUsd(stop.spent)} of a new ${formatUsd(stop.limit)} ${kind}limit)`;
}
