import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import AuditLog from "./AuditLog.svelte";
import { api } from "../lib/api";
import type { AuditEntry } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { listAudit: vi.fn(), exportAuditCsv: vi.fn() } };
});

const m = vi.mocked(api);
const entries: AuditEntry[] = [
  {
    time: "2026-06-01T12:00:00.000Z",
    workspace_id: null,
    action: "bulk_update",
    key_hash: "h1",
    key_name: "Class key",
    changes: [{ field: "limit", before: "10", after: "25" }],
    outcome: "ok",
    error_code: null,
    batch_id: "b1",
  },
  {
    time: "2026-06-01T11:00:00.000Z",
    workspace_id: null,
    action: "delete",
    key_hash: "h2",
    key_name: "Old key",
    changes: [],
    outcome: "failed",
    error_code: "rate_limited",
    batch_id: null,
  },
];

describe("Audit log screen", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    m.listAudit.mockResolvedValue(entries);
  });

  it("lists entries with changes, outcome and a plain error", async () => {
    render(AuditLog);
    const table = await screen.findByRole("table", { name: "Audit entries" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("Limit changed (bulk)");
    expect(rows[0]).toHaveTextContent("Limit: $10.00 → $25.00");
    expect(rows[1]).toHaveTextContent("Key deleted");
    // Codes stay in the CSV export; the screen shows words only.
    for (const code of ["bulk_update", "rate_limited", "2026-06-01T"]) expect(table.innerHTML).not.toContain(code);
    expect(within(rows[0]!).getByText(/2026/)).toHaveAttribute("title", "2026-06-01 12:00:00 UTC");
    expect(rows[1]).toHaveTextContent("Failed");
    expect(rows[1]).toHaveTextContent("OpenRouter is rate-limiting requests.");
    expect(m.listAudit).toHaveBeenCalledWith({ key: null, action: null, from: null, to: null });
  });

  it("filters by key, action and date, and exports with the same filter", async () => {
    m.exportAuditCsv.mockResolvedValue("/tmp/audit.csv");
    render(AuditLog);
    await screen.findByRole("table", { name: "Audit entries" });
    await fireEvent.input(screen.getByLabelText("Filter by key"), { target: { value: "class" } });
    await fireEvent.change(screen.getByLabelText("Action"), { target: { value: "bulk_update" } });
    await fireEvent.input(screen.getByLabelText("From"), { target: { value: "2026-06-01" } });
    await waitFor(() => expect(m.listAudit).toHaveBeenLastCalledWith(expect.objectContaining({ key: "class", action: "bulk_update" })));
    const filter = m.listAudit.mock.lastCall![0];
    expect(new Date(filter.from!).getTime()).toBe(new Date(2026, 5, 1).getTime());
    await fireEvent.click(screen.getByRole("button", { name: "Export CSV…" }));
    expect(m.exportAuditCsv).toHaveBeenCalledWith(filter);
    expect(await screen.findByText(/Exported to \/tmp\/audit\.csv\./)).toBeInTheDocument();
  });

  it("flags a reversed date range without asking the backend", async () => {
    render(AuditLog);
    await screen.findByRole("table", { name: "Audit entries" });
    const calls = m.listAudit.mock.calls.length;
    await fireEvent.input(screen.getByLabelText("From"), { target: { value: "2026-06-05" } });
    await fireEvent.input(screen.getByLabelText("To"), { target: { value: "2026-06-01" } });
    expect(screen.getByText(/“From” is after “To”/)).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 350));
    expect(m.listAudit.mock.calls.length).toBe(calls);
  });
});
