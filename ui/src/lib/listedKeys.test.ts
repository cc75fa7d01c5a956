import { describe, expect, it } from "vitest";
import { makeKey } from "../test/fixtures";
import { keyViews } from "./listedKeys";
import type { KeyView } from "./types";
import type { ListedKeys } from "./bindings/ListedKeys";

/** Columns built the generic way: every field of every key, in order. */
function columns(keys: KeyView[]): ListedKeys {
  const out: Record<string, unknown[]> = {};
  for (const field of Object.keys(keys[0] as KeyView)) out[field] = [];
  for (const k of keys) for (const [field, value] of Object.entries(k)) out[field]?.push(value);
  return out as unknown as ListedKeys;
}

describe("keyViews", () => {
  it("puts every field of every key back where it came from", () => {
    // Every field differs between the keys and from the others' values.
    const keys = [1, 2, 3].map((i) =>
      makeKey({
        hash: `h${i}`,
        name: `Name ${i}`,
        label: `sk-or-v1-${i}`,
        disabled: i === 2,
        limit: i * 10,
        limit_remaining: i === 3 ? null : i * 3,
        limit_reset: i === 1 ? "daily" : null,
        include_byok_in_limit: i !== 1,
        usage: i + 0.1,
        usage_daily: i + 0.2,
        usage_weekly: i + 0.3,
        usage_monthly: i + 0.4,
        byok_usage: i + 0.5,
        byok_usage_daily: i + 0.6,
        byok_usage_weekly: i + 0.7,
        byok_usage_monthly: i + 0.8,
        created_at: `2026-01-0${i}T00:00:00Z`,
        updated_at: `2026-02-0${i}T00:00:00Z`,
        expires_at: i === 2 ? null : `2027-03-0${i}T00:00:00Z`,
        last_used_at: `2026-04-0${i}T00:00:00Z`,
        workspace_id: `ws${i}`,
        creator_user_id: `user${i}`,
      }),
    );
    expect(keyViews(columns(keys))).toEqual(keys);
  });

  it("turns an empty list into no keys", () => {
    const empty = columns([makeKey({})]);
    for (const field of Object.keys(empty)) (empty as unknown as Record<string, unknown[]>)[field] = [];
    expect(keyViews(empty)).toEqual([]);
  });
});
