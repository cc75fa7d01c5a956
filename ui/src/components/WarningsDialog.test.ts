import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import WarningsDialog from "./WarningsDialog.svelte";
import { api } from "../lib/api";
import type { WarningSettings } from "../lib/bindings/WarningSettings";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { warningSettings: vi.fn(), saveWarningSettings: vi.fn() } };
});

const m = vi.mocked(api);
const defaults: WarningSettings = {
  limit_on: true,
  thresholds: "80, 95, 100",
  credits_on: true,
  credits_below: "10",
  runway_days: "7",
  expiry_on: true,
  expiry_days: "7",
  expired: true,
  retirement: true,
  outside_changes: true,
  interval_minutes: "15",
  keep_watching: true,
  keep_watching_unavailable: null,
  start_at_login: false,
  start_at_login_unavailable: null,
};

describe("WarningsDialog", () => {
  beforeEach(() => {
    m.warningSettings.mockReset().mockResolvedValue({ ...defaults });
    m.saveWarningSettings.mockReset();
  });

  it("shows the stored figures and saves what was changed", async () => {
    m.saveWarningSettings.mockImplementation(async (s) => s);
    render(WarningsDialog, { props: { onclose: vi.fn() } });
    const thresholds = await screen.findByLabelText("Warn at these percentages of the limit");
    expect(thresholds).toHaveValue("80, 95, 100");
    await fireEvent.input(screen.getByLabelText("Warn when credits fall below ($)"), { target: { value: "25" } });
    await fireEvent.click(screen.getByLabelText("Keys are created or deleted outside Keyhold"));
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.getByText("Saved.")).toBeInTheDocument());
    expect(m.saveWarningSettings).toHaveBeenCalledWith({ ...defaults, credits_below: "25", outside_changes: false });
  });

  it("a refused figure is explained next to its field and what was typed stays", async () => {
    m.saveWarningSettings.mockRejectedValue({
      code: "invalid_input",
      message: "List each percentage once, smallest first (for example 80, 95, 100).",
      field: "thresholds",
      retry_after_secs: null,
    });
    render(WarningsDialog, { props: { onclose: vi.fn() } });
    const thresholds = await screen.findByLabelText("Warn at these percentages of the limit");
    await fireEvent.input(thresholds, { target: { value: "95, 80" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const msg = await screen.findByRole("alert");
    expect(msg).toHaveTextContent("smallest first");
    expect(thresholds).toHaveAttribute("aria-describedby", msg.id);
    expect(thresholds).toHaveAttribute("aria-invalid", "true");
    expect(thresholds).toHaveValue("95, 80");
  });

  it("start at login is off by default and saved when switched on", async () => {
    m.saveWarningSettings.mockImplementation(async (s) => s);
    render(WarningsDialog, { props: { onclose: vi.fn() } });
    const login = await screen.findByLabelText("Start Keyhold when I log in");
    expect(login).not.toBeChecked();
    expect(screen.getByLabelText("Keep watching when the window is closed")).toBeChecked();
    await fireEvent.click(login);
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.getByText("Saved.")).toBeInTheDocument());
    expect(m.saveWarningSettings).toHaveBeenCalledWith({ ...defaults, start_at_login: true });
  });

  it("without a tray, keep watching is off, disabled and says why", async () => {
    const why = "This desktop has no system tray Keyhold can use, so closing the window quits Keyhold.";
    m.warningSettings.mockResolvedValue({ ...defaults, keep_watching: false, keep_watching_unavailable: why });
    render(WarningsDialog, { props: { onclose: vi.fn() } });
    const keep = await screen.findByLabelText("Keep watching when the window is closed");
    expect(keep).not.toBeChecked();
    expect(keep).toBeDisabled();
    expect(keep).toHaveAccessibleDescription(why);
  });

  it("switching a rule off disables its figures", async () => {
    render(WarningsDialog, { props: { onclose: vi.fn() } });
    const expiryDays = await screen.findByLabelText("Warn this many days before");
    expect(expiryDays).toBeEnabled();
    await fireEvent.click(screen.getByLabelText("A key expires"));
    expect(expiryDays).toBeDisabled();
  });
});
