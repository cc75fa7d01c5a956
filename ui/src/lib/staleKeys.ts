// "No spend in 30 days": keys nobody seems to use, as candidates to disable.
// The key list alone only knows today's, this week's, this month's and the
// lifetime totals; a key's 30-day activity is known only once its page (or
// the overview's top keys) was loaded. Each key is judged on the best of
// these, and the screen says which was used.
import { daysBetween, utcToday } from "./insights";
import type { KeyView, SpendHistoryView } from "./types";

/** What a key's "no spend" rests on: its 30 completed days of activity
 *  (plus today), its lifetime total, or only the current week and month. */
export type StaleBasis = "activity" | "lifetime" | "windows";

export type Staleness = { stale: boolean; basis: StaleBasis };

const DAY_MS = 86_400_000;

/** The UTC day the key list's windows reach back to: the start of this
 *  week (Monday) or of this month, whichever is earlier. */
export function windowsStart(now: Date): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const monday = today - ((now.getUTCDay() + 6) % 7) * DAY_MS;
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return new Date(Math.min(monday, first)).toISOString().slice(0, 10);
}

/** Activity is used only while it reaches yesterday (the last completed day). */
function current(history: SpendHistoryView | undefined, now: Date): history is SpendHistoryView {
  return history !== undefined && daysBetween(history.last_day, utcToday(now)) === 1;
}

export function staleness(key: KeyView, history: SpendHistoryView | undefined, now: Date): Staleness {
  if (current(history, now)) {
    return { stale: history.last_active === null && history.total <= 0 && key.usage_daily <= 0, basis: "activity" };
  }
  if (key.usage <= 0) return { stale: true, basis: "lifetime" };
  const idle = key.usage_daily <= 0 && key.usage_weekly <= 0 && key.usage_monthly <= 0;
  return { stale: idle, basis: "windows" };
}

export type StaleSummary = {
  /** Hashes of the keys with no spend. */
  hashes: Set<string>;
  /** How many of them each basis found. */
  byActivity: number;
  byLifetime: number;
  byWindows: number;
  /** The keys only the windows call idle: their 30 days are worth checking. */
  unsure: string[];
  /** The first UTC day the windows cover. */
  windowsSince: string;
};

/** Judges every key; `history` gives a key's loaded 30-day activity, if any. */
export function findStale(
  keys: readonly KeyView[],
  history: (hash: string) => SpendHistoryView | undefined,
  now: Date,
): StaleSummary {
  const out: StaleSummary = {
    hashes: new Set(),
    byActivity: 0,
    byLifetime: 0,
    byWindows: 0,
    unsure: [],
    windowsSince: windowsStart(now),
  };
  for (const k of keys) {
    const s = staleness(k, history(k.hash), now);
    if (!s.stale) continue;
    out.hashes.add(k.hash);
    if (s.basis === "activity") out.byActivity++;
    else if (s.basis === "lifetime") out.byLifetime++;
    else {
      out.byWindows++;
      out.unsure.push(k.hash);
    }
  }
  return out;
}
