// One import point for the IPC types that ts-rs generates from the Rust DTOs
// (./bindings/, never hand-edited).
export type { AppError } from "./bindings/AppError";
export type { CopyOutcome } from "./bindings/CopyOutcome";
export type { CreateKeyInput } from "./bindings/CreateKeyInput";
export type { CreatedKeyView } from "./bindings/CreatedKeyView";
export type { EditKeyInput } from "./bindings/EditKeyInput";
export type { EditOutcome } from "./bindings/EditOutcome";
export type { ErrorCode } from "./bindings/ErrorCode";
export type { ExpiryChoice } from "./bindings/ExpiryChoice";
export type { KeyView } from "./bindings/KeyView";
export type { KeychainStatus } from "./bindings/KeychainStatus";
export type { ListKeysInput } from "./bindings/ListKeysInput";
export type { ResetPeriod } from "./bindings/ResetPeriod";
export type { RetireAction } from "./bindings/RetireAction";
export type { RetireInput } from "./bindings/RetireInput";
export type { RetireReminder } from "./bindings/RetireReminder";
export type { RotateInput } from "./bindings/RotateInput";
export type { SessionInfo } from "./bindings/SessionInfo";
export type { SessionMode } from "./bindings/SessionMode";
export type { StartupInfo } from "./bindings/StartupInfo";
export type { WorkspaceView } from "./bindings/WorkspaceView";
