// The guardrail form and list in words: the same checks the backend makes
// (keyhold-ops guardrails.rs), so problems show next to the field before
// anything is sent, and the wording of budgets, rules and assignments.
import { formatUsd } from "./format";
import type { AssignEffectView, Field, GuardrailInput, GuardrailSummary } from "./types";
import { parseUsd } from "./validation";

export type ResetChoice = "" | "daily" | "weekly" | "monthly" | "never";

export type GuardrailForm = {
  name: string;
  description: string;
  limit: string;
  reset: ResetChoice;
  byok: boolean;
  allowedModels: string[];
  ignoredModels: string[];
  allowedProviders: string[];
  ignoredProviders: string[];
};

export type FormField =
  | "name"
  | "description"
  | "limit"
  | "reset"
  | "allowedModels"
  | "ignoredModels"
  | "allowedProviders"
  | "ignoredProviders";

export type FormErrors = Partial<Record<FormField, string>>;

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 1000;
export const LIST_MAX = 500;

export function emptyForm(): GuardrailForm {
  return {
    name: "",
    description: "",
    limit: "",
    reset: "",
    byok: false,
    allowedModels: [],
    ignoredModels: [],
    allowedProviders: [],
    ignoredProviders: [],
  };
}

/** The form filled with a guardrail's current rules, for editing. */
export function formOf(g: GuardrailSummary): GuardrailForm {
  return {
    name: g.name,
    description: g.description ?? "",
    limit: g.limit === null ? "" : String(Math.round(g.limit * 100) / 100),
    reset: g.limit === null ? "" : ((g.limit_reset ?? "never") as ResetChoice),
    byok: g.include_byok_in_budget,
    allowedModels: [...g.allowed_models],
    ignoredModels: [...g.ignored_models],
    allowedProviders: [...g.allowed_providers],
    ignoredProviders: [...g.ignored_providers],
  };
}

