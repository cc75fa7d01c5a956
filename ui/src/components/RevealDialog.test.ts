import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeKey } from "../test/fixtures";
import RevealDialog from "./RevealDialog.svelte";
import { api } from "../lib/api";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { revealSecret: vi.fn(), copySecret: vi.fn(), closeReveal: vi.fn() } };
});

const SECRET = "sk-or-v1-0123456789abcdef0123456789abcdef";
const created = { key: makeKey({ name: "Marketing bot" }), reveal_id: "reveal-42", reveal_lifetime_secs: 600 };

function setup() {
  const onclose = vi.fn();
  render(RevealDialog, { props: { created, onclose } });
  return { onclose };
}

function secretAnywhere(): boolean {
  const inputs = Array.from(document.querySelectorAll("input")).map((i) => i.value);
  return document.body.innerHTML.includes(SECRET) || inputs.includes(SECRET);
}

describe("RevealDialog", () => {
  beforeEach(() => {
    vi.mocked(api.revealSecret).mockReset().mockResolvedValue(SECRET);
    vi.mocked(api.copySecret).mockReset().mockResolvedValue({ clears_in_secs: 30 });
    vi.mocked(api.closeReveal).mockReset().mockResolvedValue(undefined);
  });
  afterEach(() => vi.useRealTimers());

  it("is masked until Show, and Hide drops the string", async () => {
    setup();
    expect(screen.getByRole("dialog", { name: "Your new key: Marketing bot" })).toBeInTheDocument();
    expect(screen.getByText("This key will not be shown again. Store it somewhere safe now.")).toBeInTheDocument();
    expect(screen.getByText("sk-or-v1-••••••••••••")).toBeInTheDocument();
    expect(secretAnywhere()).toBe(false);
    expect(api.revealSecret).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole("button", { name: "Show" }));
    await waitFor(() => expect(secretAnywhere()).toBe(true));
    expect(api.revealSecret).toHaveBeenCalledWith("reveal-42");
    const field = screen.getByDisplayValue(SECRET);
    expect(field).toHaveAttribute("readonly");

    await fireEvent.click(screen.getByRole("button", { name: "Hide" }));
    expect(secretAnywhere()).toBe(false);
    expect(screen.getByRole("button", { name: "Show" })).toBeInTheDocument();
  });

  it("shows the key unselected, so only Copy (with its timed clear) puts it on the clipboard", async () => {
    setup();
    await fireEvent.click(screen.getByRole("button", { name: "Show" }));
    const field = (await screen.findByDisplayValue(SECRET)) as HTMLInputElement;
    expect(field.selectionEnd ?? 0).toBe(field.selectionStart ?? 0);
    expect(document.activeElement).not.toBe(field);
  });

  it("says how long the key stays in memory", () => {
    setup();
    expect(screen.getByText(/and in any case 10 minutes after it was created/)).toBeInTheDocument();
  });

  it("Copy asks the backend and counts down the clipboard clearing", async () => {
    vi.useFakeTimers();
    setup();
    await fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    expect(api.copySecret).toHaveBeenCalledWith("reveal-42");
    await vi.waitFor(() => expect(screen.getByText("Copied — clipboard clears in 30 s")).toBeInTheDocument());
    await vi.advanceTimersByTimeAsync(3000);
    expect(screen.getByText("Copied — clipboard clears in 27 s")).toBeInTheDocument();
    // Copy never puts the string in the page.
    expect(secretAnywhere()).toBe(false);
  });

  it("Esc asks before closing; Cancel keeps it open", async () => {
    const { onclose } = setup();
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.getByText("Close without saving the key? It cannot be shown again.")).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByText(/Close without saving/)).not.toBeInTheDocument();
    expect(onclose).not.toHaveBeenCalled();
    expect(api.closeReveal).not.toHaveBeenCalled();
  });

  it("the X asks too, and Close anyway closes the reveal", async () => {
    const { onclose } = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Show" }));
    await waitFor(() => expect(secretAnywhere()).toBe(true));
    await fireEvent.click(screen.getByRole("button", { name: "Close" }));
    await fireEvent.click(screen.getByRole("button", { name: "Close anyway" }));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(api.closeReveal).toHaveBeenCalledWith("reveal-42");
    expect(secretAnywhere()).toBe(false);
  });

  it("I have saved it closes the reveal and the secret leaves the DOM", async () => {
    const { onclose } = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Show" }));
    await waitFor(() => expect(secretAnywhere()).toBe(true));
    await fireEvent.click(screen.getByRole("button", { name: "I have saved it" }));
    await waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    expect(api.closeReveal).toHaveBeenCalledWith("reveal-42");
    expect(secretAnywhere()).toBe(false);
  });

  it("opens with focus inside and gives it back to what had it on close", async () => {
    const opener = document.createElement("button");
    opener.textContent = "Opener";
    document.body.append(opener);
    opener.focus();
    const { onclose } = setup();
    const dialog = screen.getByRole("dialog", { name: "Your new key: Marketing bot" });
    expect(dialog.contains(document.activeElement)).toBe(true);
    await fireEvent.click(screen.getByRole("button", { name: "I have saved it" }));
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    cleanup();
    await waitFor(() => expect(document.activeElement).toBe(opener));
    opener.remove();
  });

  it("after Cancel in the close warning, focus is back in the dialog", async () => {
    setup();
    const show = screen.getByRole("button", { name: "Show" });
    show.focus();
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" }));
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(document.activeElement).toBe(show));
  });

  it("after Copy, closing does not warn about an unsaved key", async () => {
    const { onclose } = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    expect(await screen.findByText(/^Copied/)).toBeInTheDocument();
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(screen.queryByText(/Close without saving/)).not.toBeInTheDocument();
    await waitFor(() => expect(onclose).toHaveBeenCalledTimes(1));
    expect(api.closeReveal).toHaveBeenCalledWith("reveal-42");
  });

  it("explains when the key can no longer be shown", async () => {
    vi.mocked(api.revealSecret).mockRejectedValueOnce({
      code: "reveal_gone",
      message: "gone",
      field: null,
      retry_after_secs: null,
    });
    setup();
    await fireEvent.click(screen.getByRole("button", { name: "Show" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("This key can no longer be shown.");
  });
});
