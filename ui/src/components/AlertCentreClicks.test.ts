import { render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import AlertCentre from "./AlertCentre.svelte";
import { api } from "../lib/api";
import { alerts, NOTIFICATION_CLICKED_EVENT } from "../lib/alerts.svelte";
import { app } from "../lib/session.svelte";
import type { NotificationClicked } from "../lib/bindings/NotificationClicked";

// The app window's event bus, as Tauri's `listen` offers it: handlers by name.
const bus = vi.hoisted(() => new Map<string, (e: { payload: unknown }) => void>());
vi.mock("@tauri-apps/api/event", () => ({
  listen: vi.fn(async (name: string, handler: (e: { payload: unknown }) => void) => {
    bus.set(name, handler);
    return () => bus.delete(name);
  }),
}));
vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { alerts: vi.fn() } };
});

async function click(payload: NotificationClicked) {
  await waitFor(() => expect(bus.has(NOTIFICATION_CLICKED_EVENT)).toBe(true));
  bus.get(NOTIFICATION_CLICKED_EVENT)!({ payload });
}

describe("A click on a desktop notification", () => {
  beforeEach(() => {
    bus.clear();
    alerts.view = null;
    app.view = "overview";
    app.keysPreset = null;
    vi.mocked(api).alerts.mockResolvedValue({ active: [], history: [], status: { state: "watching" }, last_refresh: null });
  });

  it("about one key opens that key's page on the keys screen", async () => {
    render(AlertCentre);
    await click({ key_hash: "h1" });
    expect(app.view).toBe("keys");
    expect(app.keysPreset).toEqual({ open: "h1" });
    expect(screen.queryByRole("dialog", { name: "Warnings" })).not.toBeInTheDocument();
  });

  it("about several warnings opens the alert centre", async () => {
    render(AlertCentre);
    await click({ key_hash: null });
    expect(await screen.findByRole("dialog", { name: "Warnings" })).toBeInTheDocument();
    expect(app.view).toBe("overview");
  });

  it("stops being followed when the header goes (sign-out)", async () => {
    const { unmount } = render(AlertCentre);
    await waitFor(() => expect(bus.has(NOTIFICATION_CLICKED_EVENT)).toBe(true));
    unmount();
    await waitFor(() => expect(bus.has(NOTIFICATION_CLICKED_EVENT)).toBe(false));
  });
});
