import { describe, expect, it } from "vitest";
import {
  batchSummary,
  buildEditAction,
  createRowProblem,
  createRowWarning,
  describeAction,
  linesFromNames,
  namesFromLines,
  progressPercent,
  retryableRows,
  rowDetail,
  rowReason,
  summarizeCreatePreview,
  summarizeEditPreview,
  validatePattern,
} from "./bulk";
import type { BatchRow, BatchStatus, CreatePreviewRow } from "./types";

const row = (over: Partial<CreatePreviewRow> = {}): CreatePreviewRow => ({
  name: "Workshop – 1",
  limit: 5,
  limit_reset: null,
  expires_at: null,
  collision: false,
  duplicate_in_batch: false,
  problem: null,
  ...over,
});

const brow = (over: Partial<BatchRow> = {}): BatchRow => ({
  index: 0,
  name: "K",
  hash: null,
  state: "succeeded",
  error: null,
  note: null,
  has_secret: false,
  ...over,
});

const status = (over: Partial<BatchStatus> = {}): BatchStatus => ({
  batch_id: "b1",
  kind: "create",
  total: 4,
  done: 4,
  succeeded: 2,
  failed: 2,
  running: false,
  cancelled: false,
  rows: [
    brow({ index: 0 }),
    brow({ index: 1 }),
    brow({ index: 2, state: "failed", error: { code: "server", message: "x", field: null, retry_after_secs: null } }),
    brow({ index: 3, state: "outcome_unknown" }),
  ],
  reveal_id: "r1",
  reveal_lifetime_secs: 600,
  ...over,
});

describe("names", () => {
  it("reads one name per line, trimming and skipping blanks, with imported limits", () => {
    expect(namesFromLines(" Alice \n\n Bob\r\n", { Bob: "5" })).toEqual([
      { name: "Alice", limit: null },
      { name: "Bob", limit: "5" },
    ]);
  });

  it("turns imported names into lines and a limit map", () => {
    expect(linesFromNames([{ name: "A", limit: "10" }, { name: "B", limit: null }, { name: "C", limit: " " }])).toEqual({
      text: "A\nB\nC",
      limits: { A: "10" },
    });
  });

  it("validates a pattern with {n}, a count and a start", () => {
    expect(validatePattern("Workshop – {n}", "30", "1")).toEqual({
      ok: true,
      value: { pattern: "Workshop – {n}", count: 30, start: 1 },
    });
    expect(validatePattern("Workshop", "3", "1")).toMatchObject({ ok: false, field: "pattern" });
    expect(validatePattern("W {n}", "0", "1")).toMatchObject({ ok: false, field: "count" });
    expect(validatePattern("W {n}", "2.5", "1")).toMatchObject({ ok: false, field: "count" });
    expect(validatePattern("W {n}", "501", "1")).toMatchObject({ ok: false, field: "count" });
    expect(validatePattern("W {n:3}", "500", "0")).toMatchObject({ ok: true });
    expect(validatePattern("W {n}", "3", "-1")).toMatchObject({ ok: false, field: "start" });
  });
});

describe("create preview", () => {
  it("flags problems and duplicates as blockers, collisions as warnings", () => {
    const rows = [
      row(),
      row({ collision: true }),
      row({ duplicate_in_batch: true }),
      row({ problem: "The limit is not a dollar amount." }),
    ];
    expect(rows.map(createRowProblem)).toEqual([null, null, "Listed more than once", "The limit is not a dollar amount."]);
    expect(createRowWarning(rows[1]!)).toBe("A key with this name already exists");
    expect(summarizeCreatePreview(rows)).toEqual({ total: 4, problems: 2, collisions: 1 });
  });
});

