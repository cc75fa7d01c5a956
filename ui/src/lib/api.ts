// The UI's one gateway to the backend. Screens call these functions, never
// `invoke` directly. Argument and result types come from the bindings that
// ts-rs generates from the Rust types (ui/src/lib/bindings/).
import { invoke } from "@tauri-apps/api/core";
import { keyViews } from "./listedKeys";
import type { AboutInfo } from "./bindings/AboutInfo";
import type { AlertsView } from "./bindings/AlertsView";
import type { AppError } from "./bindings/AppError";
import type { CopyOutcome } from "./bindings/CopyOutcome";
import type { CreateKeyInput } from "./bindings/CreateKeyInput";
import type { CreatedKeyView } from "./bindings/CreatedKeyView";
import type { EditKeyInput } from "./bindings/EditKeyInput";
import type { EditOutcome } from "./bindings/EditOutcome";
import type { KeyView } from "./bindings/KeyView";
import type { ListKeysInput } from "./bindings/ListKeysInput";
import type { ListedKeys } from "./bindings/ListedKeys";
import type { RetireInput } from "./bindings/RetireInput";
import type { Retirements } from "./bindings/Retirements";
import type { RotateInput } from "./bindings/RotateInput";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { StartupInfo } from "./bindings/StartupInfo";
import type { UpdateCheck } from "./bindings/UpdateCheck";
import type { UpdateInstall } from "./bindings/UpdateInstall";
import type { WarningSettings } from "./bindings/WarningSettings";
import type {
  AuditEntry,
  AuditFilter,
  BatchSecret,
  BatchStatus,
  BulkCreateInput,
  BulkEditInput,
  CreatePreviewRow,
  CreditsView,
  EditPreviewRow,
  ParsedNames,
} from "./types";
import type { AccountInsights, KeyInsights } from "./types";
import type {
  AssignOutcome,
  AssignPreview,
  GuardrailInput,
  GuardrailList,
  GuardrailSuggestions,
  GuardrailSummary,
  KeyGuardrail,
} from "./types";

