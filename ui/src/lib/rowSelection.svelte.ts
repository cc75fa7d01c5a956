// The key table's selection: a plain Set of hashes, replaced (never mutated)
// on each change, so 10,000 rows cost one Set and counts are derived; and the
// row a shift-click extends a range from.
import { clickRow, pruneSelection, toggleAllVisible } from "./selection";
import type { KeyView } from "./types";

export class RowSelection {
  hashes = $state.raw<Set<string>>(new Set());
  #anchor: string | null = null;

  /** A row's checkbox (`index` into `visible`; `shift` extends a range). */
  click(visible: readonly KeyView[], index: number, shift: boolean) {
    const next = clickRow(this.hashes, this.#anchor, visible, index, shift);
    this.hashes = next.selected;
    this.#anchor = next.anchor;
  }

  /** The header checkbox: every shown key, or none of them. */
  toggleAll(visible: readonly KeyView[]) {
    this.set(toggleAllVisible(this.hashes, visible));
  }

  set(hashes: Set<string>) {
    this.hashes = hashes;
    this.#anchor = null;
  }

  /** Drops keys that are no longer listed. */
  prune(keys: readonly KeyView[]) {
    this.hashes = pruneSelection(this.hashes, keys);
  }
}
