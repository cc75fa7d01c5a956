// Spend history as people read it: the stacked bars of a 30-day chart, the
// runway sentence and a key's effective cap in plain words. Amounts arrive
// already summed exactly in Rust; here they are only stacked and worded.
import { formatUsd } from "./format";
import type { DaySpendView, GuardrailView, ModelSpendView, RunwayView } from "./types";

/** Series drawn in their own colour; the rest share one "Other" segment. */
export const MAX_SERIES = 5;
export const OTHER = "Other models";

export type Segment = { series: number; name: string; amount: number; y0: number; y1: number };
export type Bar = { date: string; total: number; segments: Segment[] };
export type Stacked = { series: string[]; bars: Bar[]; max: number };

/** Stacks each day's models: the `MAX_SERIES` models with the highest spend
 *  over the whole history keep their own colour, the others become "Other". */
export function stackByModel(days: readonly DaySpendView[], models: readonly ModelSpendView[]): Stacked {
  const top = models
    .filter((m) => m.usage > 0)
    .slice(0, MAX_SERIES)
    .map((m) => m.model);
  const hasOther = days.some((d) => d.models.some((m) => m.usage > 0 && !top.includes(m.model)));
  const series = hasOther ? [...top, OTHER] : top;
  let max = 0;
  const bars = days.map((d) => {
    const amounts = new Array<number>(series.length).fill(0);
    for (const m of d.models) {
      const found = top.indexOf(m.model);
      const i = found >= 0 ? found : series.length - 1;
      amounts[i] = (amounts[i] ?? 0) + m.usage;
    }
    let y = 0;
    const segments: Segment[] = [];
    amounts.forEach((amount, i) => {
      if (amount <= 0) return;
      segments.push({ series: i, name: series[i] ?? "", amount, y0: y, y1: y + amount });
      y += amount;
    });
    max = Math.max(max, d.total);
    return { date: d.date, total: d.total, segments };
  });
  return { series, bars, max };
}

/** A round axis top at or above `max` (1, 2 or 5 × 10ⁿ), and its ticks. */
export function axis(max: number, ticks = 4): { top: number; steps: number[] } {
  if (!(max > 0)) return { top: 1, steps: [0, 0.25, 0.5, 0.75, 1] };
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * p).find((s) => s >= raw) ?? 10 * p;
  const top = Math.ceil(max / step - 1e-9) * step;
  const steps: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) steps.push(v);
  return { top, steps };
}

const dayShort = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
const dayLong = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

/** A UTC day (`YYYY-MM-DD`) in the person's date format, never shifted by
 *  their time zone: the API's days are UTC days. */
export function formatUtcDay(date: string, long = false): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  return (long ? dayLong : dayShort).format(d);
}

/** Whole days from `date` (a UTC day) to `today` (a UTC day). */
export function daysBetween(date: string, today: string): number {
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

/** Today as a UTC day, `YYYY-MM-DD`. */
export function utcToday(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Spend on the completed days of the UTC month `today` is in. */
export function monthSoFar(days: readonly DaySpendView[], today: string): number {
  const month = today.slice(0, 7);
  return days.filter((d) => d.date.startsWith(month) && d.date < today).reduce((s, d) => s + d.total, 0);
}

/** "About 42 days of credits left at this rate", or what zero means. */
export function runwayText(r: RunwayView): string {
  switch (r.kind) {
    case "no_credits":
      return "No credits left: keys stop working until credits are added.";
    case "no_spend":
      return "Nothing was spent in the last 7 days, so at this rate the balance is not being used up.";
    case "days":
      if (r.days === 0) return "Less than a day of credits left at this rate.";
      return `About ${r.days.toLocaleString("en-US")} day${r.days === 1 ? "" : "s"} of credits left at this rate.`;
  }
}

const PER: Record<string, string> = { daily: "a day", weekly: "a week", monthly: "a month" };
const THIS: Record<string, string> = { daily: "today", weekly: "this week", monthly: "this month" };

function per(reset: string | null): string {
  return reset ? (PER[reset] ?? `per ${reset} period`) : "in total (it never resets)";
}

type Cap = { amount: number; reset: string | null };

/** The effective cap of a key in plain words: the lowest cap per period
 *  first, then where each cap comes from. */
export function capWording(
  key: { limit: number | null; limit_reset: string | null },
  guardrail: GuardrailView,
): string {
  const caps: Cap[] = [];
  const reasons: string[] = [];
  if (key.limit !== null) {
    caps.push({ amount: key.limit, reset: key.limit_reset });
    reasons.push(`its own limit is ${formatUsd(key.limit)} ${per(key.limit_reset)}`);
  }
  if (guardrail.kind === "assigned") {
    if (guardrail.limit !== null) {
      caps.push({ amount: guardrail.limit, reset: guardrail.limit_reset });
      reasons.push(`its guardrail '${guardrail.name}' allows ${formatUsd(guardrail.limit)} ${per(guardrail.limit_reset)} per key`);
    } else {
      reasons.push(`its guardrail '${guardrail.name}' sets no budget`);
    }
  }
  if (caps.length === 0) {
    const why = reasons.length ? ` (${reasons.join("; ")})` : "";
    return `No spending cap${why}: it can spend until the account's credits run out.`;
  }
  // One figure per period: the lower cap of the same period is the one that binds.
  const byPeriod = new Map<string, number>();
  for (const c of caps) {
    const p = c.reset ?? "";
    byPeriod.set(p, Math.min(byPeriod.get(p) ?? Number.POSITIVE_INFINITY, c.amount));
  }
  const order = ["daily", "weekly", "monthly", ""];
  const parts = [...byPeriod.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([p, amount]) => `${formatUsd(amount)} ${p ? (THIS[p] ?? `per ${p} period`) : "in total"}`);
  return `Can spend at most ${parts.join(" and ")}: ${reasons.join("; ")}.`;
}

export const OTHER_KEYS = "Other keys";

/** Stacks each day by key: the given keys' own days, and the rest of the
 *  workspace's spend that day as "Other keys". */
export function stackByKey(
  workspace: readonly DaySpendView[],
  keys: readonly { name: string; days: readonly DaySpendView[] }[],
): Stacked {
  const perKey = keys.map((k) => new Map(k.days.map((d) => [d.date, d.total])));
  const names = keys.map((k) => k.name);
  let max = 0;
  let anyOther = false;
  const bars = workspace.map((d) => {
    let y = 0;
    const segments: Segment[] = [];
    perKey.forEach((m, i) => {
      const amount = m.get(d.date) ?? 0;
      if (amount <= 0) return;
      segments.push({ series: i, name: names[i] ?? "", amount, y0: y, y1: y + amount });
      y += amount;
    });
    // Below a millionth of a dollar is rounding, not another key's spend.
    const rest = d.total - y;
    if (rest > 1e-6) {
      anyOther = true;
      segments.push({ series: names.length, name: OTHER_KEYS, amount: rest, y0: y, y1: d.total });
    }
    max = Math.max(max, d.total, y);
    return { date: d.date, total: Math.max(d.total, y), segments };
  });
  return { series: anyOther ? [...names, OTHER_KEYS] : names, bars, max };
}
