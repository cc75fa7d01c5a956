// A key's page, shown over the key list; the list stays mounted (hidden) so
// Back finds its search, filters, sort, selection and scroll as they were,
// and focus returns to what opened the page.
import { api } from "./api";
import type { KeyView } from "./types";

/** A key known only by its hash (a warning, a desktop notification): from
 *  the list when it is there, else asked of the account, since the list may
 *  not hold disabled keys or may still be loading; null when it is gone. */
export async function findKey(hash: string, known: readonly KeyView[]): Promise<KeyView | null> {
  const listed = known.find((k) => k.hash === hash);
  if (listed) return listed;
  try {
    return await api.getKey(hash);
  } catch {
    return null;
  }
}

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
