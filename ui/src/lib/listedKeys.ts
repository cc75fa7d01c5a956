// The key list arrives as one array per field (see `ListedKeys` in Rust:
// half the bytes of one object per key at 10,000 keys); the screens work on
// `KeyView` objects, built here in one pass.
import type { KeyView } from "./bindings/KeyView";
import type { ListedKeys } from "./bindings/ListedKeys";

export function keyViews(c: ListedKeys): KeyView[] {
  const n = c.hash.length;
  const out = new Array<KeyView>(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      hash: c.hash[i] as string,
      name: c.name[i] as string,
      label: c.label[i] as string,
      disabled: c.disabled[i] as boolean,
      limit: c.limit[i] as number | null,
      limit_remaining: c.limit_remaining[i] as number | null,
      limit_reset: c.limit_reset[i] as string | null,
      include_byok_in_limit: c.include_byok_in_limit[i] as boolean,
      usage: c.usage[i] as number,
      usage_daily: c.usage_daily[i] as number,
      usage_weekly: c.usage_weekly[i] as number,
      usage_monthly: c.usage_monthly[i] as number,
      byok_usage: c.byok_usage[i] as number,
      byok_usage_daily: c.byok_usage_daily[i] as number,
      byok_usage_weekly: c.byok_usage_weekly[i] as number,
      byok_usage_monthly: c.byok_usage_monthly[i] as number,
      created_at: c.created_at[i] as string | null,
      updated_at: c.updated_at[i] as string | null,
      expires_at: c.expires_at[i] as string | null,
      last_used_at: c.last_used_at[i] as string | null,
      workspace_id: c.workspace_id[i] as string | null,
      creator_user_id: c.creator_user_id[i] as string | null,
    };
  }
  return out;
}
