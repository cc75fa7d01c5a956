// Shared app state (Svelte 5 runes). One object so components can read and
// update it without prop-drilling; everything derivable is derived where used.
import { insightsCache } from "./insightsCache";
import type { KeychainStatus, SessionInfo } from "./types";
import type { Filters, Sort } from "./keyStatus";
import type { ExpiryPreset } from "./validation";

export type CreateDraft = {
  name: string;
  limit: string;
  reset: "" | "daily" | "weekly" | "monthly";
  byok: boolean;
  expiry: ExpiryPreset;
  expiryLocal: string;
};

export function emptyDraft(): CreateDraft {
  return { name: "", limit: "", reset: "", byok: false, expiry: "never", expiryLocal: "" };
}

/** The bulk-create form: shared fields plus the names, by pattern or by list. */
export type BulkDraft = {
  mode: "pattern" | "list";
  pattern: string;
  count: string;
  start: string;
  names: string;
  /** The pasted/typed lines are CSV rows (name, optional limit). */
  namesAreCsv: boolean;
  /** Per-name limits from an imported CSV, by exact name. */
  importedLimits: Record<string, string>;
  limit: string;
  reset: "" | "daily" | "weekly" | "monthly";
  byok: boolean;
  expiry: ExpiryPreset;
  expiryLocal: string;
};

export function emptyBulkDraft(): BulkDraft {
  return {
    mode: "pattern",
    pattern: "Workshop – {n}",
    count: "10",
    start: "1",
    names: "",
    namesAreCsv: false,
    importedLimits: {},
    limit: "",
    reset: "",
    byok: false,
    expiry: "never",
    expiryLocal: "",
  };
}

export type View = "keys" | "overview" | "guardrails" | "audit";

/** How the keys screen should show (set by an overview figure, a warning or a
 *  desktop notification; taken by Keys when it opens or while it is open). */
export type KeysPreset = {
  query?: string;
  filters?: Partial<Filters>;
  showAll?: boolean;
  sort?: Sort;
  /** A key's hash: its page opens over the list, or with `then` one of its dialogs. */
  open?: string;
  /** "edit": the edit dialog (raise the limit); "extend": rotation to a new expiry. */
  then?: "edit" | "extend";
};

export const app = $state({
  session: null as SessionInfo | null,
  keychain: { available: true, problem: null } as KeychainStatus,
  /** The API root when it is not OpenRouter's (developer and test builds). */
  apiBase: null as string | null,
  workspaceId: null as string | null,
  /** The create form's values live here, so closing the dialog (or an error)
   *  never loses what was typed; reset only after a key is created. */
  createDraft: emptyDraft(),
  /** Same for the bulk-create form: reset only after a batch is started. */
  bulkDraft: emptyBulkDraft(),
  view: "keys" as View,
  keysPreset: null as KeysPreset | null,
});

/** False when only a key's page is asked for: the list behind it stays as it was. */
export function describesList(p: KeysPreset): boolean {
  return p.open === undefined || p.query !== undefined || p.filters !== undefined || p.showAll !== undefined;
}

/** Switch to the keys screen showing exactly what `preset` describes. */
export function showKeys(preset: KeysPreset): void {
  app.keysPreset = preset;
  app.view = "keys";
}

export function setSession(s: SessionInfo | null): void {
  app.session = s;
  insightsCache.clear();
  app.workspaceId = s ? (s.default_workspace_id ?? s.workspaces[0]?.id ?? null) : null;
  app.createDraft = emptyDraft();
  app.bulkDraft = emptyBulkDraft();
  app.view = "keys";
  app.keysPreset = null;
}

export function modeText(mode: SessionInfo["mode"]): string {
  switch (mode) {
    case "keychain":
      return "Key stored in keychain";
    case "session_only":
      return "This session only";
    case "demo":
      return "Demo";
  }
}