describe("edit actions", () => {
  it("builds actions from the form, validating the limit", () => {
    const v = { limit: "1,000.50", reset: "weekly" as const, byok: false };
    expect(buildEditAction("set_limit", v)).toEqual({ ok: true, value: { kind: "set_limit", limit: "1,000.50" } });
    expect(buildEditAction("set_limit", { ...v, limit: "" })).toMatchObject({ ok: false });
    expect(buildEditAction("set_limit", { ...v, limit: "abc" })).toMatchObject({ ok: false });
    expect(buildEditAction("set_limit", { ...v, limit: "20", limitReset: "monthly" })).toEqual({
      ok: true,
      value: { kind: "set_limit_and_reset", limit: "20", reset: "monthly" },
    });
    expect(buildEditAction("set_limit", { ...v, limit: "20", limitReset: "" })).toEqual({
      ok: true,
      value: { kind: "set_limit_and_reset", limit: "20", reset: null },
    });
    expect(buildEditAction("set_limit", { ...v, limit: "20", limitReset: "keep" })).toEqual({
      ok: true,
      value: { kind: "set_limit", limit: "20" },
    });
    expect(buildEditAction("set_limit", { ...v, limit: "", limitReset: "monthly" })).toMatchObject({ ok: false });
    expect(buildEditAction("set_reset", { ...v, reset: "" })).toEqual({ ok: true, value: { kind: "set_reset", reset: null } });
    expect(buildEditAction("set_byok", v)).toEqual({ ok: true, value: { kind: "set_byok", include: false } });
    expect(buildEditAction("delete", v)).toEqual({ ok: true, value: { kind: "delete" } });
  });

  it("describes actions in plain words", () => {
    expect(describeAction({ kind: "set_limit", limit: "25" })).toBe("Set the spend limit to $25.00");
    expect(describeAction({ kind: "set_limit_and_reset", limit: "20", reset: "monthly" })).toBe(
      "Set the spend limit to $20.00, reset monthly",
    );
    expect(describeAction({ kind: "set_limit_and_reset", limit: "20", reset: null })).toBe(
      "Set the spend limit to $20.00, never reset (one-off)",
    );
    expect(describeAction({ kind: "set_reset", reset: "monthly" })).toBe("Reset the limit monthly");
    expect(describeAction({ kind: "set_reset", reset: null })).toBe("Never reset the limit (one-off)");
    expect(describeAction({ kind: "delete" })).toBe("Delete permanently");
  });

  it("counts the keys that will change", () => {
    const base = { hash: "h", name: "n", field: "limit", before: "none", after: "25", problem: null, stops: null };
    expect(summarizeEditPreview([{ ...base, changes: true }, { ...base, changes: false }])).toEqual({ total: 2, changing: 1 });
  });
});

describe("progress", () => {
  it("computes a whole percentage", () => {
    expect(progressPercent({ done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ done: 0, total: 0 })).toBe(100);
    expect(progressPercent({ done: 5, total: 4 })).toBe(100);
  });

  it("retries failures, unknown outcomes and cancelled rows, never successes", () => {
    expect(retryableRows(status()).map((r) => r.index)).toEqual([2, 3]);
    const s = status({ rows: [...status().rows, brow({ index: 4, state: "cancelled" }), brow({ index: 5, state: "unchanged" })] });
    expect(retryableRows(s).map((r) => r.index)).toEqual([2, 3, 4]);
  });

  it("summarizes a running and a finished batch", () => {
    expect(batchSummary(status({ running: true, done: 1 }))).toBe("Creating 1 of 4 keys…");
    expect(batchSummary(status())).toBe("Created 2 of 4 keys. 2 failed.");
    expect(
      batchSummary(
        status({ kind: "edit", cancelled: true, rows: [brow(), brow({ index: 1, state: "cancelled" })], total: 2, succeeded: 1 }),
      ),
    ).toBe("Updated 1 of 2 keys. 1 cancelled.");
    expect(batchSummary(status({ kind: "delete", running: true, done: 1 }))).toBe("Deleting 1 of 4 keys…");
    expect(batchSummary(status({ kind: "delete", rows: [brow()], total: 1, succeeded: 1 }))).toBe("Deleted 1 of 1 key.");
  });

  it("explains a row's outcome", () => {
    const s = status();
    expect(rowReason(s.rows[2]!)).toBe("OpenRouter had a problem handling the request. Try again in a moment.");
    expect(rowReason(s.rows[3]!)).toMatch(/never creates a duplicate/);
    expect(rowReason(brow({ note: "created, but rotate it" }))).toBe("created, but rotate it");
  });

  it("adds the backend's own words under a failed row's reason", () => {
    const s = status();
    expect(rowDetail(s.rows[2]!)).toBe("x");
    // An unknown outcome's reason already is the backend's message; a success has none.
    expect(rowDetail(s.rows[3]!)).toBeNull();
    expect(rowDetail(s.rows[0]!)).toBeNull();
  });

  it("shows why a row stays unconfirmed when the check or the replacement failed", () => {
    const failedCheck = brow({
      state: "outcome_unknown",
      error: { code: "server", message: "It could not be replaced (server). Nothing was created again.", field: null, retry_after_secs: null },
    });
    expect(rowReason(failedCheck)).toBe("It could not be replaced (server). Nothing was created again.");
    const lost = brow({
      state: "outcome_unknown",
      error: { code: "create_outcome_unknown", message: "connection reset", field: null, retry_after_secs: null },
    });
    expect(rowReason(lost)).toMatch(/never creates a duplicate/);
  });
});
