// Key pages already loaded in this session: opening a key again shows them
// at once; "Refresh" asks again. Cleared when the session changes.
import type { KeyInsights } from "./types";

export type CachedInsights = { data: KeyInsights; loadedAt: Date };

const pages = new Map<string, CachedInsights>();

export const insightsCache = {
  get: (hash: string): CachedInsights | undefined => pages.get(hash),
  set: (hash: string, data: KeyInsights, loadedAt = new Date()): void => void pages.set(hash, { data, loadedAt }),
  clear: (): void => pages.clear(),
};
