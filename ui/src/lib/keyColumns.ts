// The key table's columns: which exist, which a person chose to see, and
// which of those fit the window. The table never scrolls sideways: columns
// shrink to their minimum first, then the least important chosen ones step
// aside (and the column picker says so) until the rest fit.
import { BYOK_HINT } from "./format";
import type { SortColumn } from "./keyStatus";

export type ColumnId = SortColumn;

export type ColumnDef = {
  id: ColumnId;
  label: string;
  /** Preferred width in px; the column may shrink to `min`. */
  width: number;
  min: number;
  num?: boolean;
  hint?: string;
  /** Shown whatever is chosen (a row needs a name). */
  always?: boolean;
};

/** Every column, in the order they appear left to right. */
export const COLUMNS: readonly ColumnDef[] = [
  { id: "name", label: "Name", width: 220, min: 120, always: true },
  { id: "label", label: "Key (masked)", width: 150, min: 110 },
  { id: "status", label: "Status", width: 180, min: 105 },
  { id: "usage_daily", label: "Today", width: 95, min: 80, num: true },
  { id: "usage_weekly", label: "This week", width: 105, min: 85, num: true },
  { id: "usage_monthly", label: "This month", width: 110, min: 90, num: true },
  { id: "usage", label: "Lifetime", width: 105, min: 85, num: true },
  { id: "limit", label: "Limit", width: 170, min: 115 },
  { id: "limit_remaining", label: "Remaining", width: 120, min: 95, num: true },
  { id: "byok", label: "BYOK", width: 110, min: 80, hint: BYOK_HINT },
  { id: "expires_at", label: "Expires", width: 195, min: 115 },
  { id: "created_at", label: "Created", width: 120, min: 95 },
  { id: "guardrail", label: "Guardrail", width: 150, min: 100 },
];

/** What a finance person scans for, most important first: at a narrow
 *  width the last of these is the first to step aside. */
export const DEFAULT_COLUMNS: readonly ColumnId[] = ["name", "status", "usage_monthly", "limit", "expires_at", "guardrail"];

/** The selection checkbox and the row actions, always shown. */
export const CHECK_WIDTH = 36;
export const ACTIONS_WIDTH = 262;

const byId = new Map(COLUMNS.map((c) => [c.id, c]));

export function columnDef(id: ColumnId): ColumnDef {
  return byId.get(id) as ColumnDef;
}

/** Chosen columns by importance: the name, the column the list is sorted
 *  by (shown even when not chosen: an order nobody can see is no use), the
 *  defaults in their order, then the extra ones in the order they were chosen. */
export function byPriority(chosen: readonly ColumnId[], sorted?: ColumnId): ColumnId[] {
  const set = new Set(chosen);
  for (const c of COLUMNS) if (c.always) set.add(c.id);
  const defaults = DEFAULT_COLUMNS.filter((id) => set.has(id));
  const order = [...defaults, ...[...set].filter((id) => !DEFAULT_COLUMNS.includes(id))];
  if (sorted === undefined || !byId.has(sorted)) return order;
  const rest = order.filter((id) => id !== sorted);
  const always = rest.filter((id) => columnDef(id).always);
  return [...always, sorted, ...rest.filter((id) => !columnDef(id).always)];
}

export type Layout = {
  /** In table order, with their widths in px. */
  shown: { def: ColumnDef; width: number }[];
  /** Chosen but left out because the window is too narrow, by importance. */
  dropped: ColumnDef[];
};

/** Fits the chosen columns into `available` px (besides `fixed` px of
 *  checkbox and actions): the least important chosen columns are dropped
 *  until the minimum widths fit, then the free width goes to the columns
 *  up to their preferred widths, and what is left over to the name. */
export function layoutColumns(
  chosen: readonly ColumnId[],
  available: number,
  fixed: number,
  sorted?: ColumnId,
): Layout {
  const room = Math.max(0, available - fixed);
  const kept = byPriority(chosen, sorted);
  const dropped: ColumnDef[] = [];
  const minSum = () => kept.reduce((s, id) => s + columnDef(id).min, 0);
  while (kept.length > 1 && minSum() > room) dropped.unshift(columnDef(kept.pop() as ColumnId));
  const defs = COLUMNS.filter((c) => kept.includes(c.id));
  const mins = defs.reduce((s, c) => s + c.min, 0);
  const growth = defs.reduce((s, c) => s + (c.width - c.min), 0);
  const share = growth > 0 ? Math.min(1, Math.max(0, room - mins) / growth) : 0;
  const shown = defs.map((def) => ({ def, width: Math.floor(def.min + share * (def.width - def.min)) }));
  const used = shown.reduce((s, c) => s + c.width, 0);
  const name = shown.find((c) => c.def.id === "name");
  if (name && room > used) name.width += room - used;
  return { shown, dropped };
}

export const COLUMNS_STORAGE_KEY = "keyhold.keyTable.columns";

/** The remembered choice, or the defaults when nothing (valid) is stored. */
export function readColumns(raw: string | null): ColumnId[] {
  if (raw === null) return [...DEFAULT_COLUMNS];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [...DEFAULT_COLUMNS];
    const ids = parsed.filter((x): x is ColumnId => typeof x === "string" && byId.has(x as ColumnId));
    return [...new Set(ids)];
  } catch {
    return [...DEFAULT_COLUMNS];
  }
}

/** The choice with `id` switched on or off (a newly chosen column is the
 *  least important one); the always-shown columns stay. */
export function toggleColumn(chosen: readonly ColumnId[], id: ColumnId): ColumnId[] {
  if (columnDef(id).always) return [...chosen];
  return chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id];
}
