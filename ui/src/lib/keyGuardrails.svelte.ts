// Which guardrail holds each key, for the key table's Guardrail column and
// filter. Read beside the key list; when it cannot be read the list still
// shows, and the column says so rather than claiming "no guardrail".
import { api } from "./api";
import type { KeyGuardrail, KeyView } from "./types";

/** Key hash → its guardrail; null when the map could not be read,
 *  undefined while it is being read for the first time. */
export type GuardrailIndex = ReadonlyMap<string, KeyGuardrail> | null | undefined;

/** "any", "none", or "id:" followed by a guardrail's id. */
export type GuardrailFilter = string;
export const ANY_GUARDRAIL: GuardrailFilter = "any";
export const NO_GUARDRAIL: GuardrailFilter = "none";
export const UNREADABLE = "Could not be read";

export function indexGuardrails(list: readonly KeyGuardrail[]): Map<string, KeyGuardrail> {
  return new Map(list.map((g) => [g.key_hash, g]));
}

/** The column's words: the guardrail's name, "—" for none. */
export function guardrailText(index: GuardrailIndex, hash: string): string {
  if (index === undefined) return "";
  if (index === null) return UNREADABLE;
  return index.get(hash)?.guardrail_name ?? "—";
}

/** What the column sorts by: the name; keys with none (or when the map
 *  could not be read) sort last. */
export function guardrailSortName(index: GuardrailIndex, hash: string): string | null {
  return index?.get(hash)?.guardrail_name ?? null;
}

/** The filter's options: any, none, then each guardrail holding a key, A–Z. */
export function guardrailChoices(index: GuardrailIndex): { value: GuardrailFilter; label: string }[] {
  const byId = new Map<string, string>();
  for (const g of index?.values() ?? []) byId.set(g.guardrail_id, g.guardrail_name);
  const named = [...byId].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
  return [
    { value: ANY_GUARDRAIL, label: "Any guardrail" },
    { value: NO_GUARDRAIL, label: "No guardrail" },
    ...named.map(([id, name]) => ({ value: `id:${id}`, label: name })),
  ];
}

/** The keys the filter lets through, in order; the list itself when the
 *  filter is off or the map is not there to filter by. */
export function filterByGuardrail(
  keys: readonly KeyView[],
  index: GuardrailIndex,
  filter: GuardrailFilter,
): readonly KeyView[] {
  if (filter === ANY_GUARDRAIL || !index) return keys;
  if (filter === NO_GUARDRAIL) return keys.filter((k) => !index.has(k.hash));
  const id = filter.slice(3);
  return keys.filter((k) => index.get(k.hash)?.guardrail_id === id);
}

export class KeyGuardrails {
  index = $state.raw<GuardrailIndex>(undefined);
  /** The filter chosen in the toolbar. */
  filter = $state<GuardrailFilter>(ANY_GUARDRAIL);
  #seq = 0;

  /** Reads the map for a workspace; a failure leaves the column saying so. */
  async load(workspaceId: string | null): Promise<void> {
    const seq = ++this.#seq;
    try {
      const list = await api.keyGuardrails(workspaceId);
      if (seq !== this.#seq) return;
      this.index = indexGuardrails(list);
      // A guardrail that no longer holds any key cannot be chosen: show all
      // rather than an empty list under a filter nobody can see.
      if (!guardrailChoices(this.index).some((c) => c.value === this.filter)) this.filter = ANY_GUARDRAIL;
    } catch {
      if (seq === this.#seq) this.index = null;
    }
  }

  text(hash: string): string {
    return guardrailText(this.index, hash);
  }
}
