// Disabling or enabling one key from its row, with "Undo" for a disable
// while its notice shows. Disabling a key that is spending stops whatever
// uses it, so that asks first.
import { SvelteSet } from "svelte/reactivity";
import { api, toAppError } from "./api";
import type { Notice } from "./notice.svelte";
import { disableWarning } from "./retirement";
import type { AppError, KeyView } from "./types";

type Deps = {
  notice: Notice;
  /** The key as the server now has it. */
  onreplaced: (k: KeyView) => void;
  /** Clears the last error (null) or shows one. */
  onerror: (error: { context: string; error: AppError } | null) => void;
  /** Asks before a disable; `go` does it. */
  confirm: (k: KeyView, warning: string, go: () => void) => void;
};

export class RowToggle {
  /** A key just disabled from its row, which "Undo" enables again. */
  undo = $state<KeyView | null>(null);
  /** Keys with a request in flight (their button waits meanwhile). */
  pending = new SvelteSet<string>();
  #deps: Deps;

  constructor(deps: Deps) {
    this.#deps = deps;
  }

  toggle(k: KeyView) {
    const warning = k.disabled ? null : disableWarning(k, new Date());
    if (warning) this.#deps.confirm(k, warning, () => void this.set(k, true));
    else void this.set(k, !k.disabled);
  }

  async set(k: KeyView, disable: boolean, undoing = false) {
    const { notice, onreplaced, onerror } = this.#deps;
    this.pending.add(k.hash);
    onerror(null);
    this.undo = null;
    notice.clear();
    try {
      const updated = await api.setDisabled(k.hash, disable);
      onreplaced(updated);
      notice.show(
        undoing ? `Enabled “${updated.name}” again.` : `${disable ? "Disabled" : "Enabled"} “${updated.name}”.`,
      );
      if (disable) this.undo = updated;
    } catch (e) {
      onerror({ context: `Could not ${disable ? "disable" : "enable"} “${k.name}”.`, error: toAppError(e) });
    } finally {
      this.pending.delete(k.hash);
    }
  }
}
