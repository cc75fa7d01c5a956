import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import Overview from "./Overview.svelte";
import { api } from "../lib/api";
import { app } from "../lib/session.svelte";
import { makeKey } from "../test/fixtures";
import type { SpendHistoryView } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { listKeys: vi.fn(), getCredits: vi.fn(), accountInsights: vi.fn(), keyInsights: vi.fn() } };
});

const m = vi.mocked(api);

function history(days: [string, string, number][]): SpendHistoryView {
  return {
    first_day: days[0]?.[0] ?? "2026-02-01",
    last_day: days[days.length - 1]?.[0] ?? "2026-03-02",
    days: days.map(([date, model, usage]) => ({ date, total: usage, models: [{ model, usage }] })),
    models: days.map(([, model, usage]) => ({
      model,
      usage,
      byok_usage: 0,
      requests: 1,
      prompt_tokens: 1,
      completion_tokens: 1,
      reasoning_tokens: 0,
    })),
    total: days.reduce((s, d) => s + d[2], 0),
    burn_rate: 0,
    last_active: days[days.length - 1]?.[0] ?? null,
  };
}

describe("Overview screen", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    app.view = "overview";
    app.keysPreset = null;
    m.listKeys.mockResolvedValue([
      makeKey({ hash: "a", name: "Alpha", usage_daily: 1, usage_monthly: 30, usage: 100, limit: 40, limit_remaining: 5 }),
      makeKey({ hash: "b", name: "Beta", disabled: true, usage_monthly: 10, usage: 20 }),
    ]);
    m.getCredits.mockResolvedValue({ total_credits: 500, total_usage: 120, remaining: 380 });
    m.accountInsights.mockResolvedValue({
      workspace: history([["2026-03-01", "openai/gpt-4.1", 2.5]]),
      account_burn_rate: 4,
      balance: 380,
      runway: { kind: "days", days: 95 },
    });
  });

  it("shows the burn rate, the runway and the daily chart with its table", async () => {
    render(Overview);
    expect(await screen.findByText("About 95 days of credits left at this rate.")).toBeInTheDocument();
    expect(screen.getByText("$4.00 a day")).toBeInTheDocument();
    expect(m.accountInsights).toHaveBeenCalledTimes(1);
    expect(screen.getByRole("img", { name: /Daily spend of this workspace: \$2\.50 over 1 days/ })).toBeInTheDocument();
    expect(screen.getByRole("table", { name: /per day/ })).toHaveTextContent("openai/gpt-4.1 $2.50");
  });

  it("by top keys asks for this month's top spenders only, once, and names them", async () => {
    m.keyInsights.mockImplementation(async (hash: string) => ({
      key: makeKey({ hash }),
      history: history([["2026-03-01", "openai/gpt-4.1", hash === "a" ? 2 : 0.25]]),
      creator: { kind: "not_recorded" },
      guardrail: { kind: "none" },
    }));
    render(Overview);
    await fireEvent.click(await screen.findByRole("button", { name: "top keys" }));
    expect(await screen.findByText("Top keys, last 30 completed days")).toBeInTheDocument();
    // Alpha and Beta have spend this month; each is asked for once.
    expect(m.keyInsights.mock.calls.map((c) => c[0]).sort()).toEqual(["a", "b"]);
    expect(screen.getByRole("table", { name: /per day/ })).toHaveTextContent("Alpha $2.00, Beta $0.25, Other keys $0.25");
  });

  it("says what zero spend means for the runway", async () => {
    m.accountInsights.mockResolvedValue({ workspace: history([]), account_burn_rate: 0, balance: 380, runway: { kind: "no_spend" } });
    render(Overview);
    expect(await screen.findByText(/Nothing was spent in the last 7 days/)).toBeInTheDocument();
  });

  it("shows credits, spend and statuses, and explains limits vs credits", async () => {
    render(Overview);
    expect(await screen.findByText("$380.00")).toBeInTheDocument();
    expect(m.listKeys).toHaveBeenCalledWith({ workspace_id: null, include_disabled: true, include_expired: true });
    expect(screen.getByRole("button", { name: "This month $40.00" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Lifetime $120.00" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Disabled 1" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "At ≥ 80 % of limit 1" })).toBeInTheDocument();
    expect(screen.getByText(/A key's spend limit is separate/)).toBeInTheDocument();
  });

  it("figures open the keys list with the matching filter", async () => {
    render(Overview);
    await fireEvent.click(await screen.findByRole("button", { name: "Disabled 1" }));
    expect(app.view).toBe("keys");
    expect(app.keysPreset).toEqual({ showAll: true, filters: { disabled: true } });

    app.view = "overview";
    await fireEvent.click(screen.getAllByRole("button", { name: "Alpha" })[0]!);
    expect(app.keysPreset).toEqual({ query: "Alpha", showAll: true });

    await fireEvent.click(screen.getByRole("button", { name: "Today $1.00" }));
    expect(app.keysPreset).toEqual({ showAll: true, sort: { column: "usage_daily", dir: "desc" } });
  });

  it("a credits error stays next to the credits; the rest still shows", async () => {
    m.getCredits.mockRejectedValue({ code: "forbidden", message: "x", field: null, retry_after_secs: null });
    render(Overview);
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not read the account's credits.");
    expect(await screen.findByRole("button", { name: "Disabled 1" })).toBeInTheDocument();
  });
});
