// A key's page, shown over the key list; the list stays mounted (hidden) so
// Back finds its search, filters, sort, selection and scroll as they were,
// and focus returns to what opened the page.
import type { KeyView } from "./types";

export class KeyPage {
  key = $state<KeyView | null>(null);
  #opener: HTMLElement | null = null;

  open(k: KeyView) {
    this.#opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.key = k;
  }

  close() {
    this.key = null;
    const target = this.#opener;
    queueMicrotask(() => target?.isConnected && target.focus());
  }
}
