import type { KeyView } from "./types";

/** What a hidden row of the key table shows: no key, nothing to read. */
export const BLANK_KEY: Readonly<KeyView> = Object.freeze({
  hash: "",
  name: "",
  label: "",
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
  created_at: null,
  updated_at: null,
  expires_at: null,
  last_used_at: null,
  workspace_id: null,
  creator_user_id: null,
});
