// Pure helpers for bulk create/edit: reading the name list, validating the
// shared fields, describing actions and previews, and batch progress.
import { errorDetail, errorText } from "./errors";
import { formatUsd } from "./format";
import type {
  BatchRow,
  BatchStatus,
  BulkAction,
  BulkName,
  CreatePreviewRow,
  EditPreviewRow,
  ResetPeriod,
} from "./types";
import { parseUsd, type Valid } from "./validation";

/** Most keys one batch may create (the backend enforces its own cap too). */
export const MAX_BATCH = 1000;
/** Most names one pattern may produce (keyhold-ops `pattern::MAX_COUNT`). */
export const MAX_PATTERN = 500;

/** Lines of the names box → names (trimmed, blank lines skipped). A limit from
 *  an imported CSV is attached by exact name. */
export function namesFromLines(text: string, importedLimits: Readonly<Record<string, string>> = {}): BulkName[] {
  const out: BulkName[] = [];
  for (const line of text.split(/\r?\n/)) {
    const name = line.trim();
    if (!name) continue;
    out.push({ name, limit: importedLimits[name] ?? null });
  }
  return out;
}

/** Imported names → the text box (one per line) and the per-name limits. */
export function linesFromNames(names: readonly BulkName[]): { text: string; limits: Record<string, string> } {
  const limits: Record<string, string> = {};
  for (const n of names) if (n.limit !== null && n.limit.trim() !== "") limits[n.name] = n.limit.trim();
  return { text: names.map((n) => n.name).join("\n"), limits };
}

export type PatternInput = { pattern: string; count: number; start: number };

export function validatePattern(pattern: string, count: string, start: string): Valid<PatternInput> & {
  field?: "pattern" | "count" | "start";
} {
  const p = pattern.trim();
  if (!p) return { ok: false, error: "Enter a name pattern, for example “Workshop – {n}”.", field: "pattern" };
  // `{n}`, or `{n:3}` for zero-padded numbers (001, 002, …).
  if (!/\{n(?::[1-9])?\}/.test(p)) {
    return { ok: false, error: "Put {n} where the number goes, for example “Workshop – {n}”.", field: "pattern" };
  }
  const c = Number(count.trim());
  if (!/^\d+$/.test(count.trim()) || c < 1 || c > MAX_PATTERN) {
    return { ok: false, error: `Enter how many keys to create, from 1 to ${MAX_PATTERN}.`, field: "count" };
  }
  const s = Number(start.trim());
  if (!/^\d+$/.test(start.trim()) || s > 1_000_000) {
    return { ok: false, error: "Enter the first number, for example 1.", field: "start" };
  }
  return { ok: true, value: { pattern: p, count: c, start: s } };
}

/** What makes a preview row unsendable, in plain words; null when it is fine. */
export function createRowProblem(row: CreatePreviewRow): string | null {
  if (row.problem) return row.problem;
  if (row.duplicate_in_batch) return "Listed more than once";
  return null;
}

/** A collision is a warning (OpenRouter allows equal names), not a blocker. */
export function createRowWarning(row: CreatePreviewRow): string | null {
  return row.collision ? "A key with this name already exists" : null;
}

export type CreatePreviewSummary = { total: number; problems: number; collisions: number };

export function summarizeCreatePreview(rows: readonly CreatePreviewRow[]): CreatePreviewSummary {
  let problems = 0;
  let collisions = 0;
  for (const r of rows) {
    if (createRowProblem(r)) problems++;
    if (r.collision) collisions++;
  }
  return { total: rows.length, problems, collisions };
}

export type EditActionKind = BulkAction["kind"];

export const EDIT_ACTIONS: { kind: EditActionKind; label: string }[] = [
  { kind: "set_limit", label: "Set limit…" },
  { kind: "clear_limit", label: "Clear limit" },
  { kind: "set_reset", label: "Set reset…" },
  { kind: "set_byok", label: "BYOK…" },
  { kind: "disable", label: "Disable" },
  { kind: "enable", label: "Enable" },
  { kind: "delete", label: "Delete…" },
];

/** The edit form's values → an action, or what to fix. */
export function buildEditAction(
  kind: EditActionKind,
  values: {
    limit: string;
    /** With a new limit: "keep" leaves each key's reset period as it is. */
    limitReset?: "keep" | "" | ResetPeriod;
    reset: "" | ResetPeriod;
    byok: boolean;
  },
): Valid<BulkAction> {
  switch (kind) {
    case "set_limit":
    case "set_limit_and_reset": {
      const l = parseUsd(values.limit);
      if (!l.ok) return l;
      if (l.value === null) return { ok: false, error: "Enter the new limit, or choose “Clear limit” instead." };
      const limit = values.limit.trim();
      const r = values.limitReset ?? "keep";
      if (r === "keep") return { ok: true, value: { kind: "set_limit", limit } };
      return { ok: true, value: { kind: "set_limit_and_reset", limit, reset: r === "" ? null : r } };
    }
    case "set_reset":
      return { ok: true, value: { kind, reset: values.reset === "" ? null : values.reset } };
    case "set_byok":
      return { ok: true, value: { kind, include: values.byok } };
    default:
      return { ok: true, value: { kind } as BulkAction };
  }
}

