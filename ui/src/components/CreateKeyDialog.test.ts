import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeKey } from "../test/fixtures";
import CreateKeyDialog from "./CreateKeyDialog.svelte";
import { api } from "../lib/api";
import { app, emptyDraft } from "../lib/session.svelte";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { createKey: vi.fn() } };
});

const createKey = vi.mocked(api.createKey);

function setup() {
  const props = { onclose: vi.fn(), oncreated: vi.fn(), onrefresh: vi.fn() };
  render(CreateKeyDialog, { props });
  return props;
}

async function type(label: string | RegExp, value: string) {
  await fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe("CreateKeyDialog", () => {
  beforeEach(() => {
    createKey.mockReset();
    app.createDraft = emptyDraft();
    app.workspaceId = "ws-1";
  });

  it("is a dialog named 'New key' with the name field focused", () => {
    setup();
    const dialog = screen.getByRole("dialog", { name: "New key" });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(screen.getByLabelText("Name")).toHaveFocus();
  });

  it("says what Create key will make in one line", async () => {
    setup();
    expect(screen.getByText("No limit · never expires")).toBeInTheDocument();
    await type("Spend limit (USD)", "20");
    await fireEvent.change(screen.getByLabelText("Limit resets"), { target: { value: "monthly" } });
    await fireEvent.change(screen.getByLabelText("Expiry"), { target: { value: "30" } });
    expect(screen.getByText("$20.00 / month · expires in 30 days")).toBeInTheDocument();
  });

  it("moves on with Enter in the name field instead of creating an unlimited key", async () => {
    setup();
    await type("Name", "Bot");
    await fireEvent.keyDown(screen.getByLabelText("Name"), { key: "Enter" });
    expect(createKey).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Spend limit (USD)")).toHaveFocus();
    await fireEvent.keyDown(screen.getByLabelText("Spend limit (USD)"), { key: "Enter" });
    expect(createKey).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Limit resets")).toHaveFocus();
  });

  it("says Cancel keeps the draft, and Discard empties it", async () => {
    const props = setup();
    expect(screen.getByText(/Cancel keeps what you typed for next time/)).toBeInTheDocument();
    await type("Name", "Half-typed");
    await fireEvent.click(screen.getByRole("button", { name: "Discard" }));
    expect(props.onclose).toHaveBeenCalled();
    expect(app.createDraft.name).toBe("");
  });

  it("shows messages next to invalid fields and sends nothing", async () => {
    setup();
    await type("Spend limit (USD)", "12,34");
    await fireEvent.click(screen.getByRole("button", { name: "Create key" }));

    const name = screen.getByLabelText("Name");
    expect(name).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("Enter a name for the key.");
    const limit = screen.getByLabelText("Spend limit (USD)");
    expect(limit).toHaveAttribute("aria-invalid", "true");
    expect(limit).toHaveAccessibleDescription(expect.stringContaining("Not a dollar amount"));
    expect(createKey).not.toHaveBeenCalled();
    expect(name).toHaveFocus();
  });

  it("rejects an expiry in the past", async () => {
    setup();
    await type("Name", "Bot");
    await fireEvent.change(screen.getByLabelText("Expiry"), { target: { value: "custom" } });
    await type(/Expires at/, "2020-01-01T10:00");
    await fireEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect(screen.getByText("Pick a date and time in the future.")).toBeInTheDocument();
    expect(createKey).not.toHaveBeenCalled();
  });

  it("sends the trimmed name, typed limit and UTC expiry", async () => {
    const created = { key: makeKey({ name: "Bot" }), reveal_id: "r1", reveal_lifetime_secs: 600 };
    createKey.mockResolvedValue(created);
    const props = setup();
    await type("Name", "  Bot  ");
    await type("Spend limit (USD)", "$1,000.50");
    await fireEvent.change(screen.getByLabelText("Limit resets"), { target: { value: "monthly" } });
    await fireEvent.click(screen.getByLabelText("Include BYOK usage in limit"));
    await fireEvent.change(screen.getByLabelText("Expiry"), { target: { value: "30" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create key" }));

    await waitFor(() => expect(props.oncreated).toHaveBeenCalledWith(created));
    const input = createKey.mock.calls[0]![0];
    expect(input).toMatchObject({
      name: "Bot",
      limit: "$1,000.50",
      limit_reset: "monthly",
      include_byok_in_limit: true,
      workspace_id: "ws-1",
    });
    expect(input.expires_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const days = (new Date(input.expires_at!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });

  it("keeps typed values after an api error and shows field errors from the backend", async () => {
    createKey.mockRejectedValueOnce({ code: "offline", message: "offline", field: null, retry_after_secs: null });
    setup();
    await type("Name", "Finance");
    await type("Spend limit (USD)", "25");
    await fireEvent.click(screen.getByRole("button", { name: "Create key" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("You appear to be offline.");
    expect(screen.getByLabelText("Name")).toHaveValue("Finance");
    expect(screen.getByLabelText("Spend limit (USD)")).toHaveValue("25");

    createKey.mockRejectedValueOnce({
      code: "invalid_input",
      message: "A key with this name already exists.",
      field: "name",
      retry_after_secs: null,
    });
    await fireEvent.click(screen.getByRole("button", { name: "Create key" }));
    await waitFor(() =>
      expect(screen.getByLabelText("Name")).toHaveAccessibleDescription("A key with this name already exists."),
    );
    expect(screen.getByLabelText("Name")).toHaveValue("Finance");
  });

  it("keeps the draft when closed and reopened", async () => {
    const first = setup();
    await type("Name", "Draft name");
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(first.onclose).toHaveBeenCalled();
    document.body.innerHTML = "";
    setup();
    expect(screen.getByLabelText("Name")).toHaveValue("Draft name");
  });

  it("offers a refresh when the outcome is unknown", async () => {
    createKey.mockRejectedValueOnce({
      code: "create_outcome_unknown",
      message: "?",
      field: null,
      retry_after_secs: null,
    });
    const props = setup();
    await type("Name", "Bot");
    await fireEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect(await screen.findByText(/couldn't confirm whether the key was created/)).toBeInTheDocument();
    await fireEvent.click(screen.getAllByRole("button", { name: "Refresh the list" })[0]!);
    expect(props.onrefresh).toHaveBeenCalled();
  });
});
