// Words and timing for the retirement of rotated-out keys, and for the
// confirmation before disabling a key that is still spending. Pure, so they
// are tested without a window.
import { formatDateTime, formatUsd, parseDate } from "./format";
import type { KeyView, RetireNotice, RetireReminder, RetireStep } from "./types";

const WEEK_MS = 7 * 86_400_000;

/** The plans by old key hash, for the table and the key dialogs. */
export function retiringByHash(plans: readonly RetireReminder[]): Map<string, RetireReminder> {
  return new Map(plans.map((p) => [p.old_hash, p]));
}

/** The status of a replaced key that still works: "Replaced · retiring 12/4/2026, 14:00". */
export function retiringText(plan: RetireReminder): string {
  return `Replaced · retiring ${formatDateTime(plan.due_at)}`;
}

function stepWord(step: RetireStep): string {
  return step === "delete" ? "deletes" : "disables";
}

/** One line per plan, saying when and what Keyhold will do, or what went wrong. */
export function planText(plan: RetireReminder): string {
  if (plan.problem) {
    const when = plan.retry_at ? ` Keyhold tries again at ${formatDateTime(plan.retry_at)}.` : "";
    const verb = plan.then === "delete" ? "delete" : "disable";
    return `Could not ${verb} the old key “${plan.old_name}”: ${plan.problem}. It still works.${when}`;
  }
  if (plan.due) return `The grace period of “${plan.old_name}” has ended; Keyhold ${stepWord(plan.then)} it now.`;
  return `Old key “${plan.old_name}” keeps working until ${formatDateTime(plan.due_at)}; then Keyhold ${stepWord(plan.then)} it.`;
}

/** What Keyhold did on its own at the end of a grace period. */
export function noticeText(n: RetireNotice): string {
  if (n.outcome === "already_gone") {
    return `The old key “${n.old_name}” was already deleted elsewhere; its retirement plan is cleared.`;
  }
  const done = n.then === "delete" ? "deleted" : "disabled";
  return `Keyhold ${done} the old key “${n.old_name}” at ${formatDateTime(n.at)}: its grace period ended.`;
}

/** When a plan next needs the backend: its end, or its retry after a failure. */
export function nextRetirement(plans: readonly RetireReminder[]): number | null {
  let next: number | null = null;
  for (const p of plans) {
    const due = parseDate(p.due_at)?.getTime();
    const retry = parseDate(p.retry_at)?.getTime();
    const at = Math.max(due ?? 0, retry ?? 0);
    if (at > 0 && (next === null || at < next)) next = at;
  }
  return next;
}

/** Why disabling this key deserves a second look, or null when it can be disabled directly.
 *  OpenRouter reports spend for the current UTC week and day, so "this week" is what can be said. */
export function disableWarning(key: KeyView, now: Date): string | null {
  const spent = Math.max(key.usage_weekly, key.usage_daily);
  if (spent > 0) return `“${key.name}” spent ${formatUsd(spent)} this week; disabling stops it at once.`;
  const last = parseDate(key.last_used_at);
  if (last && now.getTime() - last.getTime() <= WEEK_MS) {
    return `“${key.name}” was used in the last 7 days; disabling stops it at once.`;
  }
  return null;
}
