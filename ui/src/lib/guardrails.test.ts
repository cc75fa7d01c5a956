import { describe, expect, it } from "vitest";
import {
  addEntries,
  budgetText,
  checkForm,
  deleteKeysText,
  effectText,
  emptyForm,
  formFieldOf,
  formOf,
  rulesText,
  splitEntries,
  suggestionsFor,
  toInput,
  type GuardrailForm,
} from "./guardrails";
import type { GuardrailSummary } from "./types";

function form(over: Partial<GuardrailForm> = {}): GuardrailForm {
  return { ...emptyForm(), name: "Interns", ...over };
}

const summary: GuardrailSummary = {
  id: "g1",
  name: "Interns",
  description: null,
  limit: 20,
  limit_reset: "monthly",
  include_byok_in_budget: false,
  allowed_models: ["openai/gpt-4.1"],
  ignored_models: [],
  allowed_providers: [],
  ignored_providers: [],
  key_count: 5,
};

describe("guardrail form", () => {
  it("wants a budget and its reset together, or neither", () => {
    expect(checkForm(form({ limit: "20" }))).toEqual({ reset: expect.stringContaining("Choose when") });
    expect(checkForm(form({ reset: "monthly" }))).toEqual({ limit: expect.stringContaining("Enter the budget") });
    expect(checkForm(form({ limit: "20", reset: "monthly" }))).toEqual({});
    expect(checkForm(form({ limit: "20", reset: "never" }))).toEqual({});
    expect(checkForm(form())).toEqual({});
    expect(checkForm(form({ limit: "-3", reset: "daily" })).limit).toBeTruthy();
  });

  it("checks the name and description", () => {
    expect(checkForm(form({ name: "  " })).name).toBe("Give the guardrail a name.");
    expect(checkForm(form({ name: "x".repeat(201) })).name).toMatch(/at most 200/);
    expect(checkForm(form({ description: "x".repeat(1001) })).description).toMatch(/at most 1000/);
  });

  it("checks model ids and provider names, and refuses one both allowed and ignored", () => {
    expect(checkForm(form({ allowedModels: ["gpt-4.1"] })).allowedModels).toMatch(/openai\/gpt-4\.1/);
    expect(checkForm(form({ ignoredProviders: ["open/ai"] })).ignoredProviders).toMatch(/not a provider/);
    expect(checkForm(form({ allowedModels: ["openai/gpt-4.1"], ignoredModels: ["OpenAI/GPT-4.1"] })).ignoredModels).toMatch(
      /both allowed and ignored/,
    );
    expect(checkForm(form({ allowedProviders: ["OpenAI"], ignoredProviders: ["DeepInfra"] }))).toEqual({});
  });

  it("sends what was typed, trimmed, and reads a guardrail back into the form", () => {
    const f = form({ name: " Interns ", limit: " 20 ", reset: "monthly", allowedModels: ["openai/gpt-4.1"] });
    expect(toInput(f)).toEqual({
      name: "Interns",
      description: "",
      limit: "20",
      limit_reset: "monthly",
      include_byok_in_budget: false,
      allowed_models: ["openai/gpt-4.1"],
      ignored_models: [],
      allowed_providers: [],
      ignored_providers: [],
    });
    expect(formOf(summary)).toEqual(form({ limit: "20", reset: "monthly", allowedModels: ["openai/gpt-4.1"] }));
    expect(formOf({ ...summary, limit_reset: null }).reset).toBe("never");
    expect(formOf({ ...summary, limit: null, limit_reset: null }).reset).toBe("");
  });

  it("takes pasted lists and adds each entry once", () => {
    expect(splitEntries(" openai/gpt-4.1,\nanthropic/claude-sonnet-4 ,, ")).toEqual(["openai/gpt-4.1", "anthropic/claude-sonnet-4"]);
    expect(addEntries(["openai/gpt-4.1"], ["OPENAI/gpt-4.1", "x/y"])).toEqual(["openai/gpt-4.1", "x/y"]);
  });

  it("suggests what is seen and not chosen yet", () => {
    const seen = ["openai/gpt-4.1", "openai/gpt-4.1-mini", "anthropic/claude-sonnet-4"];
    expect(suggestionsFor(seen, ["openai/gpt-4.1"], "gpt")).toEqual(["openai/gpt-4.1-mini"]);
    expect(suggestionsFor(seen, [], "")).toEqual(seen);
  });

  it("puts a backend error next to its field", () => {
    expect(formFieldOf("limit_reset")).toBe("reset");
    expect(formFieldOf("allowed_models")).toBe("allowedModels");
    expect(formFieldOf(null)).toBe(null);
    expect(formFieldOf("expires_at")).toBe(null);
  });
});

describe("guardrails in words", () => {
  it("words budgets and rules", () => {
    expect(budgetText(summary)).toBe("$20.00 a month per key");
    expect(budgetText({ limit: 5, limit_reset: null })).toBe("$5.00 per key, never reset");
    expect(budgetText({ limit: null, limit_reset: null })).toBe("No budget");
    expect(rulesText(summary)).toEqual(["Only openai/gpt-4.1"]);
    expect(rulesText({ ...summary, allowed_models: [], ignored_providers: ["DeepInfra"] })).toEqual(["Never through DeepInfra"]);
    expect(rulesText({ ...summary, allowed_models: [] })).toEqual(["Any model or provider"]);
  });

  it("says what an assignment replaces and what a delete releases", () => {
    expect(effectText({ kind: "replaces", guardrail_id: "g", guardrail_name: "Interns" })).toBe("Replaces “Interns”");
    expect(effectText({ kind: "new" })).toBe("No guardrail now");
    expect(deleteKeysText(4)).toBe("4 keys will lose it and keep only their own limits.");
    expect(deleteKeysText(1)).toMatch(/^1 key will/);
    expect(deleteKeysText(0)).toBe("No keys hold it.");
  });
});
