import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import Keys from "./Keys.svelte";
import { api } from "../lib/api";
import { app } from "../lib/session.svelte";
import { makeKey } from "../test/fixtures";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  const fns = ["listKeys", "reminders", "getKey", "keyInsights", "keyGuardrails"];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const m = vi.mocked(api);
const ada = makeKey({ hash: "a", name: "Ada" });
const bob = makeKey({ hash: "b", name: "Bob" });
const gone = makeKey({ hash: "d", name: "Disabled one", disabled: true });

describe("The keys screen opens a key's page when asked while it is open", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    app.keysPreset = null;
    m.listKeys.mockResolvedValue([ada, bob]);
    m.reminders.mockResolvedValue({ plans: [], notices: [] });
    m.keyInsights.mockReturnValue(new Promise(() => undefined));
    m.keyGuardrails.mockResolvedValue([]);
  });

  it("a listed key: its page, and the search behind it is kept", async () => {
    render(Keys);
    await screen.findByText("2 keys");
    const search = screen.getByRole("searchbox");
    await fireEvent.input(search, { target: { value: "Bo" } });
    app.keysPreset = { open: "b" };
    expect(await screen.findByRole("heading", { level: 1, name: "Bob" })).toBeInTheDocument();
    expect(search).toHaveValue("Bo");
    expect(app.keysPreset).toBeNull();
    expect(m.getKey).not.toHaveBeenCalled();
  });

  it("a key the list does not hold (disabled, hidden) is asked of the account", async () => {
    m.getKey.mockResolvedValue(gone);
    render(Keys);
    await screen.findByText("2 keys");
    app.keysPreset = { open: "d" };
    expect(await screen.findByRole("heading", { level: 1, name: "Disabled one" })).toBeInTheDocument();
    expect(m.getKey).toHaveBeenCalledWith("d");
  });

  it("a key that is gone says so and stays on the list", async () => {
    m.getKey.mockRejectedValue({ code: "not_found", message: "No such key.", field: null, retry_after_secs: null });
    render(Keys);
    await screen.findByText("2 keys");
    app.keysPreset = { open: "x" };
    expect(await screen.findByText("That key is no longer on the account.")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { level: 1 })).not.toBeInTheDocument();
  });

  it("a warning's Raise the limit opens the key's edit dialog", async () => {
    render(Keys);
    await screen.findByText("2 keys");
    app.keysPreset = { query: "Bob", showAll: true, open: "b", then: "edit" };
    const dialog = await screen.findByRole("dialog", { name: "Edit key" });
    expect(within(dialog).getByRole("textbox", { name: "Name" })).toHaveValue("Bob");
    expect(screen.queryByRole("heading", { level: 1 })).not.toBeInTheDocument();
  });

  it("a warning's Extend by rotation opens the rotation for a new expiry", async () => {
    render(Keys);
    await screen.findByText("2 keys");
    app.keysPreset = { open: "a", then: "extend" };
    const dialog = await screen.findByRole("dialog", { name: "Rotate key" });
    expect(dialog).toHaveTextContent("OpenRouter cannot change a key's expiry after it is created.");
    expect(dialog).toHaveTextContent("Ada");
  });

  it("a warning's Open key names the view too: search and all keys", async () => {
    render(Keys);
    await screen.findByText("2 keys");
    app.keysPreset = { query: "Ada", showAll: true, open: "a" };
    expect(await screen.findByRole("heading", { level: 1, name: "Ada" })).toBeInTheDocument();
    await waitFor(() => expect(m.listKeys).toHaveBeenLastCalledWith(expect.objectContaining({ include_disabled: true })));
  });
});