const RESET_TEXT: Record<string, string> = { daily: "daily", weekly: "weekly", monthly: "monthly" };

/** "Set the limit to $25.00" — what the action does, for the preview heading. */
export function describeAction(a: BulkAction): string {
  switch (a.kind) {
    case "set_limit": {
      const l = parseUsd(a.limit);
      return `Set the spend limit to ${l.ok && l.value !== null ? formatUsd(l.value) : a.limit}`;
    }
    case "set_limit_and_reset": {
      const l = parseUsd(a.limit);
      const amount = l.ok && l.value !== null ? formatUsd(l.value) : a.limit;
      return a.reset
        ? `Set the spend limit to ${amount}, reset ${RESET_TEXT[a.reset] ?? a.reset}`
        : `Set the spend limit to ${amount}, never reset (one-off)`;
    }
    case "clear_limit":
      return "Remove the spend limit";
    case "set_reset":
      return a.reset ? `Reset the limit ${RESET_TEXT[a.reset] ?? a.reset}` : "Never reset the limit (one-off)";
    case "set_byok":
      return a.include ? "Include BYOK usage in the limit" : "Leave BYOK usage out of the limit";
    case "disable":
      return "Disable";
    case "enable":
      return "Enable";
    case "delete":
      return "Delete permanently";
  }
}

export function summarizeEditPreview(rows: readonly EditPreviewRow[]): { total: number; changing: number } {
  let changing = 0;
  for (const r of rows) if (r.changes) changing++;
  return { total: rows.length, changing };
}

/** 0..100, whole percent, for the progress bar's text. */
export function progressPercent(s: Pick<BatchStatus, "done" | "total">): number {
  if (s.total <= 0) return 100;
  return Math.min(100, Math.round((s.done / s.total) * 100));
}

export function isFailure(r: BatchRow): boolean {
  return r.state === "failed" || r.state === "outcome_unknown";
}

/** Rows "Retry failed" re-runs (as the backend does): failures, outcomes we
 *  could not confirm (checked first, never duplicated) and cancelled rows. */
export function retryableRows(s: Pick<BatchStatus, "rows">): BatchRow[] {
  return s.rows.filter((r) => isFailure(r) || r.state === "cancelled");
}

const STATE_TEXT: Record<BatchRow["state"], string> = {
  pending: "Waiting",
  running: "Working…",
  succeeded: "Done",
  unchanged: "Already so (skipped)",
  failed: "Failed",
  outcome_unknown: "Not confirmed",
  cancelled: "Cancelled",
};

export function rowStateText(r: BatchRow): string {
  return STATE_TEXT[r.state] ?? r.state;
}

/** The reason next to a row: the error in plain words, or a note for unknown outcomes. */
export function rowReason(r: BatchRow): string {
  if (r.state === "outcome_unknown") {
    // A failed check or replacement explains itself; a lost answer gets the general words.
    if (r.error && r.error.code !== "create_outcome_unknown" && r.error.message) return r.error.message;
    return "We couldn't confirm whether this went through. Retry checks first, so it never creates a duplicate.";
  }
  if (r.error) return errorText(r.error);
  return r.note ?? "";
}

/** The backend's own words under a row's reason, when they add to it. */
export function rowDetail(r: BatchRow): string | null {
  if (r.state === "outcome_unknown" || !r.error) return null;
  return errorDetail(r.error);
}

const BATCH_VERBS: Record<BatchStatus["kind"], [done: string, doing: string]> = {
  create: ["Created", "Creating"],
  edit: ["Updated", "Updating"],
  delete: ["Deleted", "Deleting"],
};

/** One line for the status area: where the batch stands. */
export function batchSummary(s: BatchStatus): string {
  const [verb, doing] = BATCH_VERBS[s.kind];
  const what = s.total === 1 ? "key" : "keys";
  if (s.running) return `${doing} ${s.done} of ${s.total} ${what}…`;
  const parts = [`${verb} ${s.succeeded} of ${s.total} ${what}.`];
  const failed = s.rows.filter(isFailure).length;
  if (failed > 0) parts.push(`${failed} failed.`);
  const cancelled = s.rows.filter((r) => r.state === "cancelled").length;
  if (s.cancelled || cancelled > 0) parts.push(`${cancelled} cancelled.`);
  return parts.join(" ");
}
