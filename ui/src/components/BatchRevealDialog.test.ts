import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import BatchRevealDialog from "./BatchRevealDialog.svelte";
import { api } from "../lib/api";
import type { BatchRow } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  const fns = ["revealBatch", "copyBatchCsv", "saveBatchCsv", "retryFailed", "closeBatchReveal"];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const rows: BatchRow[] = [1, 2].map((n) => ({
  index: n - 1,
  name: `class-${n}`,
  hash: `h${n}`,
  state: "succeeded",
  error: null,
  note: null,
  has_secret: true,
}));

function setup() {
  const onclose = vi.fn();
  render(BatchRevealDialog, { props: { revealId: "rv", batchId: "b1", rows, lifetimeSecs: 600, onclose } });
  return { onclose };
}

describe("BatchRevealDialog", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(api.copyBatchCsv).mockResolvedValue({ clears_in_secs: 30 });
    vi.mocked(api.closeBatchReveal).mockResolvedValue(undefined);
  });

  it("says when the backend wipes the key strings", () => {
    setup();
    const dialog = screen.getByRole("dialog", { name: "Your new keys" });
    expect(dialog.textContent?.replace(/\s+/g, " ")).toContain(
      "in any case 10 minutes after the last one was created",
    );
  });

  it("opens with focus inside; Cancel in a warning gives focus back to the button that asked", async () => {
    setup();
    const dialog = screen.getByRole("dialog", { name: "Your new keys" });
    expect(dialog.contains(document.activeElement)).toBe(true);
    const copy = screen.getByRole("button", { name: "Copy all as CSV" });
    copy.focus();
    await fireEvent.click(copy);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" }));
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(document.activeElement).toBe(copy));
  });

  it("after Copy, closing does not warn about unsaved keys", async () => {
    const { onclose } = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Copy all as CSV" }));
    await fireEvent.click(screen.getByRole("button", { name: "Copy anyway" }));
    expect(await screen.findByText(/^Copied/)).toBeInTheDocument();
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByText(/Close without saving/)).not.toBeInTheDocument();
    await waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    expect(api.closeBatchReveal).toHaveBeenCalledWith("rv");
  });

  it("without Copy or Save, closing still warns", async () => {
    const { onclose } = setup();
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.getByText(/Close without saving the keys\?/)).toBeInTheDocument();
    expect(onclose).not.toHaveBeenCalled();
  });
});