/** Typed entries: split on commas and new lines, trimmed, blanks dropped. */
export function splitEntries(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** `list` with `entries` added once each (any case). */
export function addEntries(list: readonly string[], entries: readonly string[]): string[] {
  const out = [...list];
  for (const e of entries) if (!out.some((x) => x.toLowerCase() === e.toLowerCase())) out.push(e);
  return out;
}

function modelProblem(entry: string): string | null {
  const slash = entry.indexOf("/");
  const ok = slash > 0 && slash < entry.length - 1 && entry.length <= 200 && !/[\s\p{Cc}]/u.test(entry);
  return ok ? null : `"${entry}" is not a model id; model ids look like openai/gpt-4.1.`;
}

function providerProblem(entry: string): string | null {
  const ok = entry.length <= 100 && !entry.includes("/") && !/\p{Cc}/u.test(entry);
  return ok ? null : `"${entry}" is not a provider name; provider names look like OpenAI or Anthropic.`;
}

function listProblem(list: readonly string[], problem: (e: string) => string | null): string | null {
  for (const e of list) {
    const p = problem(e.trim());
    if (p) return p;
  }
  return list.length > LIST_MAX ? `Use at most ${LIST_MAX} entries.` : null;
}

function inBoth(a: readonly string[], b: readonly string[]): string | null {
  return a.find((x) => b.some((y) => y.toLowerCase() === x.toLowerCase())) ?? null;
}

/** Every problem of the form, by field; none = ready to send. */
export function checkForm(f: GuardrailForm): FormErrors {
  const errors: FormErrors = {};
  const name = f.name.trim();
  if (name === "") errors.name = "Give the guardrail a name.";
  else if ([...name].length > NAME_MAX) errors.name = `Use at most ${NAME_MAX} characters.`;
  else if (/\p{Cc}/u.test(name)) errors.name = "Use letters, digits and punctuation only.";
  if ([...f.description.trim()].length > DESCRIPTION_MAX) errors.description = `Use at most ${DESCRIPTION_MAX} characters.`;
  const hasLimit = f.limit.trim() !== "";
  if (hasLimit) {
    const l = parseUsd(f.limit);
    if (!l.ok) errors.limit = l.error;
    if (f.reset === "") errors.reset = 'Choose when the budget resets (or "never" for a one-off budget).';
  } else if (f.reset !== "") {
    errors.limit = "Enter the budget for this reset, or clear the reset.";
  }
  const lists: [FormField, readonly string[], (e: string) => string | null][] = [
    ["allowedModels", f.allowedModels, modelProblem],
    ["ignoredModels", f.ignoredModels, modelProblem],
    ["allowedProviders", f.allowedProviders, providerProblem],
    ["ignoredProviders", f.ignoredProviders, providerProblem],
  ];
  for (const [field, list, problem] of lists) {
    const p = listProblem(list, problem);
    if (p) errors[field] = p;
  }
  const model = inBoth(f.allowedModels, f.ignoredModels);
  if (model && !errors.ignoredModels) errors.ignoredModels = `${model} is also allowed; a model cannot be both allowed and ignored.`;
  const provider = inBoth(f.allowedProviders, f.ignoredProviders);
  if (provider && !errors.ignoredProviders)
    errors.ignoredProviders = `${provider} is also allowed; a provider cannot be both allowed and ignored.`;
  return errors;
}

export function toInput(f: GuardrailForm): GuardrailInput {
  return {
    name: f.name.trim(),
    description: f.description.trim(),
    limit: f.limit.trim(),
    limit_reset: f.reset === "" ? null : f.reset,
    include_byok_in_budget: f.byok,
    allowed_models: f.allowedModels,
    ignored_models: f.ignoredModels,
    allowed_providers: f.allowedProviders,
    ignored_providers: f.ignoredProviders,
  };
}

/** The form field a backend error names (null: shown above the buttons). */
export function formFieldOf(field: Field | null): FormField | null {
  const map: Partial<Record<Field, FormField>> = {
    name: "name",
    description: "description",
    limit: "limit",
    limit_reset: "reset",
    allowed_models: "allowedModels",
    ignored_models: "ignoredModels",
    allowed_providers: "allowedProviders",
    ignored_providers: "ignoredProviders",
  };
  return field ? (map[field] ?? null) : null;
}

const PERIOD: Record<string, string> = { daily: "a day", weekly: "a week", monthly: "a month" };

/** "$20.00 a month per key", "$5.00 per key, never reset", "No budget". */
export function budgetText(g: Pick<GuardrailSummary, "limit" | "limit_reset">): string {
  if (g.limit === null) return "No budget";
  const per = g.limit_reset ? (PERIOD[g.limit_reset] ?? g.limit_reset) : null;
  return per ? `${formatUsd(g.limit)} ${per} per key` : `${formatUsd(g.limit)} per key, never reset`;
}

/** The model and provider rules in a line each; none → "Any model or provider". */
export function rulesText(g: GuardrailSummary): string[] {
  const out: string[] = [];
  if (g.allowed_models.length > 0) out.push(`Only ${g.allowed_models.join(", ")}`);
  if (g.ignored_models.length > 0) out.push(`Never ${g.ignored_models.join(", ")}`);
  if (g.allowed_providers.length > 0) out.push(`Only through ${g.allowed_providers.join(", ")}`);
  if (g.ignored_providers.length > 0) out.push(`Never through ${g.ignored_providers.join(", ")}`);
  return out.length > 0 ? out : ["Any model or provider"];
}

/** What assigning does to one key, in words. */
export function effectText(e: AssignEffectView): string {
  switch (e.kind) {
    case "new":
      return "No guardrail now";
    case "already":
      return "Already holds it (nothing to send)";
    case "replaces":
      return `Replaces “${e.guardrail_name || "a guardrail of another workspace"}”`;
  }
}

/** Suggestions not chosen yet that contain what is typed. */
export function suggestionsFor(all: readonly string[], chosen: readonly string[], typed: string, max = 50): string[] {
  const t = typed.trim().toLowerCase();
  return all
    .filter((s) => !chosen.some((c) => c.toLowerCase() === s.toLowerCase()))
    .filter((s) => t === "" || s.toLowerCase().includes(t))
    .slice(0, max);
}

/** The delete confirmation's sentence about the keys. */
export function deleteKeysText(count: number): string {
  if (count === 0) return "No keys hold it.";
  return `${count.toLocaleString("en-US")} key${count === 1 ? "" : "s"} will lose it and keep only their own limits.`;
}
