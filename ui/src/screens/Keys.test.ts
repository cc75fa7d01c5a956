import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import Keys from "./Keys.svelte";
import { api } from "../lib/api";
import { app } from "../lib/session.svelte";
import { makeKey } from "../test/fixtures";
import { NOTICE_MS } from "../lib/notice.svelte";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  const fns = ["listKeys", "reminders", "setDisabled", "exportKeysCsv", "previewBulkEdit", "keyInsights"];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const m = vi.mocked(api);
const keys = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"].map((name, i) =>
  makeKey({ hash: `h${i}`, name, usage: i, disabled: name === "Delta" }),
);

function bodyRows(): HTMLElement[] {
  return screen.getAllByRole("row").filter((r) => r.hasAttribute("data-hash"));
}

describe("Keys screen: selection and bulk actions", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    app.keysPreset = null;
    m.listKeys.mockResolvedValue(keys);
    m.reminders.mockResolvedValue({ plans: [], notices: [] });
  });

  it("selects with checkboxes, shift-click ranges and select-all filtered", async () => {
    render(Keys);
    await screen.findByText("5 keys");
    expect(screen.queryByRole("toolbar", { name: "Bulk actions" })).not.toBeInTheDocument();

    await fireEvent.click(screen.getByRole("checkbox", { name: "Select Alpha" }));
    await fireEvent.click(screen.getByRole("checkbox", { name: "Select Delta" }), { shiftKey: true });
    const bar = screen.getByRole("toolbar", { name: "Bulk actions" });
    // Rows are sorted by name: Alpha, Beta, Delta, Epsilon, Gamma.
    expect(bar).toHaveTextContent("3 selected");
    for (const n of ["Alpha", "Beta", "Delta"]) {
      expect(screen.getByRole("checkbox", { name: `Select ${n}` })).toBeChecked();
    }
    expect(screen.getByRole("checkbox", { name: "Select Epsilon" })).not.toBeChecked();
    // Shift+click from the same anchor extends the range.
    await fireEvent.click(screen.getByRole("checkbox", { name: "Select Epsilon" }), { shiftKey: true });
    expect(bar).toHaveTextContent("4 selected");
    expect(screen.getByRole("checkbox", { name: "Select Gamma" })).not.toBeChecked();
    for (const b of ["Set limit…", "Clear limit", "Set reset…", "BYOK…", "Disable", "Enable", "Delete…", "Clear selection"]) {
      expect(within(bar).getByRole("button", { name: b })).toBeInTheDocument();
    }

    await fireEvent.click(within(bar).getByRole("button", { name: "Clear selection" }));
    expect(screen.queryByRole("toolbar", { name: "Bulk actions" })).not.toBeInTheDocument();

    // Select all of the filtered list only.
    await fireEvent.input(screen.getByLabelText("Search keys"), { target: { value: "a" } });
    const all = screen.getByRole("checkbox", { name: /^Select all \d+ filtered$/ });
    const shown = bodyRows().length;
    expect(all).toHaveAccessibleName(`Select all ${shown} filtered`);
    await fireEvent.click(all);
    expect(screen.getByRole("toolbar", { name: "Bulk actions" })).toHaveTextContent(`${shown} selected`);
    await fireEvent.input(screen.getByLabelText("Search keys"), { target: { value: "Alpha" } });
    expect(screen.getByRole("toolbar", { name: "Bulk actions" })).toHaveTextContent("not shown by the current search");
  });

  it("opens the bulk edit dialog for the selected keys with the chosen action", async () => {
    render(Keys);
    await screen.findByText("5 keys");
    await fireEvent.click(screen.getByRole("checkbox", { name: "Select Beta" }));
    await fireEvent.click(screen.getByRole("checkbox", { name: "Select Gamma" }));
    await fireEvent.click(screen.getByRole("button", { name: "Delete…" }));
    const dialog = screen.getByRole("dialog", { name: "Bulk edit" });
    expect(dialog).toHaveTextContent("2 keys selected.");
    expect(within(dialog).getByLabelText("Change")).toHaveValue("delete");
  });

  it("asks whether to export all keys or the ones shown, and names the count", async () => {
    m.exportKeysCsv.mockResolvedValue("/tmp/keys.csv");
    const everyKey = [...keys, makeKey({ hash: "hx", name: "Expired with spend", usage: 7 })];
    render(Keys);
    await screen.findByText("5 keys");
    m.listKeys.mockResolvedValue(everyKey);
    await fireEvent.input(screen.getByLabelText("Search keys"), { target: { value: "Beta" } });
    await fireEvent.click(screen.getByRole("button", { name: "Export CSV…" }));
    const ask = await screen.findByRole("dialog", { name: "Export keys as CSV" });
    expect(m.listKeys).toHaveBeenLastCalledWith({ workspace_id: null, include_disabled: true, include_expired: true });
    expect(ask).toHaveTextContent("The list shows 1 of 6 keys.");
    expect(m.exportKeysCsv).not.toHaveBeenCalled();
    await fireEvent.click(within(ask).getByRole("button", { name: "The 1 shown" }));
    expect(m.exportKeysCsv).toHaveBeenCalledWith([keys[1]]);
    expect(await screen.findByText("Exported 1 key to /tmp/keys.csv.")).toBeInTheDocument();

    await fireEvent.click(screen.getByRole("button", { name: "Export CSV…" }));
    const again = await screen.findByRole("dialog", { name: "Export keys as CSV" });
    expect(screen.queryByText(/^Exported/)).not.toBeInTheDocument();
    await fireEvent.click(within(again).getByRole("button", { name: "All 6 keys" }));
    expect(m.exportKeysCsv).toHaveBeenLastCalledWith(everyKey);
    expect(await screen.findByText("Exported 6 keys to /tmp/keys.csv.")).toBeInTheDocument();
  });

  it("exports without asking when the list shows every key", async () => {
    m.exportKeysCsv.mockResolvedValue("/tmp/keys.csv");
    render(Keys);
    await screen.findByText("5 keys");
    await fireEvent.click(screen.getByRole("button", { name: "Export CSV…" }));
    expect(await screen.findByText("Exported 5 keys to /tmp/keys.csv.")).toBeInTheDocument();
    expect(m.exportKeysCsv.mock.lastCall![0].map((k) => k.hash).sort()).toEqual(keys.map((k) => k.hash));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("Cancel in the export question writes nothing", async () => {
    render(Keys);
    await screen.findByText("5 keys");
    await fireEvent.input(screen.getByLabelText("Search keys"), { target: { value: "Beta" } });
    await fireEvent.click(screen.getByRole("button", { name: "Export CSV…" }));
    const ask = await screen.findByRole("dialog", { name: "Export keys as CSV" });
    await fireEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(m.exportKeysCsv).not.toHaveBeenCalled();
  });

  it("opens with the filter an overview figure asked for", async () => {
    app.keysPreset = { showAll: true, filters: { disabled: true } };
    render(Keys);
    await waitFor(() =>
      expect(m.listKeys).toHaveBeenCalledWith({ workspace_id: null, include_disabled: true, include_expired: true }),
    );
    await screen.findByText(/1 shown/);
    expect(screen.getByRole("button", { name: "Disabled" })).toHaveAttribute("aria-pressed", "true");
    expect(bodyRows().map((r) => r.dataset.hash)).toEqual(["h3"]);
    expect(app.keysPreset).toBeNull();
  });

  it("a key's name opens its page; Back shows the list as it was", async () => {
    m.keyInsights.mockRejectedValue({ code: "offline", message: "x", field: null, retry_after_secs: null });
    render(Keys);
    await screen.findByText("5 keys");
    await fireEvent.input(screen.getByRole("searchbox", { name: "Search keys" }), { target: { value: "Gam" } });
    await fireEvent.click(screen.getByRole("button", { name: "Open Gamma" }));
    expect(await screen.findByRole("heading", { name: "Gamma" })).toBeInTheDocument();
    expect(m.keyInsights).toHaveBeenCalledWith("h2");
    await fireEvent.click(screen.getByRole("button", { name: "← Back to keys" }));
    expect(screen.queryByRole("heading", { name: "Gamma" })).not.toBeInTheDocument();
    expect(screen.getByRole("searchbox", { name: "Search keys" })).toHaveValue("Gam");
    expect(bodyRows().map((r) => r.dataset.hash)).toEqual(["h2"]);
  });
});

