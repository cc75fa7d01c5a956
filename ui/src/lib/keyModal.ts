// The dialogs of the keys screen; one at a time, possibly several in a row
// (create → reveal, rotate → reveal → retire).
import type { EditActionKind } from "./bulk";
import type { CreatedKeyView, KeyView, RetireReminder } from "./types";

export type KeyModal =
  | { kind: "create" }
  | { kind: "reveal"; created: CreatedKeyView; rotatedFrom: KeyView | null }
  | { kind: "edit"; key: KeyView; retiring?: RetireReminder | null }
  | { kind: "rotate"; key: KeyView; forExpiry: boolean }
  | { kind: "retire"; old: KeyView; newHash: string }
  | { kind: "delete"; key: KeyView; remove?: (k: KeyView) => Promise<unknown> }
  | { kind: "disable"; key: KeyView; warning: string; confirm: () => void }
  | { kind: "bulkCreate" }
  | { kind: "bulkEdit"; keys: KeyView[]; action: EditActionKind };
