import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import AlertCentre from "./AlertCentre.svelte";
import { api } from "../lib/api";
import { alerts, statusText } from "../lib/alerts.svelte";
import { app } from "../lib/session.svelte";
import type { AlertView } from "../lib/bindings/AlertView";
import type { AlertsView } from "../lib/bindings/AlertsView";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return {
    ...orig,
    api: { alerts: vi.fn(), refreshAlerts: vi.fn(), dismissAlert: vi.fn(), warningSettings: vi.fn() },
  };
});

const m = vi.mocked(api);

function alert(over: Partial<AlertView>): AlertView {
  return {
    id: '{"kind":"credits_low"}',
    kind: "credits_low",
    key_hash: null,
    key_name: null,
    title: "Credits are down to $4.00",
    detail: "Below your warning at $10.00.",
    raised_at: "2026-12-01T10:00:00Z",
    cleared_at: null,
    dismissed: false,
    ...over,
  };
}

const limit = alert({
  id: '{"kind":"limit_reached","hash":"h1","percent":80,"window":"2026-12"}',
  kind: "limit_reached",
  key_hash: "h1",
  key_name: "Billing bot",
  title: "'Billing bot' has used $17.00 of its $20.00 monthly limit (85 %)",
});

function view(over: Partial<AlertsView>): AlertsView {
  return { active: [], history: [], status: { state: "watching" }, last_refresh: "2026-12-01T10:00:00Z", ...over };
}

describe("AlertCentre", () => {
  beforeEach(() => {
    alerts.view = null;
    alerts.error = null;
    app.view = "overview";
    app.keysPreset = null;
    m.alerts.mockReset().mockResolvedValue(view({ active: [limit, alert({})] }));
    m.refreshAlerts.mockReset();
    m.dismissAlert.mockReset();
  });

  it("counts the active warnings on the bell and lists them", async () => {
    render(AlertCentre);
    const bell = await screen.findByRole("button", { name: "Warnings (2)" });
    await fireEvent.click(bell);
    const list = screen.getByRole("list", { name: "Active warnings" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(2);
    expect(list).toHaveTextContent("Billing bot");
    expect(list).toHaveTextContent("Below your warning at $10.00.");
  });

  it("a new session shows none of the previous account's warnings while its own load", async () => {
    alerts.view = view({ active: [limit, alert({})] });
    m.alerts.mockReturnValue(new Promise(() => undefined));
    render(AlertCentre);
    expect(await screen.findByRole("button", { name: "Warnings" })).toBeInTheDocument();
    expect(alerts.view).toBeNull();
  });

  it("opens the key a warning is about", async () => {
    render(AlertCentre);
    await fireEvent.click(await screen.findByRole("button", { name: "Warnings (2)" }));
    const buttons = screen.getAllByRole("button", { name: "Open key" });
    expect(buttons).toHaveLength(1);
    await fireEvent.click(buttons[0]!);
    expect(app.view).toBe("keys");
    expect(app.keysPreset).toEqual({ query: "Billing bot", showAll: true, open: "h1" });
  });

  it("offers the action that answers each warning", async () => {
    const expiring = alert({
      id: '{"kind":"expires_soon","hash":"h2"}',
      kind: "expires_soon",
      key_hash: "h2",
      key_name: "Workshop 1",
      title: "'Workshop 1' expires in 2 days",
    });
    m.alerts.mockResolvedValue(view({ active: [limit, expiring, alert({})] }));
    app.view = "keys";
    render(AlertCentre);
    await fireEvent.click(await screen.findByRole("button", { name: "Warnings (3)" }));
    const [forLimit, forExpiry, forCredits] = within(screen.getByRole("list", { name: "Active warnings" })).getAllByRole("listitem");

    await fireEvent.click(within(forCredits!).getByRole("button", { name: "Open the overview" }));
    expect(app.view).toBe("overview");
    expect(screen.queryByRole("dialog", { name: "Warnings" })).not.toBeInTheDocument();

    await fireEvent.click(screen.getByRole("button", { name: "Warnings (3)" }));
    expect(within(forLimit!).queryByRole("button", { name: "Extend by rotation…" })).not.toBeInTheDocument();
    await fireEvent.click(within(screen.getAllByRole("listitem")[0]!).getByRole("button", { name: "Raise the limit…" }));
    expect(app.view).toBe("keys");
    expect(app.keysPreset).toEqual({ query: "Billing bot", showAll: true, open: "h1", then: "edit" });

    await fireEvent.click(screen.getByRole("button", { name: "Warnings (3)" }));
    expect(within(forExpiry!).queryByRole("button", { name: "Raise the limit…" })).not.toBeInTheDocument();
    await fireEvent.click(within(screen.getAllByRole("listitem")[1]!).getByRole("button", { name: "Extend by rotation…" }));
    expect(app.keysPreset).toEqual({ query: "Workshop 1", showAll: true, open: "h2", then: "extend" });
  });

  it("dismissing moves a warning to the history", async () => {
    m.dismissAlert.mockResolvedValue(view({ active: [alert({})], history: [{ ...limit, dismissed: true, cleared_at: "2026-12-01T11:00:00Z" }] }));
    render(AlertCentre);
    await fireEvent.click(await screen.findByRole("button", { name: "Warnings (2)" }));
    const first = within(screen.getByRole("list", { name: "Active warnings" })).getAllByRole("listitem")[0]!;
    await fireEvent.click(within(first).getByRole("button", { name: "Dismiss" }));
    expect(m.dismissAlert).toHaveBeenCalledWith(limit.id);
    await waitFor(() => expect(screen.getByRole("button", { name: "Warnings (1)" })).toBeInTheDocument());
    expect(screen.getByRole("list", { name: "Past warnings" })).toHaveTextContent("Billing bot");
    expect(screen.getByRole("list", { name: "Past warnings" })).toHaveTextContent("dismissed");
  });

  it("Refresh now looks at once and a failure says why", async () => {
    m.refreshAlerts.mockRejectedValue({ code: "offline", message: "No connection.", field: null, retry_after_secs: null });
    m.alerts.mockResolvedValueOnce(view({})).mockResolvedValue(view({ status: { state: "offline" } }));
    render(AlertCentre);
    await fireEvent.click(await screen.findByRole("button", { name: "Warnings" }));
    expect(screen.getByText(/No warnings/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Refresh now" }));
    expect(m.refreshAlerts).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent(/^Offline/));
    expect(await screen.findByText(/The warnings could not be updated\./)).toBeInTheDocument();
  });
});

describe("statusText", () => {
  it("says when OpenRouter asked to slow down and for how long", () => {
    expect(statusText({ state: "rate_limited", retry_in_secs: 1800 }, null)).toBe(
      "OpenRouter asked Keyhold to slow down; the next look is in about 30 min.",
    );
    expect(statusText({ state: "starting" }, null)).toBe("Looking at the account…");
    expect(statusText({ state: "failed", message: "Server error." }, null)).toBe("The last check failed: Server error.");
  });
});
