// The alert centre's state: the warnings the watch in Rust holds for this
// account, refreshed by its "alerts-changed" event, by "Refresh now" and by
// dismissing. Texts come from Rust (names and figures, never a key string).
import { listen } from "@tauri-apps/api/event";
import { api, toAppError } from "./api";
import type { AlertsView } from "./bindings/AlertsView";
import type { NotificationClicked } from "./bindings/NotificationClicked";
import type { WatchStatus } from "./bindings/WatchStatus";
import type { AppError } from "./types";

export const ALERTS_EVENT = "alerts-changed";
export const NOTIFICATION_CLICKED_EVENT = "notification-clicked";

export const alerts = $state({
  view: null as AlertsView | null,
  error: null as AppError | null,
  refreshing: false,
});

/** How many warnings hold now (the bell's count). */
export function activeCount(view: AlertsView | null): number {
  return view?.active.length ?? 0;
}

function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** One line on how the watch is doing. */
export function statusText(status: WatchStatus, lastRefresh: string | null): string {
  const last = lastRefresh ? ` Last checked at ${clock(lastRefresh)}.` : "";
  switch (status.state) {
    case "starting":
      return "Looking at the account…";
    case "watching":
      return `Watching.${last}`;
    case "offline":
      return `Offline: OpenRouter cannot be reached. Keyhold looks again every minute.${last}`;
    case "rate_limited": {
      const minutes = Math.max(1, Math.ceil(status.retry_in_secs / 60));
      return `OpenRouter asked Keyhold to slow down; the next look is in about ${minutes} min.${last}`;
    }
    case "failed":
      return `The last check failed: ${status.message}${last}`;
  }
}

export async function loadAlerts(): Promise<void> {
  try {
    alerts.view = await api.alerts();
    alerts.error = null;
  } catch (e) {
    alerts.error = toAppError(e);
  }
}

/** "Refresh now": looks at the account at once. */
export async function refreshNow(): Promise<void> {
  alerts.refreshing = true;
  try {
    alerts.view = await api.refreshAlerts();
    alerts.error = null;
  } catch (e) {
    // The watch's status says why; show it with the failure.
    await loadAlerts();
    alerts.error = toAppError(e);
  } finally {
    alerts.refreshing = false;
  }
}

export async function dismissAlert(id: string): Promise<void> {
  try {
    alerts.view = await api.dismissAlert(id);
    alerts.error = null;
  } catch (e) {
    alerts.error = toAppError(e);
  }
}

/** Follows the watch while signed in; returns the function that stops.
 *  Listens before loading, so a look that ends in between is not missed. */
export async function followAlerts(): Promise<() => void> {
  // A new session: nothing of the previous account's warnings may show.
  alerts.view = null;
  alerts.error = null;
  let stop: () => void = () => undefined;
  try {
    stop = await listen<AlertsView>(ALERTS_EVENT, (event) => {
      alerts.view = event.payload;
    });
  } catch {
    // Outside the app window (tests) there are no events to follow.
  }
  await loadAlerts();
  return stop;
}

/** Calls `onclick` with the key's hash (or null for a summary of several
 *  warnings) when one of Keyhold's desktop notifications is clicked. */
export async function followClicks(onclick: (keyHash: string | null) => void): Promise<() => void> {
  try {
    return await listen<NotificationClicked>(NOTIFICATION_CLICKED_EVENT, (event) => onclick(event.payload.key_hash));
  } catch {
    return () => undefined; // outside the app window (tests)
  }
}
