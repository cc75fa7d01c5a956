import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeKey } from "../test/fixtures";
import EditKeyDialog from "./EditKeyDialog.svelte";
import { api } from "../lib/api";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { editKey: vi.fn() } };
});

const editKey = vi.mocked(api.editKey);
const key = makeKey({
  hash: "k1",
  name: "Marketing bot",
  limit: 20,
  limit_remaining: 10,
  limit_reset: "monthly",
  updated_at: "2026-05-01T00:00:00Z",
});

function setup() {
  const props = { key, onclose: vi.fn(), onsaved: vi.fn(), onchangeexpiry: vi.fn() };
  render(EditKeyDialog, { props });
  return props;
}

describe("EditKeyDialog", () => {
  beforeEach(() => editKey.mockReset());

  it("explains BYOK next to its setting", () => {
    render(EditKeyDialog, { props: { key: makeKey(), onclose: vi.fn(), onsaved: vi.fn(), onchangeexpiry: vi.fn() } });
    expect(screen.getByText(/Bring your own key \(BYOK\): when included, spend on your own provider keys/)).toBeInTheDocument();
  });

  it("shows this window's spend and asks twice before a limit that stops the key", async () => {
    const busy = makeKey({ hash: "k2", name: "Prod", limit: null, limit_reset: null, usage: 120, usage_monthly: 37.4 });
    editKey.mockResolvedValue({ kind: "saved", key: busy });
    render(EditKeyDialog, { props: { key: busy, onclose: vi.fn(), onsaved: vi.fn(), onchangeexpiry: vi.fn() } });
    await fireEvent.input(screen.getByLabelText("Spend limit (USD)"), { target: { value: "20" } });
    await fireEvent.change(screen.getByLabelText("Limit resets"), { target: { value: "monthly" } });
    expect(screen.getByText(/Spent this month: \$37\.40/)).toBeInTheDocument();
    expect(screen.getByText("Stops this key now (spent $37.40 of a new $20.00 monthly limit).")).toBeInTheDocument();

    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(editKey).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole("button", { name: "Save and stop this key" }));
    await waitFor(() => expect(editKey).toHaveBeenCalledTimes(1));
  });

  it("does not warn when the new limit is above this window's spend", async () => {
    const busy = makeKey({ hash: "k3", name: "Prod", limit: null, limit_reset: null, usage: 120, usage_monthly: 37.4 });
    editKey.mockResolvedValue({ kind: "saved", key: busy });
    render(EditKeyDialog, { props: { key: busy, onclose: vi.fn(), onsaved: vi.fn(), onchangeexpiry: vi.fn() } });
    await fireEvent.input(screen.getByLabelText("Spend limit (USD)"), { target: { value: "50" } });
    await fireEvent.change(screen.getByLabelText("Limit resets"), { target: { value: "monthly" } });
    expect(screen.queryByText(/Stops this key now/)).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(editKey).toHaveBeenCalledTimes(1));
  });

  it("prefills the form and saves with the opened version", async () => {
    const saved = { ...key, name: "Marketing" };
    editKey.mockResolvedValue({ kind: "saved", key: saved });
    const props = setup();
    expect(screen.getByRole("dialog", { name: "Edit key" })).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveValue("Marketing bot");
    expect(screen.getByLabelText("Spend limit (USD)")).toHaveValue("20");
    expect(screen.getByLabelText("Limit resets")).toHaveValue("monthly");

    await fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Marketing" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(props.onsaved).toHaveBeenCalled());
    expect(editKey).toHaveBeenCalledWith({
      hash: "k1",
      expected_updated_at: "2026-05-01T00:00:00Z",
      name: "Marketing",
      limit: "20",
      limit_reset: "monthly",
      include_byok_in_limit: false,
      disabled: false,
      force: false,
    });
  });

  it("Clear limit sends no limit", async () => {
    editKey.mockResolvedValue({ kind: "saved", key });
    setup();
    await fireEvent.click(screen.getByRole("button", { name: "Clear limit" }));
    expect(screen.getByLabelText("Spend limit (USD)")).toHaveValue("");
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(editKey).toHaveBeenCalled());
    expect(editKey.mock.calls[0]![0]).toMatchObject({ limit: null, limit_reset: null });
  });

  it("on conflict shows current values; Overwrite forces; typed values kept", async () => {
    const current = { ...key, name: "Renamed elsewhere", limit: 50, updated_at: "2026-05-02T00:00:00Z" };
    editKey.mockResolvedValueOnce({ kind: "conflict", current, changed_fields: ["name", "limit"] });
    const props = setup();
    await fireEvent.input(screen.getByLabelText("Spend limit (USD)"), { target: { value: "30" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This key was changed elsewhere since you opened it");
    expect(alert).toHaveTextContent("Name: Renamed elsewhere");
    expect(alert).toHaveTextContent("Limit: $50.00 / month");
    expect(screen.getByLabelText("Spend limit (USD)")).toHaveValue("30");
    expect(props.onsaved).not.toHaveBeenCalled();

    editKey.mockResolvedValueOnce({ kind: "saved", key: { ...current, limit: 30 } });
    await fireEvent.click(within(alert).getByRole("button", { name: "Overwrite with my changes" }));
    await waitFor(() => expect(props.onsaved).toHaveBeenCalled());
    expect(editKey.mock.calls[1]![0]).toMatchObject({ force: true, limit: "30", name: "Marketing bot" });
  });

  it("Reload takes the current values and bases the next save on them", async () => {
    const current = { ...key, name: "Renamed elsewhere", updated_at: "2026-05-02T00:00:00Z" };
    editKey.mockResolvedValueOnce({ kind: "conflict", current, changed_fields: ["name"] });
    setup();
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Reload" }));
    expect(screen.getByLabelText("Name")).toHaveValue("Renamed elsewhere");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();

    editKey.mockResolvedValueOnce({ kind: "unchanged", key: current });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(editKey).toHaveBeenCalledTimes(2));
    expect(editKey.mock.calls[1]![0]).toMatchObject({
      expected_updated_at: "2026-05-02T00:00:00Z",
      force: false,
      name: "Renamed elsewhere",
    });
  });

  it("keeps typed values and shows the field error from the backend", async () => {
    editKey.mockRejectedValueOnce({ code: "invalid_input", message: "Too long.", field: "name", retry_after_secs: null });
    setup();
    await fireEvent.input(screen.getByLabelText("Name"), { target: { value: "New name" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.getByLabelText("Name")).toHaveAccessibleDescription("Too long."));
    expect(screen.getByLabelText("Name")).toHaveValue("New name");
  });

  it("Change expiry explains and hands over to rotate", async () => {
    const props = setup();
    await fireEvent.click(screen.getByRole("button", { name: "Change expiry…" }));
    expect(screen.getByText(/OpenRouter cannot change a key's expiry after it is created/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Rotate with a new expiry…" }));
    expect(props.onchangeexpiry).toHaveBeenCalledWith(key);
  });
});

describe("EditKeyDialog closing", () => {
  it("asks before discarding typed changes", async () => {
    const props = { key, onclose: vi.fn(), onsaved: vi.fn(), onchangeexpiry: vi.fn() };
    render(EditKeyDialog, { props });
    await fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Changed" } });
    await fireEvent.keyDown(window, { key: "Escape" });
    expect(props.onclose).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole("button", { name: "Keep editing" }));
    expect(screen.getByLabelText("Name")).toHaveValue("Changed");
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await fireEvent.click(screen.getByRole("button", { name: "Discard changes" }));
    expect(props.onclose).toHaveBeenCalled();
  });
});
