// When the screen must look at the time again. Statuses ("expiring",
// "expired") and relative dates ("in 5 hours", "in 9 days") change only at
// known instants, so instead of a clock ticking at rest, one timer waits for
// the next instant that changes something shown.
import { parseDate } from "./format";

const HALF_HOUR = 1_800_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** setTimeout's largest delay (about 24.8 days). */
export const MAX_DELAY = 2_147_483_647;

/** The next instant after `now` at which a key with one of these expiries
 *  becomes "expiring within 7 days" or expired; null if none ever will. */
export function nextStatusChange(expiries: Iterable<string | null>, now: Date): number | null {
  const n = now.getTime();
  let next: number | null = null;
  for (const iso of expiries) {
    const t = parseDate(iso)?.getTime();
    if (t === undefined) continue;
    for (const at of [t - WEEK, t]) {
      if (at > n && (next === null || at < next)) next = at;
    }
  }
  return next;
}

/** The next instant after `now` at which the relative text or status of one
 *  of these dates can change: relative dates count hours (rounded) within a
 *  day and whole days beyond, so the text can only change when the distance
 *  crosses a multiple of 30 minutes (near) or of a day (far). */
export function nextTextChange(dates: Iterable<string | null>, now: Date): number | null {
  const n = now.getTime();
  let next: number | null = null;
  for (const iso of dates) {
    const t = parseDate(iso)?.getTime();
    if (t === undefined) continue;
    const diff = t - n;
    const step = Math.abs(diff) <= 2 * DAY ? HALF_HOUR : DAY;
    // The distance shrinks as time passes: the next multiple below it (0 = now).
    const left = ((diff % step) + step) % step;
    const at = n + left;
    if (next === null || at < next) next = at;
  }
  return next;
}

/** Runs `fire` at `at` (ms since the epoch); returns a cancel function. */
export function fireAt(at: number | null, fire: () => void): () => void {
  if (at === null) return () => {};
  const timer = setTimeout(fire, Math.min(MAX_DELAY, Math.max(0, at - Date.now()) + 50));
  return () => clearTimeout(timer);
}
