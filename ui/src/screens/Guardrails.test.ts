import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import Guardrails from "./Guardrails.svelte";
import GuardrailAssignDialog from "../components/GuardrailAssignDialog.svelte";
import { api } from "../lib/api";
import { makeKey } from "../test/fixtures";
import type { GuardrailSummary } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return {
    ...orig,
    api: {
      listGuardrails: vi.fn(),
      guardrailSuggestions: vi.fn(),
      createGuardrail: vi.fn(),
      editGuardrail: vi.fn(),
      deleteGuardrail: vi.fn(),
      previewGuardrailAssign: vi.fn(),
      assignGuardrail: vi.fn(),
      removeGuardrail: vi.fn(),
    },
  };
});

const m = vi.mocked(api);

const interns: GuardrailSummary = {
  id: "g1",
  name: "Interns",
  description: "Summer cohort",
  limit: 20,
  limit_reset: "monthly",
  include_byok_in_budget: false,
  allowed_models: ["openai/gpt-4.1"],
  ignored_models: [],
  allowed_providers: [],
  ignored_providers: [],
  key_count: 4,
};

beforeEach(() => {
  vi.resetAllMocks();
  m.listGuardrails.mockResolvedValue({ default: { kind: "not_set" }, guardrails: [interns] });
  m.guardrailSuggestions.mockResolvedValue({ models: ["openai/gpt-4.1", "anthropic/claude-sonnet-4"], providers: ["OpenAI"] });
});

