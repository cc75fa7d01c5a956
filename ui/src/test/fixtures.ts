// Test data builders shared by the unit and component tests.
import { BLANK_KEY } from "../lib/blankKey";
import type { KeyView } from "../lib/types";

export function makeKey(overrides: Partial<KeyView> = {}): KeyView {
  return {
    ...BLANK_KEY,
    hash: "hash-1",
    name: "Marketing bot",
    label: "sk-or-v1-abc...xyz",
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-02T00:00:00Z",
    ...overrides,
  };
}
