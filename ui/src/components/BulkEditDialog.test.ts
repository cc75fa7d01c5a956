import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import BulkEditDialog from "./BulkEditDialog.svelte";
import BatchRun from "./BatchRun.svelte";
import { api } from "../lib/api";
import { makeKey } from "../test/fixtures";
import type { BatchStatus, EditPreviewRow } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  const fns = ["previewBulkEdit", "startBulkEdit", "batchStatus", "cancelBatch", "retryFailed"];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const m = vi.mocked(api);
const keys = [makeKey({ hash: "a", name: "Alpha" }), makeKey({ hash: "b", name: "Beta" }), makeKey({ hash: "c", name: "Gamma" })];
const prow = (hash: string, name: string, over: Partial<EditPreviewRow> = {}): EditPreviewRow => ({
  hash,
  name,
  field: "limit",
  before: "none",
  after: "25",
  changes: true,
  problem: null,
  stops: null,
  ...over,
});
const status = (over: Partial<BatchStatus> = {}): BatchStatus => ({
  batch_id: "e1",
  kind: "edit",
  total: 2,
  done: 2,
  succeeded: 1,
  failed: 1,
  running: false,
  cancelled: false,
  rows: [
    { index: 0, name: "Alpha", hash: "a", state: "succeeded", error: null, note: null, has_secret: false },
    {
      index: 1,
      name: "Beta",
      hash: "b",
      state: "failed",
      error: { code: "rate_limited", message: "x", field: null, retry_after_secs: 5 },
      note: null,
      has_secret: false,
    },
  ],
  reveal_id: null,
  reveal_lifetime_secs: 600,
  ...over,
});

