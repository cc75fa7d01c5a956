import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import Keys from "./Keys.svelte";
import { api } from "../lib/api";
import { insightsCache } from "../lib/insightsCache";
import { COLUMNS_STORAGE_KEY } from "../lib/keyColumns";
import { app } from "../lib/session.svelte";
import { makeKey } from "../test/fixtures";
import type { KeyInsights, SpendHistoryView } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  const fns = ["listKeys", "reminders", "setDisabled", "exportKeysCsv", "previewBulkEdit", "keyInsights", "keyGuardrails"];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const m = vi.mocked(api);

function headers(): string[] {
  return screen.getAllByRole("columnheader").map((h) => h.textContent?.replace(/[▲▼]/g, "").trim() ?? "");
}

function rowNames(): string[] {
  return screen
    .getAllByRole("row")
    .filter((r) => r.hasAttribute("data-hash"))
    .map((r) => within(r).getByRole("button", { name: /^Open / }).textContent ?? "");
}

beforeEach(() => {
  vi.clearAllMocks();
  localStorage.clear();
  insightsCache.clear();
  app.keysPreset = null;
  m.reminders.mockResolvedValue({ plans: [], notices: [] });
  m.keyGuardrails.mockResolvedValue([]);
});

describe("Keys screen: column picker", () => {
  it("shows the finance columns, and remembers extra ones chosen from the keyboard", async () => {
    m.listKeys.mockResolvedValue([makeKey({ hash: "a", name: "Alpha", usage_daily: 1.5, usage_monthly: 4, limit: 20, limit_remaining: 16, limit_reset: "monthly" })]);
    const first = render(Keys);
    await screen.findByText("1 key");
    expect(headers()).toEqual(["", "Name", "Status", "This month", "Limit", "Expires", "Guardrail", "Actions"]);
    const row = screen.getAllByRole("row")[1]!;
    expect(row).toHaveTextContent("$20.00 / month");
    expect(row).toHaveTextContent("$16.00 left");

    const button = screen.getByRole("button", { name: "Columns" });
    expect(button).toHaveAttribute("aria-expanded", "false");
    await fireEvent.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    const group = screen.getByRole("group", { name: "Columns shown" });
    // The first choice has focus, so the list works from the keyboard.
    await vi.waitFor(() => expect(within(group).getByRole("checkbox", { name: "Key (masked)" })).toHaveFocus());
    expect(within(group).getByRole("checkbox", { name: "Name" })).toBeDisabled();
    await fireEvent.click(within(group).getByRole("checkbox", { name: "Today" }));
    expect(headers()).toContain("Today");
    expect(screen.getAllByRole("row")[1]).toHaveTextContent("$1.50");
    await fireEvent.keyDown(within(group).getByRole("checkbox", { name: "Today" }), { key: "Escape" });
    expect(screen.queryByRole("group", { name: "Columns shown" })).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    expect(JSON.parse(localStorage.getItem(COLUMNS_STORAGE_KEY)!)).toContain("usage_daily");

    first.unmount();
    render(Keys);
    await screen.findByText("1 key");
    expect(headers()).toContain("Today");
    await fireEvent.click(screen.getByRole("button", { name: "Columns" }));
    await fireEvent.click(screen.getByRole("button", { name: "Default columns" }));
    expect(headers()).not.toContain("Today");
  });
});

describe("Keys screen: sorted by a column not chosen", () => {
  it("shows that column (the overview's 'Today' opens the list sorted by it)", async () => {
    m.listKeys.mockResolvedValue([makeKey({ hash: "a", name: "Alpha", usage_daily: 2 }), makeKey({ hash: "b", name: "Beta", usage_daily: 5 })]);
    app.keysPreset = { showAll: true, sort: { column: "usage_daily", dir: "desc" } };
    render(Keys);
    await screen.findByText("2 keys");
    expect(headers()).toEqual(["", "Name", "Status", "Today", "This month", "Limit", "Expires", "Guardrail", "Actions"]);
    expect(screen.getByRole("columnheader", { name: /Today/ })).toHaveAttribute("aria-sort", "descending");
    expect(rowNames()).toEqual(["Beta", "Alpha"]);
    // Sorted by another column, it steps back into the picker.
    await fireEvent.click(screen.getByRole("button", { name: /^Name/ }));
    expect(headers()).not.toContain("Today");
  });
});

function history(total: number): SpendHistoryView {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return { first_day: "2000-01-01", last_day: yesterday, days: [], models: [], total, burn_rate: 0, last_active: total > 0 ? yesterday : null };
}

describe("Keys screen: no spend in 30 days", () => {
  it("lists idle keys, says what it rests on, and hands them to the bulk Disable", async () => {
    const keys = [
      makeKey({ hash: "a", name: "Active spender", usage: 40, usage_daily: 1, usage_weekly: 3, usage_monthly: 9 }),
      makeKey({ hash: "b", name: "Idle by activity", usage: 40 }),
      makeKey({ hash: "c", name: "Spent last month", usage: 40 }),
      makeKey({ hash: "d", name: "Never used", usage: 0 }),
      makeKey({ hash: "e", name: "Spent last week", usage: 40 }),
      makeKey({ hash: "f", name: "Off already", usage: 0, disabled: true }),
    ];
    insightsCache.set("b", { history: history(0) } as KeyInsights);
    insightsCache.set("e", { history: history(12) } as KeyInsights);
    m.listKeys.mockResolvedValue(keys);
    render(Keys);
    await screen.findByText("6 keys");

    await fireEvent.click(screen.getByRole("button", { name: "No spend in 30 days" }));
    expect(screen.getByRole("button", { name: "No spend in 30 days" })).toHaveAttribute("aria-pressed", "true");
    expect(rowNames()).toEqual(["Idle by activity", "Never used", "Off already", "Spent last month"]);
    const note = screen.getByText(/^No spend in 30 days:/);
    expect(note).toHaveTextContent("1 by their 30-day activity");
    expect(note).toHaveTextContent("2 never spent anything");
    expect(note).toHaveTextContent(/1 only by this week's and month's totals, which reach back to .* \(UTC\), not 30 days/);
    expect(screen.getByText(/4 shown/)).toBeInTheDocument();

    // The key only the windows call idle can be checked on its activity.
    m.keyInsights.mockResolvedValue({ key: keys[2], history: history(12) } as KeyInsights);
    await fireEvent.click(screen.getByRole("button", { name: "Check their 30-day activity (1)" }));
    await vi.waitFor(() => expect(rowNames()).toEqual(["Idle by activity", "Never used", "Off already"]));
    expect(m.keyInsights).toHaveBeenCalledExactlyOnceWith("c");
    expect(screen.getByText(/^No spend in 30 days:/)).not.toHaveTextContent("totals");

    await fireEvent.click(screen.getByRole("button", { name: "Select these 2 enabled keys" }));
    const bar = screen.getByRole("toolbar", { name: "Bulk actions" });
    expect(bar).toHaveTextContent("2 selected");
    expect(screen.getByRole("checkbox", { name: "Select Off already" })).not.toBeChecked();
    await fireEvent.click(within(bar).getByRole("button", { name: "Disable" }));
    const dialog = screen.getByRole("dialog", { name: "Bulk edit" });
    expect(dialog).toHaveTextContent("2 keys selected.");
    expect(within(dialog).getByLabelText("Change")).toHaveValue("disable");
  });
});
