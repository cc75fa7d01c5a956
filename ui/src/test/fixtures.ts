// Test data builders shared by the unit and component tests.
import type { KeyView } from "../lib/types";

export function makeKey(overrides: Partial<KeyView> = {}): KeyView {
  return {
    hash: "hash-1",
    name: "Marketing bot",
    label: "sk-or-v1-abc...xyz",
    disabled: false,
    limit: null,
    limit_remaining: null,
    limit_reset: null,
    include_byok_in_limit: false,
    usage: 0,
    usage_daily: 0,
    usage_weekly: 0,
    usage_monthly: 0,
    byok_usage: 0,
    byok_usage_daily: 0,
    byok_usage_weekly: 0,
    byok_usage_monthly: 0,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-02T00:00:00Z",
    expires_at: null,
    last_used_at: null,
    workspace_id: null,
    creator_user_id: null,
    ...overrides,
  };
}
