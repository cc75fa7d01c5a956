import { describe, expect, it } from "vitest";
import {
  actionsIn,
  actionText,
  auditFilter,
  changeText,
  changesText,
  entryActionText,
  localDayEnd,
  localDayStart,
  valueText,
} from "./audit";
import { formatDateTime } from "./format";
import type { AuditEntry } from "./types";

const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  time: "2026-06-01T12:00:00.000Z",
  workspace_id: null,
  action: "bulk_update",
  key_hash: "h1",
  key_name: "Class key",
  changes: [],
  outcome: "ok",
  error_code: null,
  batch_id: null,
  ...over,
});

describe("audit helpers", () => {
  it("names actions in plain words, also unknown ones", () => {
    expect(actionText("create")).toBe("Key created");
    expect(actionText("bulk_delete")).toBe("Key deleted (bulk)");
    expect(actionText("bulk_replace_lost")).toBe("Key replaced after a lost answer");
    expect(actionText("something_new")).toBe("Something new");
  });

  it("says what an edit changed when it changed one kind of thing", () => {
    const limit = [
      { field: "limit", before: "10", after: "20" },
      { field: "limit_reset", before: "never", after: "monthly" },
    ];
    expect(entryActionText(entry({ action: "update", changes: limit }))).toBe("Limit changed");
    expect(entryActionText(entry({ action: "bulk_update", changes: limit }))).toBe("Limit changed (bulk)");
    expect(entryActionText(entry({ action: "update", changes: [{ field: "name", before: "a", after: "b" }] }))).toBe("Renamed");
    const mixed = [...limit, { field: "name", before: "a", after: "b" }];
    expect(entryActionText(entry({ action: "update", changes: mixed }))).toBe("Key edited");
    expect(entryActionText(entry({ action: "delete", changes: [] }))).toBe("Key deleted");
  });

  it("renders changes in words: dollars, local dates, no codes", () => {
    expect(changeText({ field: "limit", before: "10", after: "20" })).toBe("Limit: $10.00 → $20.00");
    expect(changeText({ field: "limit", before: "none", after: "1.234567" })).toBe("Limit: no limit → $1.234567");
    expect(changeText({ field: "include_byok_in_limit", before: null, after: "yes" })).toBe("BYOK in limit: — → yes");
    const at = "2026-12-02T10:30:00Z";
    expect(changeText({ field: "expires_at", before: "never", after: at })).toBe(`Expires: never → ${formatDateTime(at)}`);
    expect(changeText({ field: "expires_at", before: "never", after: at })).not.toContain("T10:30");
    expect(
      changesText(entry({ changes: [{ field: "limit", before: "1", after: "2" }, { field: "disabled", before: "enabled", after: "disabled" }] })),
    ).toBe("Limit: $1.00 → $2.00; Status: enabled → disabled");
  });

  it("words a bulk preview's combined limit and reset", () => {
    expect(valueText("limit_and_reset", "20, monthly")).toBe("$20.00, monthly");
    expect(valueText("limit_and_reset", "none, never")).toBe("no limit, never");
  });

  it("words guardrail changes", () => {
    expect(actionText("guardrail_assign")).toBe("Key given a guardrail");
    expect(changeText({ field: "budget", before: null, after: "20, monthly" })).toBe("Budget: — → $20.00, monthly");
    expect(changeText({ field: "budget", before: "20, monthly", after: "none" })).toBe("Budget: $20.00, monthly → no budget");
    expect(changeText({ field: "guardrail", before: "none", after: "Interns" })).toBe("Guardrail: none → Interns");
    expect(changeText({ field: "allowed_models", before: null, after: "openai/gpt-4.1" })).toBe(
      "Allowed models: — → openai/gpt-4.1",
    );
  });

  it("offers known and seen actions once each", () => {
    expect(actionsIn([entry(), entry({ action: "other" })], ["create", "bulk_update"])).toEqual(["bulk_update", "create", "other"]);
  });

  it("turns local dates into an inclusive UTC range", () => {
    const start = localDayStart("2026-06-01")!;
    const end = localDayEnd("2026-06-01")!;
    expect(new Date(start).getTime()).toBe(new Date(2026, 5, 1).getTime());
    expect(new Date(end).getTime()).toBe(new Date(2026, 5, 2).getTime() - 1);
    expect(localDayStart("nope")).toBeNull();
    expect(auditFilter({ key: " bot ", action: "", from: "", to: "" })).toEqual({ key: "bot", action: null, from: null, to: null });
  });
});
