// Audit log display helpers: action names, change text, date filters.
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
];

const ACTION_TEXT: Record<string, string> = {
  create: "Created",
  update: "Edited",
  disable: "Disabled",
  enable: "Enabled",
  delete: "Deleted",
  rotate_create: "Rotated (new key)",
  retire_disable: "Retired: disabled",
  retire_delete: "Retired: deleted",
  retire_grace: "Retired: grace period",
  bulk_create: "Bulk created",
  bulk_update: "Bulk edited",
  bulk_disable: "Bulk disabled",
  bulk_enable: "Bulk enabled",
  bulk_delete: "Bulk deleted",
  bulk_replace_lost: "Bulk: unusable key replaced",
};

export const OUTCOME_TEXT: Record<string, string> = { ok: "OK", failed: "Failed", unknown: "Not confirmed" };

/** "bulk_create" → "Bulk create"; known actions get a friendlier word. */
export function actionText(action: string): string {
  const known = ACTION_TEXT[action];
  if (known) return known;
  const words = action.replaceAll("_", " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "—";
}

const FIELD_TEXT: Record<string, string> = {
  limit: "limit",
  limit_reset: "reset",
  include_byok_in_limit: "BYOK",
  disabled: "disabled",
  name: "name",
  expires_at: "expiry",
};

/** `{field: "limit", before: "10", after: "20"}` → "limit: 10 → 20". */
export function changeText(c: FieldChange): string {
  const field = FIELD_TEXT[c.field] ?? c.field.replaceAll("_", " ");
  return `${field}: ${c.before ?? "—"} → ${c.after ?? "—"}`;
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
