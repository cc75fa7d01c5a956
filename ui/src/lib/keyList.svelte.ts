// The keys of one workspace as last fetched, and what the screen changes in
// place after an action (so the list need not be fetched again).
import { api, toAppError } from "./api";
import type { AppError, KeyView, ListKeysInput } from "./types";

export class KeyList {
  // Raw (not deeply reactive): 10,000 proxied objects would make every read slow.
  keys = $state.raw<KeyView[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state<AppError | null>(null);
  loadedAt = $state<Date | null>(null);
  startedAt = $state(0);
  #seq = 0;

  /** Fetches every page; true when this load's result was kept (a newer
   *  load for another workspace or toggle wins over an older one). */
  async load(input: ListKeysInput): Promise<boolean> {
    const seq = ++this.#seq;
    this.loading = true;
    this.startedAt = Date.now();
    this.error = null;
    try {
      const result = await api.listKeys(input);
      if (seq !== this.#seq) return false;
      this.keys = result;
      this.loaded = true;
      this.loadedAt = new Date();
      return true;
    } catch (e) {
      if (seq === this.#seq) this.error = toAppError(e);
      return false;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  replace(k: KeyView) {
    this.keys = this.keys.map((x) => (x.hash === k.hash ? k : x));
  }

  /** A new key goes first, where it is seen. */
  add(k: KeyView) {
    this.keys = [k, ...this.keys.filter((x) => x.hash !== k.hash)];
  }

  remove(k: KeyView) {
    this.keys = this.keys.filter((x) => x.hash !== k.hash);
  }
}