describe("Guardrails screen", () => {
  it("lists each guardrail with its budget, rules and number of keys", async () => {
    render(Guardrails);
    const row = (await screen.findByRole("rowheader", { name: /Interns/ })).closest("tr")!;
    expect(within(row).getByText("$20.00 a month per key")).toBeTruthy();
    expect(within(row).getByText("Only openai/gpt-4.1")).toBeTruthy();
    expect(row.querySelector('[data-figure="keys"]')!.textContent).toBe("4");
  });

  it("shows the workspace's default guardrail apart", async () => {
    m.listGuardrails.mockResolvedValue({
      default: { kind: "set", guardrail: { ...interns, id: "d", name: "", key_count: 0, limit: 100, allowed_models: [] } },
      guardrails: [],
    });
    render(Guardrails);
    expect(await screen.findByText(/\$100\.00 a month per key · Any model or provider/)).toBeTruthy();
    expect(screen.getByText("No guardrails in this workspace yet.")).toBeTruthy();
  });

  it("shows a problem next to its field and sends nothing", async () => {
    render(Guardrails);
    await fireEvent.click(await screen.findByRole("button", { name: "New guardrail…" }));
    await fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Cap" } });
    await fireEvent.input(screen.getByLabelText("Amount (USD)"), { target: { value: "20" } });
    await fireEvent.click(screen.getByRole("button", { name: "Create guardrail" }));
    expect(screen.getByLabelText("Resets").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText(/Choose when the budget resets/)).toBeTruthy();
    expect(m.createGuardrail).not.toHaveBeenCalled();
  });

  it("creates a guardrail from the form, models added from what was typed", async () => {
    m.createGuardrail.mockResolvedValue({ ...interns, id: "g2", name: "Cap", key_count: 0 });
    render(Guardrails);
    await fireEvent.click(await screen.findByRole("button", { name: "New guardrail…" }));
    await fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Cap" } });
    await fireEvent.input(screen.getByLabelText("Amount (USD)"), { target: { value: "20" } });
    await fireEvent.change(screen.getByLabelText("Resets"), { target: { value: "monthly" } });
    const models = screen.getByLabelText("Allowed models", { selector: "input" });
    await fireEvent.input(models, { target: { value: "openai/gpt-4.1" } });
    await fireEvent.keyDown(models, { key: "Enter" });
    expect(screen.getByRole("button", { name: "Remove openai/gpt-4.1" })).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Create guardrail" }));
    await waitFor(() => expect(m.createGuardrail).toHaveBeenCalled());
    expect(m.createGuardrail.mock.calls[0]![1]).toMatchObject({
      name: "Cap",
      limit: "20",
      limit_reset: "monthly",
      allowed_models: ["openai/gpt-4.1"],
    });
    expect(await screen.findByText(/Created the guardrail “Cap”/)).toBeTruthy();
  });

  it("keeps what was typed when the server refuses a field", async () => {
    m.editGuardrail.mockRejectedValue({ code: "bad_request", message: "name must not be empty", field: "name", retry_after_secs: null });
    render(Guardrails);
    await fireEvent.click(await screen.findByRole("button", { name: "Edit Interns" }));
    const name = screen.getByLabelText("Name") as HTMLInputElement;
    await fireEvent.input(name, { target: { value: "Interns 2" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("name must not be empty")).toBeTruthy();
    expect(name.value).toBe("Interns 2");
  });

  it("asks before dropping what was typed", async () => {
    render(Guardrails);
    await fireEvent.click(await screen.findByRole("button", { name: "Edit Interns" }));
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Edit Interns" }));
    await fireEvent.input(screen.getByLabelText("Name"), { target: { value: "Interns 2" } });
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.getByText("Discard what you typed in this guardrail?")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Keep editing" }));
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("Interns 2");
    await fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await fireEvent.click(screen.getByRole("button", { name: "Discard changes" }));
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("says how many keys lose a guardrail before deleting it", async () => {
    m.deleteGuardrail.mockResolvedValue(undefined);
    render(Guardrails);
    await fireEvent.click(await screen.findByRole("button", { name: "Delete Interns" }));
    expect(screen.getByText("4 keys will lose it and keep only their own limits.")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Delete guardrail" }));
    await waitFor(() => expect(m.deleteGuardrail).toHaveBeenCalledWith("g1"));
  });
});

describe("Guardrail for selected keys", () => {
  const keys = [makeKey({ hash: "h1", name: "Ada" }), makeKey({ hash: "h2", name: "Bob" })];

  it("previews the guardrail each key leaves, then assigns", async () => {
    m.previewGuardrailAssign.mockResolvedValue({
      guardrail_id: "g1",
      guardrail_name: "Interns",
      rows: [
        { hash: "h1", name: "Ada", effect: { kind: "replaces", guardrail_id: "g0", guardrail_name: "Night shift" } },
        { hash: "h2", name: "Bob", effect: { kind: "already" } },
      ],
    });
    m.assignGuardrail.mockResolvedValue({ changed: 1, unchanged: 1 });
    const ondone = vi.fn();
    render(GuardrailAssignDialog, { keys, onclose: vi.fn(), ondone });
    await fireEvent.change(await screen.findByLabelText("Give them the guardrail"), { target: { value: "g1" } });
    await fireEvent.click(screen.getByRole("button", { name: "Preview…" }));
    expect(await screen.findByText("Replaces “Night shift”")).toBeTruthy();
    expect(screen.getByText("Already holds it (nothing to send)")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Assign to 1 key" }));
    await waitFor(() => expect(ondone).toHaveBeenCalled());
    expect(m.assignGuardrail).toHaveBeenCalledWith("g1", ["h1", "h2"]);
    expect(ondone.mock.calls[0]![0]).toContain("Gave 1 key the guardrail “Interns” (1 already held it)");
  });

  it("takes keys out of their guardrails after a confirmation", async () => {
    m.removeGuardrail.mockResolvedValue({ changed: 2, unchanged: 0 });
    const ondone = vi.fn();
    render(GuardrailAssignDialog, { keys, onclose: vi.fn(), ondone });
    await fireEvent.click(await screen.findByRole("button", { name: "Remove from guardrail…" }));
    expect(m.removeGuardrail).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole("button", { name: "Remove from guardrail" }));
    await waitFor(() => expect(m.removeGuardrail).toHaveBeenCalledWith(["h1", "h2"]));
    expect(ondone.mock.calls[0]![0]).toBe("Took 2 keys out of their guardrail.");
  });
});
