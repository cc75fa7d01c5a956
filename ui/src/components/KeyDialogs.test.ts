import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { makeKey } from "../test/fixtures";
import KeyDialogs from "./KeyDialogs.svelte";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { createKey: vi.fn(), revealSecret: vi.fn(), copySecret: vi.fn(), closeReveal: vi.fn() } };
});

const noop = () => {};
const handlers = { onadded: noop, onreplaced: noop, ondeleted: noop, onreload: noop, onreminders: noop, onnote: noop };

describe("Key dialog flows", () => {
  it("the reveal view that follows a create keeps focus inside it", async () => {
    const opener = document.createElement("button");
    opener.textContent = "New key";
    document.body.append(opener);
    opener.focus();
    const { rerender } = render(KeyDialogs, { props: { modal: { kind: "create" }, ...handlers } });
    expect(screen.getByRole("dialog", { name: "New key" }).contains(document.activeElement)).toBe(true);
    const created = { key: makeKey({ name: "Bot" }), reveal_id: "r1", reveal_lifetime_secs: 600 };
    await rerender({ modal: { kind: "reveal", created, rotatedFrom: null } });
    const reveal = screen.getByRole("dialog", { name: "Your new key: Bot" });
    // The closed create dialog must not pull focus back to its opener behind the reveal view.
    await new Promise((r) => setTimeout(r, 0));
    await waitFor(() => expect(reveal.contains(document.activeElement)).toBe(true));
    expect(document.activeElement).not.toBe(opener);
    opener.remove();
  });
});
