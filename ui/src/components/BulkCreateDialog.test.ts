import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import BulkCreateDialog from "./BulkCreateDialog.svelte";
import { api } from "../lib/api";
import { app, emptyBulkDraft } from "../lib/session.svelte";
import type { BatchRow, BatchStatus, CreatePreviewRow } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  const fns = [
    "expandNamePattern",
    "parseNamesCsv",
    "importNamesCsv",
    "previewBulkCreate",
    "startBulkCreate",
    "batchStatus",
    "cancelBatch",
    "retryFailed",
    "revealBatch",
    "copyBatchCsv",
    "saveBatchCsv",
    "closeBatchReveal",
  ];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const m = vi.mocked(api);
const SECRET = "sk-or-v1-batchsecret-0001";

const prow = (name: string, over: Partial<CreatePreviewRow> = {}): CreatePreviewRow => ({
  name,
  limit: 5,
  limit_reset: "monthly",
  expires_at: null,
  collision: false,
  duplicate_in_batch: false,
  problem: null,
  ...over,
});
const brow = (index: number, over: Partial<BatchRow> = {}): BatchRow => ({
  index,
  name: `Workshop – ${index + 1}`,
  hash: `h${index}`,
  state: "succeeded",
  error: null,
  note: null,
  has_secret: true,
  ...over,
});
const done = (over: Partial<BatchStatus> = {}): BatchStatus => ({
  batch_id: "b1",
  kind: "create",
  total: 3,
  done: 3,
  succeeded: 2,
  failed: 1,
  running: false,
  cancelled: false,
  rows: [
    brow(0),
    brow(1),
    brow(2, { hash: null, has_secret: false, state: "failed", error: { code: "server", message: "x", field: null, retry_after_secs: null } }),
  ],
  reveal_id: "rv1",
  reveal_lifetime_secs: 600,
  ...over,
});

function setup() {
  const onclose = vi.fn();
  const onchanged = vi.fn();
  render(BulkCreateDialog, { props: { onclose, onchanged } });
  return { onclose, onchanged, dialog: screen.getByRole("dialog", { name: "Bulk create keys" }) };
}

