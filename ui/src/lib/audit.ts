// Audit log display helpers: action names, change text, date filters.
import { formatDateTime } from "./format";
export { BYOK_HINT } from "./format";
import type { AuditAction, FieldChange, AuditEntry, AuditFilter } from "./types";

/** The actions the backend writes (dto_bulk.rs `AuditEntry.action`). */
export const AUDIT_ACTIONS: readonly AuditAction[] = [
  "create",
  "update",
  "disable",
  "enable",
  "delete",
  "rotate_create",
  "retire_disable",
  "retire_delete",
  "retire_grace",
  "bulk_create",
  "bulk_update",
  "bulk_disable",
  "bulk_enable",
  "bulk_delete",
  "bulk_replace_lost",
  "guardrail_create",
  "guardrail_update",
  "guardrail_delete",
  "guardrail_assign",
  "guardrail_remove",
];

const ACTION_TEXT: Record<string, string> = {
  create: "Key created",
  update: "Key edited",
  disable: "Key disabled",
  enable: "Key enabled",
  delete: "Key deleted",
  rotate_create: "Replacement key created",
  retire_disable: "Old key disabled after replacement",
  retire_delete: "Old key deleted after replacement",
  retire_grace: "Old key kept until a reminder",
  bulk_create: "Key created (bulk)",
  bulk_update: "Key edited (bulk)",
  bulk_disable: "Key disabled (bulk)",
  bulk_enable: "Key enabled (bulk)",
  bulk_delete: "Key deleted (bulk)",
  bulk_replace_lost: "Key replaced after a lost answer",
  guardrail_create: "Guardrail created",
  guardrail_update: "Guardrail edited",
  guardrail_delete: "Guardrail deleted",
  guardrail_assign: "Key given a guardrail",
  guardrail_remove: "Key taken out of its guardrail",
};

export const OUTCOME_TEXT: Record<string, string> = { ok: "OK", failed: "Failed", unknown: "Not confirmed" };

/** An action in words ("bulk_create" → "Key created (bulk)"); unknown ones readable too. */
export function actionText(action: string): string {
  const known = ACTION_TEXT[action];
  if (known) return known;
  const words = action.replaceAll("_", " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "—";
}

/** What an edit changed, when it changed one kind of thing. */
const EDIT_TEXT: [fields: string[], text: string][] = [
  [["limit", "limit_reset"], "Limit changed"],
  [["name"], "Renamed"],
  [["expires_at"], "Expiry changed"],
  [["include_byok_in_limit"], "BYOK setting changed"],
];

/** The action of one entry in words: an edit says what it changed ("Limit changed"). */
export function entryActionText(e: Pick<AuditEntry, "action" | "changes">): string {
  if ((e.action === "update" || e.action === "bulk_update") && e.changes.length > 0) {
    const found = EDIT_TEXT.find(([fields]) => e.changes.every((c) => fields.includes(c.field)));
    if (found) return e.action === "bulk_update" ? `${found[1]} (bulk)` : found[1];
  }
  return actionText(e.action);
}

const FIELD_TEXT: Record<string, string> = {
  limit: "Limit",
  limit_reset: "Resets",
  include_byok_in_limit: "BYOK in limit",
  disabled: "Status",
  name: "Name",
  expires_at: "Expires",
  retire_reminder: "Reminder",
  guardrail: "Guardrail",
  budget: "Budget",
  description: "Description",
  include_byok_in_budget: "BYOK in budget",
  allowed_models: "Allowed models",
  ignored_models: "Ignored models",
  allowed_providers: "Allowed providers",
  ignored_providers: "Ignored providers",
  keys_released: "Keys released",
};

const VALUE_TEXT: Record<string, Record<string, string>> = {
  limit: { none: "no limit" },
  limit_reset: { never: "never", daily: "daily", weekly: "weekly", monthly: "monthly" },
  include_byok_in_limit: { yes: "yes", no: "no" },
  include_byok_in_budget: { yes: "yes", no: "no" },
  disabled: { disabled: "disabled", enabled: "enabled" },
  expires_at: { never: "never" },
};

const MONEY = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 6 });
const DATE_FIELDS = new Set(["expires_at", "retire_reminder"]);

/** A recorded value as a person reads it: money as dollars, dates local. */
export function valueText(field: string, value: string | null): string {
  if (value === null || value === "") return "—";
  if (field === "limit_and_reset" || field === "budget") {
    if (field === "budget" && value === "none") return "no budget";
    const [limit, reset] = value.split(", ");
    return reset === undefined ? value : `${valueText("limit", limit!)}, ${valueText("limit_reset", reset)}`;
  }
  const word = VALUE_TEXT[field]?.[value];
  if (word) return word;
  if (field === "limit" && /^-?\d+(\.\d+)?$/.test(value)) return MONEY.format(Number(value));
  if (DATE_FIELDS.has(field) && !Number.isNaN(Date.parse(value))) return formatDateTime(value);
  return value;
}

/** `{field: "limit", before: "10", after: "20"}` → "Limit: $10.00 → $20.00". */
export function changeText(c: FieldChange): string {
  const field = FIELD_TEXT[c.field] ?? c.field.replaceAll("_", " ");
  return `${field}: ${valueText(c.field, c.before)} → ${valueText(c.field, c.after)}`;
}

export function changesText(e: Pick<AuditEntry, "changes">): string {
  return e.changes.map(changeText).join("; ");
}

/** The distinct actions present, sorted, for the Action filter. */
export function actionsIn(entries: readonly AuditEntry[], known: readonly string[] = []): string[] {
  return [...new Set([...known, ...entries.map((e) => e.action)])].sort();
}

/** `YYYY-MM-DD` (a date input, local day) → start of that local day as UTC ISO. */
export function localDayStart(day: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Last millisecond of that local day as UTC ISO (the backend's bound is inclusive). */
export function localDayEnd(day: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1);
  return Number.isNaN(d.getTime()) ? null : new Date(d.getTime() - 1).toISOString();
}

export type AuditForm = { key: string; action: string; from: string; to: string };

export function auditFilter(f: AuditForm): AuditFilter {
  return {
    key: f.key.trim() || null,
    action: f.action || null,
    from: f.from ? localDayStart(f.from) : null,
    to: f.to ? localDayEnd(f.to) : null,
  };
}

/** Full UTC time for the tooltip. */
export function utcText(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
}