describe("Keys screen at rest", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    app.keysPreset = null;
    m.reminders.mockResolvedValue({ plans: [], notices: [] });
    // Fake timers that still advance with real time, so the queries' polling works.
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => vi.useRealTimers());

  it("leaves no timer running when nothing shown can change", async () => {
    m.listKeys.mockResolvedValue(keys);
    render(Keys);
    await screen.findByText("5 keys");
    await screen.findByText(/^Updated /);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("waits with one timer for the next change of a shown status, and shows it", async () => {
    const soon = new Date(Date.now() + 7 * 86_400_000 + 120_000).toISOString();
    m.listKeys.mockResolvedValue([makeKey({ hash: "x", name: "Soon", expires_at: soon })]);
    render(Keys);
    await screen.findByText("1 key");
    expect(screen.getByRole("row", { name: /Soon/ })).toHaveTextContent("Active");
    // One for the list's statuses, one for the rows' relative dates; no interval.
    expect(vi.getTimerCount()).toBeLessThanOrEqual(2);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(screen.getByRole("row", { name: /Soon/ })).toHaveTextContent("Expires in 7 days");
  });
});

describe("Keys screen notices", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    app.keysPreset = null;
    m.listKeys.mockResolvedValue(keys);
    m.reminders.mockResolvedValue({ plans: [], notices: [] });
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => vi.useRealTimers());

  it("a success notice goes away after a few seconds; an error stays", async () => {
    m.setDisabled.mockResolvedValueOnce({ ...keys[0]!, disabled: true });
    render(Keys);
    await screen.findByText("5 keys");
    await fireEvent.click(screen.getByRole("button", { name: "Disable Alpha" }));
    expect(await screen.findByText("Disabled “Alpha”.")).toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(NOTICE_MS);
    expect(screen.queryByText("Disabled “Alpha”.")).not.toBeInTheDocument();

    m.setDisabled.mockRejectedValueOnce({ code: "network", message: "offline", field: null, retry_after_secs: null });
    await fireEvent.click(screen.getByRole("button", { name: "Disable Beta" }));
    expect(await screen.findByText("Could not disable “Beta”.")).toBeInTheDocument();
    await vi.advanceTimersByTimeAsync(NOTICE_MS * 3);
    expect(screen.getByText("Could not disable “Beta”.")).toBeInTheDocument();
  });

  it("the next action clears the last notice", async () => {
    m.setDisabled.mockResolvedValueOnce({ ...keys[0]!, disabled: true });
    render(Keys);
    await screen.findByText("5 keys");
    await fireEvent.click(screen.getByRole("button", { name: "Disable Alpha" }));
    expect(await screen.findByText("Disabled “Alpha”.")).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "New key" }));
    expect(screen.queryByText("Disabled “Alpha”.")).not.toBeInTheDocument();
  });
});