describe("BulkCreateDialog", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    app.bulkDraft = emptyBulkDraft();
    app.workspaceId = null;
  });

  it("previews a pattern with collisions flagged before anything is sent", async () => {
    m.expandNamePattern.mockResolvedValue(["Workshop – 1", "Workshop – 2"]);
    m.previewBulkCreate.mockResolvedValue([prow("Workshop – 1", { collision: true }), prow("Workshop – 2")]);
    const { dialog } = setup();
    await fireEvent.input(within(dialog).getByLabelText("Name pattern"), { target: { value: "Workshop – {n}" } });
    await fireEvent.input(within(dialog).getByLabelText("How many"), { target: { value: "2" } });
    await fireEvent.input(within(dialog).getByLabelText("Spend limit (USD)"), { target: { value: "5" } });
    await fireEvent.change(within(dialog).getByLabelText("Limit resets"), { target: { value: "monthly" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));

    expect(m.expandNamePattern).toHaveBeenCalledWith("Workshop – {n}", 2, 1);
    const table = await screen.findByRole("table", { name: "Keys to create" });
    expect(m.previewBulkCreate).toHaveBeenCalledWith({
      names: [
        { name: "Workshop – 1", limit: null },
        { name: "Workshop – 2", limit: null },
      ],
      limit: "5",
      limit_reset: "monthly",
      include_byok_in_limit: false,
      expires_at: null,
      workspace_id: null,
    });
    expect(within(table).getByText("A key with this name already exists")).toBeInTheDocument();
    expect(within(table).getAllByText("$5.00 / month")).toHaveLength(2);
    expect(m.startBulkCreate).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Create 2 keys" })).toBeEnabled();
  });

  it("blocks Create while a row has a problem; Back keeps what was typed", async () => {
    m.previewBulkCreate.mockResolvedValue([prow("Ann"), prow("Ann", { duplicate_in_batch: true })]);
    const { dialog } = setup();
    await fireEvent.click(within(dialog).getByLabelText("A list of names"));
    await fireEvent.input(within(dialog).getByLabelText("Names (one per line)"), { target: { value: "Ann\nAnn\n" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    expect(await screen.findByText("Listed more than once")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Create 2 keys" })).toBeDisabled();
    await fireEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.getByLabelText("Names (one per line)")).toHaveValue("Ann\nAnn\n");
  });

  it("shows field errors without calling the backend, and keeps input on a backend error", async () => {
    const { dialog } = setup();
    await fireEvent.input(within(dialog).getByLabelText("Name pattern"), { target: { value: "Workshop" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    expect(await within(dialog).findByText(/Put \{n\} where the number goes/)).toBeInTheDocument();
    expect(m.expandNamePattern).not.toHaveBeenCalled();

    m.expandNamePattern.mockRejectedValue({ code: "offline", message: "x", field: null, retry_after_secs: null });
    await fireEvent.input(within(dialog).getByLabelText("Name pattern"), { target: { value: "W {n}" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("You appear to be offline.");
    expect(within(dialog).getByLabelText("Name pattern")).toHaveValue("W {n}");
  });

  it("imports names from a CSV with their own limits and lists unusable lines", async () => {
    m.importNamesCsv.mockResolvedValue({
      names: [
        { name: "Ann", limit: "10" },
        { name: "Bo", limit: null },
      ],
      problems: [{ line: 4, message: "The name is empty." }],
    });
    m.previewBulkCreate.mockResolvedValue([prow("Ann"), prow("Bo")]);
    const { dialog } = setup();
    await fireEvent.click(within(dialog).getByLabelText("A list of names"));
    await fireEvent.click(within(dialog).getByRole("button", { name: "Import CSV…" }));
    await waitFor(() => expect(within(dialog).getByLabelText("Names (one per line)")).toHaveValue("Ann\nBo"));
    expect(within(dialog).getByText("Line 4: The name is empty.")).toBeInTheDocument();
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    await waitFor(() => expect(m.previewBulkCreate).toHaveBeenCalled());
    expect(m.previewBulkCreate.mock.calls[0]![0].names).toEqual([
      { name: "Ann", limit: "10" },
      { name: "Bo", limit: null },
    ]);
  });

  it("runs the batch, then reveals the created keys in one view; failures are listed", async () => {
    m.expandNamePattern.mockResolvedValue(["Workshop – 1", "Workshop – 2", "Workshop – 3"]);
    m.previewBulkCreate.mockResolvedValue([prow("Workshop – 1"), prow("Workshop – 2"), prow("Workshop – 3")]);
    m.startBulkCreate.mockResolvedValue("b1");
    m.batchStatus
      .mockResolvedValueOnce(done({ running: true, done: 1, succeeded: 1, failed: 0, reveal_id: null }))
      .mockResolvedValue(done());
    m.revealBatch.mockResolvedValue([
      { name: "Workshop – 1", hash: "h0", key: SECRET },
      { name: "Workshop – 2", hash: "h1", key: "sk-or-v1-batchsecret-0002" },
    ]);
    m.copyBatchCsv.mockResolvedValue({ clears_in_secs: 30 });
    m.closeBatchReveal.mockResolvedValue(undefined);
    const { onchanged, dialog } = setup();
    await fireEvent.input(within(dialog).getByLabelText("How many"), { target: { value: "3" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Create 3 keys" }));

    const bar = await screen.findByRole("progressbar");
    expect(bar).toHaveAttribute("aria-valuemax", "3");
    const reveal = await screen.findByRole("dialog", { name: "Your new keys" }, { timeout: 2000 });
    expect(onchanged).toHaveBeenCalled();
    expect(within(reveal).getAllByRole("row")).toHaveLength(3); // header + 2 created
    expect(within(reveal).getByText(/1 name was not created/)).toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(SECRET);

    await fireEvent.click(within(reveal).getByRole("button", { name: "Show all" }));
    await waitFor(() => expect(document.body.innerHTML).toContain(SECRET));
    await fireEvent.click(within(reveal).getByRole("button", { name: "Hide all" }));
    expect(document.body.innerHTML).not.toContain(SECRET);

    // Copy sits behind an explicit warning.
    await fireEvent.click(within(reveal).getByRole("button", { name: "Copy all as CSV" }));
    expect(within(reveal).getByText(/contain live API keys/)).toBeInTheDocument();
    expect(m.copyBatchCsv).not.toHaveBeenCalled();
    await fireEvent.click(within(reveal).getByRole("button", { name: "Copy anyway" }));
    expect(m.copyBatchCsv).toHaveBeenCalledWith("rv1");
    expect(await within(reveal).findByText(/clipboard clears in 30 s/)).toBeInTheDocument();

    // The failure is retried inside the reveal, so its new key joins this view.
    m.retryFailed.mockResolvedValue("b1");
    m.batchStatus.mockResolvedValue(
      done({ succeeded: 3, failed: 0, rows: [brow(0), brow(1), brow(2)] }),
    );
    await fireEvent.click(within(reveal).getByRole("button", { name: "Retry failed (1)" }));
    expect(m.retryFailed).toHaveBeenCalledWith("b1");
    await waitFor(() => expect(within(reveal).getAllByRole("row")).toHaveLength(4));
    expect(within(reveal).queryByText(/not created/)).not.toBeInTheDocument();
    expect(onchanged).toHaveBeenCalledTimes(2);

    // Esc asks first; "I have saved them" closes and wipes.
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(within(reveal).getByText("Close without saving the keys? They cannot be shown again.")).toBeInTheDocument();
    await fireEvent.click(within(reveal).getByRole("button", { name: "Cancel" }));
    await fireEvent.click(within(reveal).getByRole("button", { name: "I have saved them" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Your new keys" })).not.toBeInTheDocument());
    expect(m.closeBatchReveal).toHaveBeenCalledWith("rv1");
    expect(document.body.innerHTML).not.toContain(SECRET);

    // Back in the progress view, refreshed; the reveal is not offered again.
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Created 3 of 3 keys."));
    expect(screen.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "3");
    expect(screen.queryByRole("button", { name: /Retry failed/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("dialog", { name: "Your new keys" })).not.toBeInTheDocument();
  });

  it("after the reveal is closed, failures are not retried (their key strings would be lost)", async () => {
    m.expandNamePattern.mockResolvedValue(["A 1", "A 2", "A 3"]);
    m.previewBulkCreate.mockResolvedValue([prow("A 1"), prow("A 2"), prow("A 3")]);
    m.startBulkCreate.mockResolvedValue("b1");
    m.batchStatus.mockResolvedValue(done());
    m.closeBatchReveal.mockResolvedValue(undefined);
    const { dialog } = setup();
    await fireEvent.input(within(dialog).getByLabelText("How many"), { target: { value: "3" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Create 3 keys" }));
    const reveal = await screen.findByRole("dialog", { name: "Your new keys" });
    await fireEvent.click(within(reveal).getByRole("button", { name: "Close" }));
    expect(within(reveal).getByText(/1 failed name can no longer be retried here/)).toBeInTheDocument();
    await fireEvent.click(within(reveal).getByRole("button", { name: "Close anyway" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Your new keys" })).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Created 2 of 3 keys. 1 failed."));
    expect(screen.queryByRole("button", { name: /Retry failed/ })).not.toBeInTheDocument();
  });

  /** Creates one key ("A 1") through the dialog; returns its batch reveal. */
  async function revealOfOneKey(): Promise<HTMLElement> {
    m.expandNamePattern.mockResolvedValue(["A 1"]);
    m.previewBulkCreate.mockResolvedValue([prow("A 1")]);
    m.startBulkCreate.mockResolvedValue("b1");
    m.batchStatus.mockResolvedValue(done({ total: 1, done: 1, succeeded: 1, failed: 0, rows: [brow(0, { name: "A 1" })] }));
    const { dialog } = setup();
    await fireEvent.input(within(dialog).getByLabelText("How many"), { target: { value: "1" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Preview" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Create 1 key" }));
    return screen.findByRole("dialog", { name: "Your new keys" });
  }

  it("Save as CSV… warns first and reports where it saved", async () => {
    m.saveBatchCsv.mockResolvedValue("/home/me/keys.csv");
    const reveal = await revealOfOneKey();
    await fireEvent.click(within(reveal).getByRole("button", { name: "Save as CSV…" }));
    expect(m.saveBatchCsv).not.toHaveBeenCalled();
    await fireEvent.click(within(reveal).getByRole("button", { name: "Save anyway" }));
    expect(await within(reveal).findByText("Saved to /home/me/keys.csv")).toBeInTheDocument();
  });

  it("a copy's countdown does not hide where the file was saved", async () => {
    m.copyBatchCsv.mockResolvedValue({ clears_in_secs: 30 });
    m.saveBatchCsv.mockResolvedValue("/home/me/keys.csv");
    const reveal = await revealOfOneKey();
    await fireEvent.click(within(reveal).getByRole("button", { name: "Copy all as CSV" }));
    await fireEvent.click(within(reveal).getByRole("button", { name: "Copy anyway" }));
    expect(await within(reveal).findByText(/clipboard clears in 30 s/)).toBeInTheDocument();
    await fireEvent.click(within(reveal).getByRole("button", { name: "Save as CSV…" }));
    await fireEvent.click(within(reveal).getByRole("button", { name: "Save anyway" }));
    expect(await within(reveal).findByText("Saved to /home/me/keys.csv")).toBeInTheDocument();
    expect(within(reveal).getByText(/clipboard clears in/)).toBeInTheDocument();
  });
});