describe("BulkEditDialog", () => {
  beforeEach(() => vi.clearAllMocks());

  it("marks every key a new limit stops and sends nothing before a second confirmation", async () => {
    m.previewBulkEdit.mockResolvedValue([
      prow("a", "Alpha", { stops: { spent: 37.4, limit: 20, limit_reset: "monthly" } }),
      prow("b", "Beta"),
    ]);
    m.startBulkEdit.mockResolvedValue("e1");
    m.batchStatus.mockResolvedValue(status());
    render(BulkEditDialog, { props: { keys, action: "set_limit", onclose: vi.fn(), onchanged: vi.fn() } });
    const dialog = screen.getByRole("dialog", { name: "Bulk edit" });
    await fireEvent.input(within(dialog).getByLabelText("New spend limit (USD)"), { target: { value: "20" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    const table = await screen.findByRole("table", { name: "Changes to apply" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("Stops this key now (spent $37.40 of a new $20.00 monthly limit)");
    expect(rows[1]).toHaveTextContent("Will change");
    expect(screen.getByText(/1 key will stop working at once/)).toBeInTheDocument();

    await fireEvent.click(screen.getByRole("button", { name: "Apply to 2 keys" }));
    expect(m.startBulkEdit).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Apply to 2 keys" })).toBeDisabled();
    await fireEvent.click(screen.getByRole("button", { name: "Stop 1 key and apply" }));
    expect(m.startBulkEdit).toHaveBeenCalledWith({ hashes: ["a", "b"], action: { kind: "set_limit", limit: "20" } });
  });

  it("previews before → after for every key and applies only to the keys that change", async () => {
    m.previewBulkEdit.mockResolvedValue([
      prow("a", "Alpha"),
      prow("b", "Beta", { before: "10", after: "25" }),
      prow("c", "Gamma", { before: "25", after: "25", changes: false }),
    ]);
    m.startBulkEdit.mockResolvedValue("e1");
    m.batchStatus.mockResolvedValue(status());
    const onchanged = vi.fn();
    render(BulkEditDialog, { props: { keys, action: "set_limit", onclose: vi.fn(), onchanged } });
    const dialog = screen.getByRole("dialog", { name: "Bulk edit" });
    await fireEvent.input(within(dialog).getByLabelText("New spend limit (USD)"), { target: { value: "25" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    expect(m.previewBulkEdit).toHaveBeenCalledWith({ hashes: ["a", "b", "c"], action: { kind: "set_limit", limit: "25" } });

    const table = await screen.findByRole("table", { name: "Changes to apply" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("Alpha");
    expect(rows[0]).toHaveTextContent("no limit → $25.00");
    expect(rows[1]).toHaveTextContent("$10.00 → $25.00");
    expect(rows[2]).toHaveTextContent("Skipped (already so)");
    expect(screen.getByText(/2 of 3 keys will/)).toBeInTheDocument();

    await fireEvent.click(screen.getByRole("button", { name: "Apply to 2 keys" }));
    expect(m.startBulkEdit).toHaveBeenCalledWith({ hashes: ["a", "b"], action: { kind: "set_limit", limit: "25" } });
    expect(await screen.findByRole("button", { name: "Retry failed (1)" })).toBeInTheDocument();
    expect(screen.getByText(/OpenRouter is rate-limiting requests\. Try again in 5 s\./)).toBeInTheDocument();
    expect(onchanged).toHaveBeenCalledTimes(1);
  });

  it("sets a limit and its reset period in one action ($20 a month)", async () => {
    m.previewBulkEdit.mockResolvedValue([
      prow("a", "Alpha", { field: "limit_and_reset", before: "none, never", after: "20, monthly" }),
      prow("b", "Beta", { field: "limit_and_reset", before: "20, monthly", after: "20, monthly", changes: false }),
    ]);
    render(BulkEditDialog, { props: { keys, action: "set_limit", onclose: vi.fn(), onchanged: vi.fn() } });
    const dialog = screen.getByRole("dialog", { name: "Bulk edit" });
    const reset = within(dialog).getByLabelText("Limit resets");
    expect(reset).toHaveValue("keep");
    await fireEvent.input(within(dialog).getByLabelText("New spend limit (USD)"), { target: { value: "20" } });
    await fireEvent.change(reset, { target: { value: "monthly" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    expect(m.previewBulkEdit).toHaveBeenCalledWith({
      hashes: ["a", "b", "c"],
      action: { kind: "set_limit_and_reset", limit: "20", reset: "monthly" },
    });
    const table = await screen.findByRole("table", { name: "Changes to apply" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("Limit, resets");
    expect(rows[0]).toHaveTextContent("no limit, never → $20.00, monthly");
    expect(screen.getByText("Set the spend limit to $20.00, reset monthly")).toBeInTheDocument();
  });

  it("validates the limit before asking the backend", async () => {
    render(BulkEditDialog, { props: { keys, action: "set_limit", onclose: vi.fn(), onchanged: vi.fn() } });
    await fireEvent.input(screen.getByLabelText("New spend limit (USD)"), { target: { value: "-3" } });
    await fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect(screen.getByText("The limit cannot be negative.")).toBeInTheDocument();
    expect(m.previewBulkEdit).not.toHaveBeenCalled();
  });

  it("deleting in bulk requires typing the number of keys", async () => {
    m.previewBulkEdit.mockResolvedValue([
      prow("a", "Alpha", { field: "key", before: "exists", after: "deleted" }),
      prow("b", "Beta", { field: "key", before: "exists", after: "deleted" }),
      prow("c", "", { problem: { code: "not_found", message: "x", field: null, retry_after_secs: null }, changes: false }),
    ]);
    m.startBulkEdit.mockResolvedValue("e1");
    m.batchStatus.mockResolvedValue(status());
    render(BulkEditDialog, { props: { keys, action: "delete", onclose: vi.fn(), onchanged: vi.fn() } });
    await fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect(await screen.findByText(/That key no longer exists/)).toBeInTheDocument();
    const apply = screen.getByRole("button", { name: "Apply to 2 keys" });
    expect(apply).toBeDisabled();
    const confirm = screen.getByLabelText(/type the number of keys: 2/);
    await fireEvent.input(confirm, { target: { value: "3" } });
    expect(apply).toBeDisabled();
    await fireEvent.input(confirm, { target: { value: "2" } });
    expect(apply).toBeEnabled();
    await fireEvent.click(apply);
    expect(m.startBulkEdit).toHaveBeenCalledWith({ hashes: ["a", "b"], action: { kind: "delete" } });
  });
});

describe("BatchRun", () => {
  beforeEach(() => vi.clearAllMocks());

  it("polls while running, shows progress, and cancels", async () => {
    const running = status({ running: true, done: 1, succeeded: 1, failed: 0, total: 4 });
    m.batchStatus.mockResolvedValue(running);
    m.cancelBatch.mockResolvedValue(status({ cancelled: true, total: 4, done: 4, succeeded: 1, failed: 0, rows: [] }));
    const onfinished = vi.fn();
    render(BatchRun, { props: { batchId: "e1", onfinished, pollMs: 5 } });
    const bar = await screen.findByRole("progressbar");
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "1"));
    expect(bar).toHaveAttribute("aria-valuemax", "4");
    await waitFor(() => expect(m.batchStatus.mock.calls.length).toBeGreaterThan(2));
    expect(screen.getByRole("status")).toHaveTextContent("Updating 1 of 4 keys…");
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(m.cancelBatch).toHaveBeenCalledWith("e1");
    await waitFor(() => expect(onfinished).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole("button", { name: "Cancel" })).not.toBeInTheDocument();
  });

  it("Retry failed re-runs the same batch and reports it finished again", async () => {
    let retried = false;
    m.batchStatus.mockImplementation(async () =>
      retried
        ? status({ succeeded: 2, failed: 0, rows: status().rows.map((r) => ({ ...r, state: "succeeded" as const, error: null })) })
        : status(),
    );
    m.retryFailed.mockImplementation(async (id: string) => {
      retried = true;
      return id;
    });
    const onfinished = vi.fn();
    render(BatchRun, { props: { batchId: "e1", onfinished, pollMs: 5 } });
    await fireEvent.click(await screen.findByRole("button", { name: "Retry failed (1)" }));
    expect(m.retryFailed).toHaveBeenCalledWith("e1");
    await waitFor(() => expect(onfinished).toHaveBeenCalledTimes(2));
    expect(screen.getByRole("status")).toHaveTextContent("Updated 2 of 2 keys.");
    expect(screen.queryByRole("button", { name: /Retry failed/ })).not.toBeInTheDocument();
  });
});
