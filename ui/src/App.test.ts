import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeKey } from "./test/fixtures";
import App from "./App.svelte";
import { api } from "./lib/api";
import { setSession } from "./lib/session.svelte";
import type { SessionInfo, StartupInfo } from "./lib/types";

vi.mock("./lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("./lib/api")>();
  const fns = [
    "startup",
    "signIn",
    "signInFromClipboard",
    "signInStored",
    "startDemo",
    "signOut",
    "listKeys",
    "getKey",
    "createKey",
    "editKey",
    "setDisabled",
    "deleteKey",
    "rotateKey",
    "retireKey",
    "reminders",
    "dismissReminder",
    "revealSecret",
    "copySecret",
    "closeReveal",
    "getCredits",
    "listAudit",
    "exportAuditCsv",
  ];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const m = vi.mocked(api);
const SECRET = "sk-or-v1-secretsecretsecret";
const demo: SessionInfo = { mode: "demo", key_label: "sk-or-v1-dem...o", workspaces: [], default_workspace_id: null, api_base: null };
const keychainSession: SessionInfo = { ...demo, mode: "keychain", key_label: "sk-or-v1-abc...def" };
const startup = (over: Partial<StartupInfo> = {}): StartupInfo => ({
  keychain: { available: true, problem: null },
  session: null,
  stored_key_error: null,
  stored_key_waiting: false,
  api_base: null,
  demo_requested: false,
  version: "0.1.0",
  ...over,
});

describe("App", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    setSession(null);
    m.listKeys.mockResolvedValue([makeKey({ hash: "k1", name: "Marketing bot" })]);
    m.reminders.mockResolvedValue({ plans: [], notices: [] });
  });

  it("names a non-default API on the sign-in screen and uses a stored key only when asked", async () => {
    m.startup.mockResolvedValue(startup({ stored_key_waiting: true, api_base: "http://127.0.0.1:9/api/v1" }));
    m.signInStored.mockResolvedValue({ ...keychainSession, api_base: "http://127.0.0.1:9/api/v1" });
    render(App);
    const banner = await screen.findByRole("status", { name: "Not OpenRouter" });
    expect(banner).toHaveTextContent("http://127.0.0.1:9/api/v1");
    expect(m.signInStored).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole("button", { name: "Use the stored key with this server" }));
    await waitFor(() => expect(m.signInStored).toHaveBeenCalledTimes(1));
    expect(await screen.findByText("Marketing bot")).toBeInTheDocument();
    expect(screen.getByRole("status", { name: "Not OpenRouter" })).toBeInTheDocument();
  });

  it("signs in, clears the key field, and shows the keys", async () => {
    m.startup.mockResolvedValue(startup());
    m.signIn.mockResolvedValue(keychainSession);
    render(App);
    const input = await screen.findByLabelText("Management key");
    await fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(screen.getByText("Paste your management key.")).toBeInTheDocument();
    expect(m.signIn).not.toHaveBeenCalled();

    await fireEvent.input(input, { target: { value: "sk-or-v1-management" } });
    await fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(m.signIn).toHaveBeenCalledWith("sk-or-v1-management", true);
    expect(input).toHaveValue("");
    expect(await screen.findByText("1 key")).toBeInTheDocument();
    expect(screen.getByText("Key stored in keychain")).toBeInTheDocument();
    expect(screen.queryByText(/Demo — simulated account/)).not.toBeInTheDocument();
  });

  it("maps a regular API key error next to the field", async () => {
    m.startup.mockResolvedValue(startup({ keychain: { available: false, problem: "No Secret Service found." } }));
    m.signIn.mockRejectedValue({ code: "not_management_key", message: "x", field: null, retry_after_secs: null });
    render(App);
    const input = await screen.findByLabelText("Management key");
    expect(screen.getByLabelText("Remember on this computer")).toBeDisabled();
    expect(screen.getByText(/No Secret Service found\./)).toBeInTheDocument();
    await fireEvent.input(input, { target: { value: "sk-or-v1-regular" } });
    await fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() =>
      expect(input).toHaveAccessibleDescription(expect.stringContaining("This is a regular API key")),
    );
    expect(m.signIn).toHaveBeenCalledWith("sk-or-v1-regular", false);
    expect(input).toHaveValue("");
  });

  it("starts the demo when requested and shows the banner; full create → reveal flow", async () => {
    m.startup.mockResolvedValue(startup({ demo_requested: true }));
    m.startDemo.mockResolvedValue(demo);
    const created = makeKey({ hash: "new", name: "Class key" });
    m.createKey.mockResolvedValue({ key: created, reveal_id: "rv", reveal_lifetime_secs: 600 });
    m.revealSecret.mockResolvedValue(SECRET);
    m.closeReveal.mockResolvedValue(undefined);
    render(App);
    expect(await screen.findByText("Demo — simulated account, nothing is sent to OpenRouter")).toBeInTheDocument();
    expect(await screen.findByText("1 key")).toBeInTheDocument();

    await fireEvent.keyDown(window, { key: "n", ctrlKey: true });
    const dialog = screen.getByRole("dialog", { name: "New key" });
    await fireEvent.input(within(dialog).getByLabelText("Name"), { target: { value: "Class key" } });
    await fireEvent.click(within(dialog).getByRole("button", { name: "Create key" }));
    const reveal = await screen.findByRole("dialog", { name: "Your new key: Class key" });
    await fireEvent.click(within(reveal).getByRole("button", { name: "Show" }));
    await screen.findByDisplayValue(SECRET);
    await fireEvent.click(within(reveal).getByRole("button", { name: "I have saved it" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(screen.getByText("2 keys")).toBeInTheDocument();
    expect(screen.getByRole("row", { name: /Class key/ })).toHaveAttribute("data-hash", "new");
  });

  it("rotate → reveal → retire the old key", async () => {
    m.startup.mockResolvedValue(startup({ session: keychainSession }));
    const fresh = makeKey({ hash: "k2", name: "Marketing bot" });
    m.rotateKey.mockResolvedValue({ key: fresh, reveal_id: "rv2", reveal_lifetime_secs: 600 });
    m.closeReveal.mockResolvedValue(undefined);
    m.retireKey.mockResolvedValue({ plans: [], notices: [] });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Rotate Marketing bot" }));
    const rotate = screen.getByRole("dialog", { name: "Rotate key" });
    await fireEvent.change(within(rotate).getByLabelText("Expiry"), { target: { value: "never" } });
    await fireEvent.click(within(rotate).getByRole("button", { name: "Create replacement" }));
    expect(m.rotateKey).toHaveBeenCalledWith({ hash: "k1", expiry: { kind: "never" } });
    const reveal = await screen.findByRole("dialog", { name: "Your new key: Marketing bot" });
    await fireEvent.click(within(reveal).getByRole("button", { name: "I have saved it" }));
    const retire = await screen.findByRole("dialog", { name: "Retire the old key" });
    await fireEvent.click(within(retire).getByLabelText("Keep it working for a grace period"));
    await fireEvent.change(within(retire).getByLabelText("Grace period"), { target: { value: "168" } });
    await fireEvent.click(within(retire).getByRole("button", { name: "Confirm" }));
    await waitFor(() =>
      expect(m.retireKey).toHaveBeenCalledWith({ old_hash: "k1", new_hash: "k2", action: { kind: "grace", hours: 168, then: "disable" } }),
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("sign out asks first and mentions the keychain", async () => {
    m.startup.mockResolvedValue(startup({ session: keychainSession }));
    m.signOut.mockResolvedValue(undefined);
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: "Sign out" }));
    const dlg = screen.getByRole("dialog", { name: "Sign out" });
    expect(dlg).toHaveTextContent("keychain");
    expect(m.signOut).not.toHaveBeenCalled();
    await fireEvent.click(within(dlg).getByRole("button", { name: "Sign out and remove key" }));
    expect(await screen.findByLabelText("Management key")).toBeInTheDocument();
    expect(m.signOut).toHaveBeenCalled();
  });

  it("switches between Keys, Overview and Audit log; an overview figure opens the filtered list", async () => {
    m.startup.mockResolvedValue(startup({ session: keychainSession }));
    m.listKeys.mockResolvedValue([
      makeKey({ hash: "k1", name: "Marketing bot" }),
      makeKey({ hash: "k2", name: "Old bot", disabled: true }),
    ]);
    m.getCredits.mockResolvedValue({ total_credits: 100, total_usage: 40, remaining: 60 });
    m.listAudit.mockResolvedValue([]);
    render(App);
    expect(await screen.findByText("2 keys")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Keys" })).toHaveAttribute("aria-current", "page");

    await fireEvent.click(screen.getByRole("button", { name: "Overview" }));
    expect(await screen.findByText("$60.00")).toBeInTheDocument();
    await fireEvent.click(await screen.findByRole("button", { name: "Disabled 1" }));
    expect(await screen.findByRole("row", { name: /Old bot/ })).toHaveAttribute("data-hash", "k2");
    expect(screen.getByRole("button", { name: "Disabled" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByRole("row", { name: /Marketing bot/ })).not.toBeInTheDocument();

    await fireEvent.click(screen.getByRole("button", { name: "Audit log" }));
    expect(await screen.findByText(/No entries yet/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Audit log" })).toHaveAttribute("aria-current", "page");
  });
});
