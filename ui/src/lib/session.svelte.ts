// Shared app state (Svelte 5 runes). One object so components can read and
// update it without prop-drilling; everything derivable is derived where used.
import type { KeychainStatus, SessionInfo } from "./types";
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

export const app = $state({
  session: null as SessionInfo | null,
  keychain: { available: true, problem: null } as KeychainStatus,
  workspaceId: null as string | null,
  /** The create form's values live here, so closing the dialog (or an error)
   *  never loses what was typed; reset only after a key is created. */
  createDraft: emptyDraft(),
});

export function setSession(s: SessionInfo | null): void {
  app.session = s;
  app.workspaceId = s ? (s.default_workspace_id ?? s.workspaces[0]?.id ?? null) : null;
  app.createDraft = emptyDraft();
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
