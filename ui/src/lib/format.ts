// Display formatting: money in US dollars, dates in the person's local time.

const usd = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

const DAY_MS = 86_400_000;

/** `1234.5` → `$1,234.50`. */
export function formatUsd(amount: number): string {
  // Avoid "-$0.00" from tiny negative float noise.
  return usd.format(Math.abs(amount) < 0.005 ? 0 : amount);
}

const RESET_WORDS: Record<string, string> = { daily: "day", weekly: "week", monthly: "month" };

/** `(20, "monthly")` → `$20.00 / month`; no limit → `No limit`. */
export function formatLimit(limit: number | null, reset: string | null): string {
  if (limit === null) return "No limit";
  const base = formatUsd(limit);
  if (!reset) return base;
  return `${base} / ${RESET_WORDS[reset] ?? reset}`;
}

/** Parses an RFC 3339 string; null when missing or unparseable. */
export function parseDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Local date and time, e.g. `3 Dec 2026, 14:00` (locale dependent). */
export function formatDateTime(iso: string | null | undefined): string {
  const d = parseDate(iso);
  return d ? dateTime.format(d) : "—";
}

export function formatDate(iso: string | null | undefined): string {
  const d = parseDate(iso);
  return d ? dateOnly.format(d) : "—";
}

/** Whole days from `now` until `date`, rounded up for the future (a key that
 *  expires in 30 hours expires "in 2 days", never "in 1 day" too early). */
export function daysUntil(date: Date, now: Date): number {
  const diff = date.getTime() - now.getTime();
  return diff >= 0 ? Math.ceil(diff / DAY_MS) : -Math.ceil(-diff / DAY_MS);
}

/** "in 9 days", "in 1 day", "in 5 hours", "3 days ago", "today". */
export function formatRelative(iso: string | null | undefined, now: Date): string {
  const d = parseDate(iso);
  if (!d) return "";
  const diff = d.getTime() - now.getTime();
  const abs = Math.abs(diff);
  if (abs < DAY_MS) {
    const hours = Math.round(abs / 3_600_000);
    if (hours < 1) return diff >= 0 ? "in less than an hour" : "less than an hour ago";
    const h = `${hours} hour${hours === 1 ? "" : "s"}`;
    return diff >= 0 ? `in ${h}` : `${h} ago`;
  }
  const days = Math.abs(daysUntil(d, now));
  const n = `${days} day${days === 1 ? "" : "s"}`;
  return diff >= 0 ? `in ${n}` : `${n} ago`;
}

/** "3 Dec 2026, 14:00 (in 9 days)" or "Never". */
export function formatExpiry(iso: string | null | undefined, now: Date): string {
  if (!iso) return "Never";
  const d = parseDate(iso);
  if (!d) return "Unknown";
  return `${formatDateTime(iso)} (${formatRelative(iso, now)})`;
}

/** "Updated 5 s ago" style age, in seconds/minutes/hours. */
export function formatAge(since: Date, now: Date): string {
  const secs = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000));
  if (secs < 60) return `${secs} s ago`;
  const mins = Math.floor(secs / 60);
  if (mins < 60) return `${mins} min ago`;
  return `${Math.floor(mins / 60)} h ago`;
}

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** Local time of day, e.g. `14:02` (locale dependent). */
export function formatTime(d: Date): string {
  return timeOnly.format(d);
}

/** What 00:00 UTC is in the person's local time, as HH:MM (24 h).
 *  `offsetMinutes` is `Date.getTimezoneOffset()` (minutes to ADD to local to get UTC). */
export function utcMidnightLocal(offsetMinutes: number): string {
  const local = (((-offsetMinutes) % 1440) + 1440) % 1440;
  const hh = String(Math.floor(local / 60)).padStart(2, "0");
  const mm = String(local % 60).padStart(2, "0");
  return `${hh}:${mm}`;
}

export function resetHelpText(offsetMinutes = new Date().getTimezoneOffset()): string {
  return `Resets at 00:00 UTC = ${utcMidnightLocal(offsetMinutes)} your time; weeks start Monday.`;
}

export function pluralKeys(n: number): string {
  return `${n.toLocaleString("en-US")} key${n === 1 ? "" : "s"}`;
}

/** What BYOK means, wherever the setting is shown. */
export const BYOK_HINT =
  "Bring your own key (BYOK): when included, spend on your own provider keys counts toward the key's limit.";

/** How long a reveal keeps key strings, in words ("10 minutes", "90 seconds"). */
export function formatLifetime(secs: number): string {
  if (secs % 60 !== 0) return `${secs} second${secs === 1 ? "" : "s"}`;
  const minutes = secs / 60;
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
