import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeKey } from "../test/fixtures";
import DeleteDialog from "./DeleteDialog.svelte";
import { api } from "../lib/api";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { deleteKey: vi.fn() } };
});

describe("DeleteDialog", () => {
  beforeEach(() => vi.mocked(api.deleteKey).mockReset().mockResolvedValue(undefined));

  it("names the key and its spend; a recently used key needs its name typed", async () => {
    const key = makeKey({ hash: "d1", name: "Marketing bot", usage_monthly: 12.4, usage: 80 });
    const ondeleted = vi.fn();
    render(DeleteDialog, { props: { key, onclose: vi.fn(), ondeleted } });
    expect(screen.getByRole("dialog", { name: "Delete key" })).toHaveTextContent("Marketing bot");
    expect(screen.getByText("Spent $12.40 this month, $80.00 lifetime.")).toBeInTheDocument();

    const del = screen.getByRole("button", { name: "Delete" });
    expect(del).toBeDisabled();
    const confirm = screen.getByLabelText(/Type its name/);
    await fireEvent.input(confirm, { target: { value: "Marketing" } });
    expect(del).toBeDisabled();
    await fireEvent.click(del);
    expect(api.deleteKey).not.toHaveBeenCalled();

    await fireEvent.input(confirm, { target: { value: "Marketing bot" } });
    expect(del).toBeEnabled();
    await fireEvent.click(del);
    await waitFor(() => expect(ondeleted).toHaveBeenCalledWith(key));
    expect(api.deleteKey).toHaveBeenCalledWith("d1");
  });

  it("an unused key can be deleted without typing", async () => {
    const key = makeKey({ hash: "d2", name: "Old", usage_monthly: 0, last_used_at: null });
    render(DeleteDialog, { props: { key, onclose: vi.fn(), ondeleted: vi.fn() } });
    expect(screen.queryByLabelText(/Type its name/)).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(api.deleteKey).toHaveBeenCalledWith("d2"));
  });

  it("shows a failure and stays open", async () => {
    vi.mocked(api.deleteKey).mockRejectedValueOnce({
      code: "rate_limited",
      message: "x",
      field: null,
      retry_after_secs: 12,
    });
    const ondeleted = vi.fn();
    render(DeleteDialog, { props: { key: makeKey(), onclose: vi.fn(), ondeleted } });
    await fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("OpenRouter is rate-limiting requests. Try again in 12 s.");
    expect(ondeleted).not.toHaveBeenCalled();
  });
});
