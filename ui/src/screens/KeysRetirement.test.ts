import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import Keys from "./Keys.svelte";
import { api } from "../lib/api";
import { formatDateTime } from "../lib/format";
import { app } from "../lib/session.svelte";
import type { RetireReminder } from "../lib/types";
import { makeKey } from "../test/fixtures";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  const fns = ["listKeys", "reminders", "setDisabled", "runDueRetirements", "keepOldKey", "dismissRetireNotice"];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const m = vi.mocked(api);
const spender = makeKey({ hash: "s", name: "CI pipeline", usage_weekly: 3.2 });
const idle = makeKey({ hash: "i", name: "Idle bot" });
const none = { plans: [], notices: [] };

function planFor(hash: string, name: string, dueAt: string): RetireReminder {
  return {
    id: `${hash}-1`,
    old_hash: hash,
    old_name: name,
    new_hash: "new",
    workspace_id: null,
    due_at: dueAt,
    due: false,
    then: "disable",
    problem: null,
    retry_at: null,
  };
}

describe("Disable asks first for a key that is spending, and offers Undo", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    app.keysPreset = null;
    m.listKeys.mockResolvedValue([spender, idle]);
    m.reminders.mockResolvedValue(none);
    m.setDisabled.mockImplementation(async (hash, disabled) => ({
      ...(hash === "s" ? spender : idle),
      disabled,
    }));
  });

  it("names the spend and sends nothing before the yes", async () => {
    render(Keys);
    await screen.findByText("2 keys");
    await fireEvent.click(screen.getByRole("button", { name: "Disable CI pipeline" }));
    const dialog = screen.getByRole("dialog", { name: "Disable key" });
    expect(dialog).toHaveTextContent("“CI pipeline” spent $3.20 this week; disabling stops it at once.");
    expect(m.setDisabled).not.toHaveBeenCalled();
    await fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(m.setDisabled).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole("button", { name: "Disable CI pipeline" }));
    await fireEvent.click(within(screen.getByRole("dialog", { name: "Disable key" })).getByRole("button", { name: "Disable" }));
    await waitFor(() => expect(m.setDisabled).toHaveBeenCalledWith("s", true));
    expect(await screen.findByText("Disabled “CI pipeline”.")).toBeInTheDocument();

    await fireEvent.click(screen.getByRole("button", { name: "Undo: enable CI pipeline again" }));
    await waitFor(() => expect(m.setDisabled).toHaveBeenLastCalledWith("s", false));
    expect(await screen.findByText("Enabled “CI pipeline” again.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Undo/ })).not.toBeInTheDocument();
  });

  it("disables a key without recent spend directly, still with Undo", async () => {
    render(Keys);
    await screen.findByText("2 keys");
    await fireEvent.click(screen.getByRole("button", { name: "Disable Idle bot" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(m.setDisabled).toHaveBeenCalledWith("i", true));
    expect(await screen.findByRole("button", { name: "Undo: enable Idle bot again" })).toBeInTheDocument();
  });
});

describe("Retiring keys on the keys screen", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    app.keysPreset = null;
    m.listKeys.mockResolvedValue([spender]);
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => vi.useRealTimers());

  it("shows the old key as replaced and retiring, and keeping it needs a yes", async () => {
    const due = new Date(Date.now() + 3_600_000).toISOString();
    const p = planFor("s", "CI pipeline", due);
    m.reminders.mockResolvedValue({ plans: [p], notices: [] });
    m.keepOldKey.mockResolvedValue(none);
    render(Keys);
    await screen.findByText("1 key");
    await waitFor(() =>
      expect(screen.getByRole("row", { name: /CI pipeline/ })).toHaveTextContent(
        `Replaced · retiring ${formatDateTime(due)}`,
      ),
    );
    // The edit dialog says so too.
    await fireEvent.click(screen.getByRole("button", { name: "Edit CI pipeline" }));
    const edit = screen.getByRole("dialog", { name: "Edit key" });
    expect(edit).toHaveTextContent(`Replaced · retiring ${formatDateTime(due)}.`);
    await fireEvent.click(within(edit).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const plans = screen.getByRole("region", { name: "Retiring keys" });
    expect(plans).toHaveTextContent(`keeps working until ${formatDateTime(due)}; then Keyhold disables it.`);
    await fireEvent.click(within(plans).getByRole("button", { name: "Keep the old key CI pipeline" }));
    expect(m.keepOldKey).not.toHaveBeenCalled();
    await fireEvent.click(within(plans).getByRole("button", { name: "Yes, keep it" }));
    await waitFor(() => expect(m.keepOldKey).toHaveBeenCalledWith(p.id));
    await waitFor(() => expect(screen.getByRole("row", { name: /CI pipeline/ })).toHaveTextContent("Active"));
  });

  it("asks the backend when the grace period ends, then shows what happened and reloads", async () => {
    const due = new Date(Date.now() + 120_000).toISOString();
    const p = planFor("s", "CI pipeline", due);
    m.reminders.mockResolvedValue({ plans: [p], notices: [] });
    m.runDueRetirements.mockResolvedValue({
      plans: [],
      notices: [
        { id: "n1", old_hash: "s", old_name: "CI pipeline", workspace_id: null, then: "disable", outcome: "retired", at: due },
      ],
    });
    render(Keys);
    await screen.findByText("1 key");
    await screen.findByRole("region", { name: "Retiring keys" });
    expect(m.runDueRetirements).not.toHaveBeenCalled();
    const loads = m.listKeys.mock.calls.length;
    await vi.advanceTimersByTimeAsync(121_000);
    await waitFor(() => expect(m.runDueRetirements).toHaveBeenCalledTimes(1));
    expect(await screen.findByText(/Keyhold disabled the old key “CI pipeline” at/)).toBeInTheDocument();
    await waitFor(() => expect(m.listKeys.mock.calls.length).toBeGreaterThan(loads));
  });
});
