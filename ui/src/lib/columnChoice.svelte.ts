// The key table's chosen columns, remembered on this computer (column ids
// only), and the width the table has to show them in.
import {
  ACTIONS_WIDTH,
  CHECK_WIDTH,
  COLUMNS_STORAGE_KEY,
  DEFAULT_COLUMNS,
  layoutColumns,
  readColumns,
  toggleColumn,
  type ColumnId,
} from "./keyColumns";

/** The table's width in the default 1200 px window, until it is measured. */
export const FALLBACK_WIDTH = 1150;

function stored(): string | null {
  try {
    return localStorage.getItem(COLUMNS_STORAGE_KEY);
  } catch {
    return null;
  }
}

export class ColumnChoice {
  chosen = $state<ColumnId[]>(readColumns(stored()));
  /** The table's inner width in px (0 until measured, e.g. in a hidden window). */
  width = $state(0);
  selectable = $state(true);
  /** The column the list is sorted by: shown even when not chosen. */
  sorted = $state<ColumnId | undefined>();
  layout = $derived(
    layoutColumns(
      this.chosen,
      this.width > 0 ? this.width : FALLBACK_WIDTH,
      ACTIONS_WIDTH + (this.selectable ? CHECK_WIDTH : 0),
      this.sorted,
    ),
  );

  constructor(sorted?: ColumnId) {
    this.sorted = sorted;
  }

  toggle(id: ColumnId) {
    this.#set(toggleColumn(this.chosen, id));
  }

  reset() {
    this.#set([...DEFAULT_COLUMNS]);
  }

  #set(next: ColumnId[]) {
    this.chosen = next;
    try {
      localStorage.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Private mode or full storage: the choice lasts for this session only.
    }
  }
}
