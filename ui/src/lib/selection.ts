// Row selection for the keys table: a Set of hashes (cheap with 10,000 keys),
// plain clicks toggle one row, Shift+click extends from the last clicked row.
// Pure functions: they return a new Set and never mutate their input.

type Hashed = { hash: string };

export type Selection = { selected: Set<string>; anchor: string | null };

/**
 * A click on the checkbox of `visible[index]`. With `shift` and an anchor that
 * is still visible, every row between the anchor and the clicked row takes the
 * clicked row's new state (selected or not), as in file managers.
 */
export function clickRow(
  selected: ReadonlySet<string>,
  anchor: string | null,
  visible: readonly Hashed[],
  index: number,
  shift: boolean,
): Selection {
  const row = visible[index];
  const next = new Set(selected);
  if (!row) return { selected: next, anchor };
  const select = !selected.has(row.hash);
  const from = shift && anchor !== null ? visible.findIndex((k) => k.hash === anchor) : -1;
  if (from === -1) {
    if (select) next.add(row.hash);
    else next.delete(row.hash);
    return { selected: next, anchor: row.hash };
  }
  const [lo, hi] = from <= index ? [from, index] : [index, from];
  for (let i = lo; i <= hi; i++) {
    const h = visible[i]!.hash;
    if (select) next.add(h);
    else next.delete(h);
  }
  // The anchor stays put so a second Shift+click re-spans from the same row.
  return { selected: next, anchor };
}

/** How many of the visible rows are selected (drives the header checkbox). */
export function countSelected(selected: ReadonlySet<string>, visible: readonly Hashed[]): number {
  if (selected.size === 0) return 0;
  let n = 0;
  for (const k of visible) if (selected.has(k.hash)) n++;
  return n;
}

export type HeaderState = "none" | "some" | "all";

export function headerState(selectedVisible: number, visibleCount: number): HeaderState {
  if (selectedVisible === 0 || visibleCount === 0) return "none";
  return selectedVisible >= visibleCount ? "all" : "some";
}

/** Header checkbox: selects every visible (filtered) row, or clears them when all are selected. */
export function toggleAllVisible(selected: ReadonlySet<string>, visible: readonly Hashed[]): Set<string> {
  const next = new Set(selected);
  const all = visible.length > 0 && countSelected(selected, visible) === visible.length;
  for (const k of visible) {
    if (all) next.delete(k.hash);
    else next.add(k.hash);
  }
  return next;
}

/** Drops hashes of keys that no longer exist (after a reload or delete). */
export function pruneSelection(selected: ReadonlySet<string>, keys: readonly Hashed[]): Set<string> {
  if (selected.size === 0) return new Set();
  const present = new Set(keys.map((k) => k.hash));
  const next = new Set<string>();
  for (const h of selected) if (present.has(h)) next.add(h);
  return next;
}

/** The selected keys, in list order. */
export function selectedKeys<T extends Hashed>(selected: ReadonlySet<string>, keys: readonly T[]): T[] {
  return keys.filter((k) => selected.has(k.hash));
}
