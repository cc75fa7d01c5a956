import { describe, expect, it } from "vitest";
import { actionsIn, actionText, auditFilter, changeText, changesText, localDayEnd, localDayStart } from "./audit";
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
    expect(actionText("bulk_delete")).toBe("Bulk deleted");
    expect(actionText("bulk_replace_lost")).toBe("Bulk: unusable key replaced");
    expect(actionText("something_new")).toBe("Something new");
  });

  it("renders changes as field: before → after", () => {
    expect(changeText({ field: "limit", before: "10", after: "20" })).toBe("limit: 10 → 20");
    expect(changeText({ field: "include_byok_in_limit", before: null, after: "yes" })).toBe("BYOK: — → yes");
    expect(
      changesText(entry({ changes: [{ field: "limit", before: "1", after: "2" }, { field: "disabled", before: "no", after: "yes" }] })),
    ).toBe("limit: 1 → 2; disabled: no → yes");
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
