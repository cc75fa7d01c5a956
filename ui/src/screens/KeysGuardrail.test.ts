import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import Keys from "./Keys.svelte";
import { api } from "../lib/api";
import { app } from "../lib/session.svelte";
import { makeKey } from "../test/fixtures";
import type { KeyGuardrail } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  const fns = ["listKeys", "reminders", "keyGuardrails", "listGuardrails", "removeGuardrail"];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const m = vi.mocked(api);
const keys = [makeKey({ hash: "a", name: "Alpha" }), makeKey({ hash: "b", name: "Bravo" }), makeKey({ hash: "c", name: "Charlie" })];
const held = (key_hash: string, guardrail_id: string, guardrail_name: string): KeyGuardrail => ({ key_hash, guardrail_id, guardrail_name });

function rows(): string[][] {
  return screen
    .getAllByRole("row")
    .filter((r) => r.hasAttribute("data-hash"))
    .map((r) => [
      within(r).getByRole("button", { name: /^Open / }).textContent ?? "",
      r.querySelector('[data-cell="guardrail"]')?.textContent?.trim() ?? "",
    ]);
}

beforeEach(() => {
  vi.clearAllMocks();
  localStorage.clear();
  app.keysPreset = null;
  app.workspaceId = null;
  m.reminders.mockResolvedValue({ plans: [], notices: [] });
  m.listKeys.mockResolvedValue(keys);
});

describe("Keys screen: the Guardrail column and filter", () => {
  it("names each key's guardrail, sorts by it and filters by it", async () => {
    m.keyGuardrails.mockResolvedValue([held("a", "g2", "Night shift"), held("c", "g1", "Interns $20")]);
    render(Keys);
    await screen.findByText("3 keys");
    await vi.waitFor(() =>
      expect(rows()).toEqual([
        ["Alpha", "Night shift"],
        ["Bravo", "—"],
        ["Charlie", "Interns $20"],
      ]),
    );
    expect(m.keyGuardrails).toHaveBeenCalledExactlyOnceWith(null);

    await fireEvent.click(screen.getByRole("button", { name: /^Guardrail/ }));
    expect(rows().map((r) => r[0])).toEqual(["Charlie", "Alpha", "Bravo"]);

    const filter = screen.getByRole("combobox", { name: "Guardrail" });
    expect(within(filter).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Any guardrail",
      "No guardrail",
      "Interns $20",
      "Night shift",
    ]);
    await fireEvent.change(filter, { target: { value: "id:g2" } });
    expect(rows()).toEqual([["Alpha", "Night shift"]]);
    expect(screen.getByText(/1 shown/)).toBeInTheDocument();
    await fireEvent.change(filter, { target: { value: "none" } });
    expect(rows()).toEqual([["Bravo", "—"]]);
    await fireEvent.change(filter, { target: { value: "any" } });
    expect(rows()).toHaveLength(3);
  });

  it("still lists the keys when the map cannot be read, and the column says so", async () => {
    m.keyGuardrails.mockRejectedValue({ kind: "network", message: "offline" });
    render(Keys);
    await screen.findByText("3 keys");
    await vi.waitFor(() => expect(rows().map((r) => r[1])).toEqual(["Could not be read", "Could not be read", "Could not be read"]));
    expect(screen.queryByText("Could not load your keys.")).not.toBeInTheDocument();
  });

  it("reads the map again after keys are taken out of their guardrail", async () => {
    m.keyGuardrails.mockResolvedValueOnce([held("a", "g1", "Interns $20")]).mockResolvedValueOnce([]);
    m.listGuardrails.mockResolvedValue({ default: null, guardrails: [] } as never);
    m.removeGuardrail.mockResolvedValue({ changed: 1, unchanged: 0 });
    render(Keys);
    await screen.findByText("3 keys");
    await vi.waitFor(() => expect(rows()[0]).toEqual(["Alpha", "Interns $20"]));
    await fireEvent.click(screen.getByRole("checkbox", { name: "Select Alpha" }));
    await fireEvent.click(screen.getByRole("button", { name: "Guardrail…" }));
    await fireEvent.click(await screen.findByRole("button", { name: "Remove from guardrail…" }));
    await fireEvent.click(screen.getByRole("button", { name: "Remove from guardrail" }));
    await vi.waitFor(() => expect(rows()[0]).toEqual(["Alpha", "—"]));
    expect(m.removeGuardrail).toHaveBeenCalledWith(["a"]);
    expect(m.keyGuardrails).toHaveBeenCalledTimes(2);
  });
});
