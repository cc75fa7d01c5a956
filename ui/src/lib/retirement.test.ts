import { describe, expect, it } from "vitest";
import { formatDateTime } from "./format";
import { disableWarning, nextRetirement, noticeText, planText, retiringByHash, retiringText } from "./retirement";
import type { RetireNotice, RetireReminder } from "./types";
import { makeKey } from "../test/fixtures";

export function plan(over: Partial<RetireReminder> = {}): RetireReminder {
  return {
    id: "p1",
    old_hash: "old",
    old_name: "CI pipeline",
    new_hash: "new",
    workspace_id: null,
    due_at: "2026-12-04T14:00:00Z",
    due: false,
    then: "disable",
    problem: null,
    retry_at: null,
    ...over,
  };
}

const now = new Date("2026-12-04T10:00:00Z");

describe("retirement words", () => {
  it("names a replaced key's status with its local retirement time", () => {
    expect(retiringText(plan())).toBe(`Replaced · retiring ${formatDateTime("2026-12-04T14:00:00Z")}`);
    expect(retiringByHash([plan()]).get("old")?.id).toBe("p1");
  });

  it("says the old key keeps working until then, and what happens next", () => {
    expect(planText(plan())).toBe(
      `Old key “CI pipeline” keeps working until ${formatDateTime("2026-12-04T14:00:00Z")}; then Keyhold disables it.`,
    );
    expect(planText(plan({ then: "delete" }))).toContain("then Keyhold deletes it.");
  });

  it("says plainly when a retirement failed and when it is tried again", () => {
    const text = planText(plan({ due: true, problem: "Could not reach OpenRouter", retry_at: "2026-12-04T14:01:00Z" }));
    expect(text).toBe(
      `Could not disable the old key “CI pipeline”: Could not reach OpenRouter. It still works. Keyhold tries again at ${formatDateTime("2026-12-04T14:01:00Z")}.`,
    );
  });

  it("tells what Keyhold did on its own", () => {
    const n: RetireNotice = {
      id: "n1",
      old_hash: "old",
      old_name: "CI pipeline",
      workspace_id: null,
      then: "disable",
      outcome: "retired",
      at: "2026-12-04T14:00:02Z",
    };
    expect(noticeText(n)).toBe(
      `Keyhold disabled the old key “CI pipeline” at ${formatDateTime("2026-12-04T14:00:02Z")}: its grace period ended.`,
    );
    expect(noticeText({ ...n, outcome: "already_gone" })).toBe(
      "The old key “CI pipeline” was already deleted elsewhere; its retirement plan is cleared.",
    );
  });
});

describe("when to ask the backend", () => {
  it("at the earliest end, or a failed plan's retry time", () => {
    expect(nextRetirement([])).toBeNull();
    const a = plan({ id: "a", due_at: "2026-12-04T15:00:00Z" });
    const b = plan({ id: "b", due_at: "2026-12-04T12:00:00Z", retry_at: "2026-12-04T16:00:00Z" });
    expect(nextRetirement([a, b])).toBe(Date.parse("2026-12-04T15:00:00Z"));
    expect(nextRetirement([b])).toBe(Date.parse("2026-12-04T16:00:00Z"));
  });
});

describe("disable confirmation", () => {
  it("asks for a key that spent this week, naming the amount", () => {
    const key = makeKey({ name: "CI pipeline", usage_weekly: 3.2, usage_daily: 1 });
    expect(disableWarning(key, now)).toBe("“CI pipeline” spent $3.20 this week; disabling stops it at once.");
  });

  it("asks for a key used in the last 7 days even without spend this week", () => {
    const key = makeKey({ name: "Bot", last_used_at: "2026-12-01T09:00:00Z" });
    expect(disableWarning(key, now)).toBe("“Bot” was used in the last 7 days; disabling stops it at once.");
  });

  it("lets an idle key be disabled directly", () => {
    expect(disableWarning(makeKey({ usage_monthly: 5, last_used_at: "2026-11-01T00:00:00Z" }), now)).toBeNull();
  });
});
