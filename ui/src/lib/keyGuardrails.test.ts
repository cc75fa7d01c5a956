import { beforeEach, describe, expect, it, vi } from "vitest";
import { api } from "./api";
import {
  ANY_GUARDRAIL,
  filterByGuardrail,
  guardrailChoices,
  guardrailSortName,
  guardrailText,
  indexGuardrails,
  KeyGuardrails,
  NO_GUARDRAIL,
  UNREADABLE,
} from "./keyGuardrails.svelte";
import { sortKeys } from "./keyStatus";
import type { KeyGuardrail, KeyView } from "./types";

vi.mock("./api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("./api")>();
  return { ...orig, api: { keyGuardrails: vi.fn() } };
});

const key = (hash: string, name: string) => ({ hash, name, label: `sk-…${hash}` }) as unknown as KeyView;
const held = (key_hash: string, guardrail_id: string, guardrail_name: string): KeyGuardrail => ({
  key_hash,
  guardrail_id,
  guardrail_name,
});

const keys = [key("a", "alpha"), key("b", "bravo"), key("c", "charlie"), key("d", "delta")];
const map = [held("a", "g2", "Night shift"), held("c", "g1", "Interns $20"), held("d", "g1", "Interns $20")];
const index = indexGuardrails(map);
const names = (list: readonly KeyView[]) => list.map((k) => k.name);

describe("the Guardrail column", () => {
  it("names each key's guardrail, a dash for none", () => {
    expect(keys.map((k) => guardrailText(index, k.hash))).toEqual(["Night shift", "—", "Interns $20", "Interns $20"]);
  });

  it("says the map could not be read rather than 'no guardrail', and nothing while it loads", () => {
    expect(guardrailText(null, "b")).toBe(UNREADABLE);
    expect(guardrailText(undefined, "b")).toBe("");
  });

  it("sorts A–Z by guardrail name, keys without one last both ways, ties by key name", () => {
    const by = (h: string) => guardrailSortName(index, h);
    expect(names(sortKeys(keys, { column: "guardrail", dir: "asc" }, new Date(), by))).toEqual([
      "charlie",
      "delta",
      "alpha",
      "bravo",
    ]);
    expect(names(sortKeys(keys, { column: "guardrail", dir: "desc" }, new Date(), by))).toEqual([
      "alpha",
      "charlie",
      "delta",
      "bravo",
    ]);
  });
});

describe("the Guardrail filter", () => {
  it("offers any, none, then each guardrail holding a key once, A–Z", () => {
    expect(guardrailChoices(index)).toEqual([
      { value: ANY_GUARDRAIL, label: "Any guardrail" },
      { value: NO_GUARDRAIL, label: "No guardrail" },
      { value: "id:g1", label: "Interns $20" },
      { value: "id:g2", label: "Night shift" },
    ]);
    expect(guardrailChoices(null).map((c) => c.label)).toEqual(["Any guardrail", "No guardrail"]);
  });

  it("keeps the keys of the chosen guardrail, or those with none, in order", () => {
    expect(filterByGuardrail(keys, index, ANY_GUARDRAIL)).toBe(keys);
    expect(names(filterByGuardrail(keys, index, NO_GUARDRAIL))).toEqual(["bravo"]);
    expect(names(filterByGuardrail(keys, index, "id:g1"))).toEqual(["charlie", "delta"]);
    expect(names(filterByGuardrail(keys, index, "id:g2"))).toEqual(["alpha"]);
  });

  it("hides no key when the map could not be read", () => {
    expect(filterByGuardrail(keys, null, NO_GUARDRAIL)).toBe(keys);
  });
});

describe("loading the map", () => {
  const m = vi.mocked(api);
  beforeEach(() => vi.resetAllMocks());

  it("reads it for the workspace shown", async () => {
    m.keyGuardrails.mockResolvedValue(map);
    const g = new KeyGuardrails();
    await g.load("ws-1");
    expect(m.keyGuardrails).toHaveBeenCalledWith("ws-1");
    expect(g.text("c")).toBe("Interns $20");
    expect(g.text("b")).toBe("—");
  });

  it("a failure leaves the column saying it could not be read", async () => {
    m.keyGuardrails.mockRejectedValue({ kind: "network", message: "offline" });
    const g = new KeyGuardrails();
    await g.load(null);
    expect(g.index).toBeNull();
    expect(g.text("c")).toBe(UNREADABLE);
  });

  it("a chosen guardrail that no longer holds a key stops filtering", async () => {
    m.keyGuardrails
      .mockResolvedValueOnce(map)
      .mockResolvedValueOnce([held("a", "g2", "Night shift")])
      .mockRejectedValueOnce({ kind: "network", message: "offline" });
    const g = new KeyGuardrails();
    await g.load(null);
    g.filter = "id:g1";
    await g.load(null);
    expect(g.filter).toBe(ANY_GUARDRAIL);
    g.filter = "id:g2";
    // A failed read keeps the choice (the filter then hides nothing).
    await g.load(null);
    expect(g.filter).toBe("id:g2");
  });

  it("an older answer never overwrites a newer one", async () => {
    let answerOld: (v: KeyGuardrail[]) => void = () => {};
    m.keyGuardrails.mockReturnValueOnce(new Promise((res) => (answerOld = res))).mockResolvedValueOnce([]);
    const g = new KeyGuardrails();
    const old = g.load("ws-1");
    await g.load("ws-1");
    answerOld(map);
    await old;
    expect(g.text("c")).toBe("—");
  });
});
