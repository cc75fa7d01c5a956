// A key's page, shown over the key list; the list stays mounted (hidden) so
// Back finds its search, filters, sort, selection and scroll as they were,
// and focus returns to what opened the page.
import { api } from "./api";
import type { KeyView } from "./types";

export class KeyPage {
  key = $state<KeyView | null>(null);
  #opener: HTMLElement | null = null;

  open(k: KeyView) {
    this.#opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.key = k;
  }

  /** Opens a key known only by its hash (a warning, a desktop notification):
   *  from the list when it is there, else asked of the account, since the
   *  list may not hold disabled keys or may still be loading. */
  async openHash(hash: string, known: readonly KeyView[], onmissing: () => void): Promise<void> {
    const listed = known.find((k) => k.hash === hash);
    if (listed) return this.open(listed);
    try {
      this.open(await api.getKey(hash));
    } catch {
      onmissing();
    }
  }

  close() {
    this.key = null;
    const target = this.#opener;
    queueMicrotask(() => target?.isConnected && target.focus());
  }
}