/** Every backend failure reaches the UI as an AppError `{code, message, field}`. */
export function isAppError(e: unknown): e is AppError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Turns anything thrown into an AppError so screens handle one shape. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return {
    code: "internal",
    message: "Something unexpected went wrong. Please try again.",
    field: null,
    retry_after_secs: null,
  };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const api = {
  startup: () => call<StartupInfo>("startup"),
  /** The only moment the management key crosses the web view. */
  signIn: (key: string, remember: boolean) => call<SessionInfo>("sign_in", { key, remember }),
  /** Reads the clipboard in Rust, so the key never enters the web view. */
  signInFromClipboard: (remember: boolean) =>
    call<SessionInfo>("sign_in_from_clipboard", { remember }),
  /** Signs in with the stored key against a non-default API, on request. */
  signInStored: () => call<SessionInfo>("sign_in_stored"),
  startDemo: () => call<SessionInfo>("start_demo"),
  signOut: () => call<void>("sign_out"),
  listKeys: async (input: ListKeysInput) => keyViews(await call<ListedKeys>("list_keys", { input })),
  getKey: (hash: string) => call<KeyView>("get_key", { hash }),
  createKey: (input: CreateKeyInput) => call<CreatedKeyView>("create_key", { input }),
  editKey: (input: EditKeyInput) => call<EditOutcome>("edit_key", { input }),
  setDisabled: (hash: string, disabled: boolean) =>
    call<KeyView>("set_key_disabled", { hash, disabled }),
  deleteKey: (hash: string) => call<void>("delete_key", { hash }),
  rotateKey: (input: RotateInput) => call<CreatedKeyView>("rotate_key", { input }),
  retireKey: (input: RetireInput) => call<Retirements>("retire_key", { input }),
  reminders: () => call<Retirements>("list_reminders"),
  /** Carries out the retirements due now; the screen asks when one comes due. */
  runDueRetirements: () => call<Retirements>("run_due_retirements"),
  /** "Keep the old key": drops its retirement plan. */
  keepOldKey: (id: string) => call<Retirements>("dismiss_reminder", { id }),
  dismissRetireNotice: (id: string) => call<Retirements>("dismiss_retire_notice", { id }),
  /** Returns the key string: only the reveal view calls this, on "Show". */
  revealSecret: (revealId: string) => call<string>("reveal_secret", { revealId }),
  copySecret: (revealId: string) => call<CopyOutcome>("copy_secret", { revealId }),
  closeReveal: (revealId: string) => call<void>("close_reveal", { revealId }),

  // ---- account overview, CSV export -------------------------------------
  getCredits: () => call<CreditsView>("get_credits"),
  /** The workspace's last 30 completed UTC days, the account's burn rate and runway. */
  accountInsights: (workspaceId: string | null) =>
    call<AccountInsights>("account_insights", { workspaceId }),
  /** A key's page: the key, its last 30 completed days, creator and guardrail. */
  keyInsights: (hash: string) => call<KeyInsights>("key_insights", { hash }),
  /** The workspace's default guardrail and its other guardrails, each with its number of keys. */
  listGuardrails: (workspaceId: string | null) => call<GuardrailList>("list_guardrails", { workspaceId }),
  /** Which guardrail holds each key (keys holding none are left out). */
  keyGuardrails: (workspaceId: string | null) => call<KeyGuardrail[]>("key_guardrails", { workspaceId }),
  createGuardrail: (workspaceId: string | null, input: GuardrailInput) =>
    call<GuardrailSummary>("create_guardrail", { workspaceId, input }),
  editGuardrail: (id: string, input: GuardrailInput) => call<GuardrailSummary>("edit_guardrail", { id, input }),
  /** Deletes a guardrail; its keys are released. */
  deleteGuardrail: (id: string) => call<void>("delete_guardrail", { id }),
  /** What assigning these keys would do: each key's guardrail being replaced. */
  previewGuardrailAssign: (id: string, hashes: string[]) =>
    call<AssignPreview>("preview_guardrail_assign", { id, hashes }),
  assignGuardrail: (id: string, hashes: string[]) => call<AssignOutcome>("assign_guardrail", { id, hashes }),
  /** Takes the keys out of whatever guardrail each holds. */
  removeGuardrail: (hashes: string[]) => call<AssignOutcome>("remove_guardrail", { hashes }),
  /** Models and providers seen in the workspace's last 30 days. */
  guardrailSuggestions: (workspaceId: string | null) =>
    call<GuardrailSuggestions>("guardrail_suggestions", { workspaceId }),
  /** Writes the given (visible) keys as CSV through a native save dialog;
   *  no secrets. Resolves to the path, or null when the person cancelled. */
  exportKeysCsv: (keys: KeyView[]) => call<string | null>("export_keys_csv", { keys }),
  exportAuditCsv: (filter: AuditFilter) => call<string | null>("export_audit_csv", { filter }),
  listAudit: (filter: AuditFilter) => call<AuditEntry[]>("list_audit", { filter }),

  // ---- bulk create / edit -------------------------------------------------
  expandNamePattern: (pattern: string, count: number, start: number) =>
    call<string[]>("expand_name_pattern", { pattern, count, start }),
  parseNamesCsv: (text: string) => call<ParsedNames>("parse_names_csv", { text }),
  /** Opens a native file dialog in Rust; null when cancelled. */
  importNamesCsv: () => call<ParsedNames | null>("import_names_csv"),
  previewBulkCreate: (input: BulkCreateInput) => call<CreatePreviewRow[]>("preview_bulk_create", { input }),
  /** Resolves to the batch id; poll `batchStatus` for progress. */
  startBulkCreate: (input: BulkCreateInput) => call<string>("start_bulk_create", { input }),
  previewBulkEdit: (input: BulkEditInput) => call<EditPreviewRow[]>("preview_bulk_edit", { input }),
  startBulkEdit: (input: BulkEditInput) => call<string>("start_bulk_edit", { input }),
  batchStatus: (batchId: string) => call<BatchStatus>("batch_status", { batchId }),
  cancelBatch: (batchId: string) => call<BatchStatus>("cancel_batch", { batchId }),
  /** Re-runs only the failed rows (the backend reconciles, so no duplicates); new batch id. */
  retryFailed: (batchId: string) => call<string>("retry_failed", { batchId }),

  // ---- batch reveal: key strings only on "Show all" -----------------------
  revealBatch: (revealId: string) => call<BatchSecret[]>("reveal_batch", { revealId }),
  copyBatchCsv: (revealId: string) => call<CopyOutcome>("copy_batch_csv", { revealId }),
  saveBatchCsv: (revealId: string) => call<string | null>("save_batch_csv", { revealId }),
  closeBatchReveal: (revealId: string) => call<void>("close_batch_reveal", { revealId }),

  // ---- About and signed updates (checked and verified in Rust) -------------
  aboutInfo: () => call<AboutInfo>("about_info"),
  setUpdateCheckAtStart: (enabled: boolean) => call<void>("set_update_check_at_start", { enabled }),
  checkForUpdate: () => call<UpdateCheck>("check_for_update"),
  /** Downloads, verifies the signature, installs and restarts; a refusal comes back as a message. */
  installUpdate: () => call<UpdateInstall>("install_update"),

  // ---- warnings: settings, the alert centre, "Refresh now" ------------------
  warningSettings: () => call<WarningSettings>("get_warning_settings"),
  /** Validated in Rust; an error names the field. Returns what was stored. */
  saveWarningSettings: (settings: WarningSettings) =>
    call<WarningSettings>("save_warning_settings", { settings }),
  alerts: () => call<AlertsView>("list_alerts"),
  /** Looks at the account now (the key list and credits) and returns the alert centre. */
  refreshAlerts: () => call<AlertsView>("refresh_alerts"),
  dismissAlert: (id: string) => call<AlertsView>("dismiss_alert", { id }),
};

export type Api = typeof api;
