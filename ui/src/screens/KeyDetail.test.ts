import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import KeyDetail from "./KeyDetail.svelte";
import { api } from "../lib/api";
import { insightsCache } from "../lib/insightsCache";
import { formatDateTime } from "../lib/format";
import { makeKey } from "../test/fixtures";
import type { KeyInsights } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { keyInsights: vi.fn() } };
});

const m = vi.mocked(api);
const key = makeKey({ hash: "h1", name: "Ada", limit: 20, limit_reset: "monthly", usage_daily: 0.5, usage_monthly: 3.5 });

function page(overrides: Partial<KeyInsights> = {}): KeyInsights {
  return {
    key,
    history: {
      first_day: "2026-02-01",
      last_day: "2026-03-02",
      days: [{ date: "2026-03-01", total: 3, models: [{ model: "openai/gpt-4.1", usage: 3 }] }],
      models: [
        {
          model: "openai/gpt-4.1",
          usage: 3,
          byok_usage: 0,
          requests: 1200,
          prompt_tokens: 1000,
          completion_tokens: 500,
          reasoning_tokens: 0,
        },
      ],
      total: 3,
      burn_rate: 0.43,
      last_active: "2026-03-01",
    },
    creator: { kind: "member", name: "Ada Lovelace", email: "ada@example.com" },
    guardrail: { kind: "assigned", id: "g", name: "Interns", limit: 50, limit_reset: "monthly" },
    ...overrides,
  };
}

describe("a key's page", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    insightsCache.clear();
  });

  it("shows the cap, creator, last activity and models", async () => {
    m.keyInsights.mockResolvedValue(page());
    render(KeyDetail, { key, onback: () => {} });
    expect(
      await screen.findByText(
        "Can spend at most $20.00 this month: its own limit is $20.00 a month; its guardrail 'Interns' allows $50.00 a month per key.",
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/Ada Lovelace/)).toHaveTextContent("Ada Lovelace (ada@example.com)");
    expect(screen.getByText(/reaches back 30 completed days/)).toBeInTheDocument();
    expect(screen.getByRole("row", { name: /openai\/gpt-4\.1 1,200 1,500 \$3\.00/ })).toBeInTheDocument();
    expect(screen.getByRole("img", { name: /today so far \$0\.50/ })).toBeInTheDocument();
  });

  it("a personal account says so instead of a creator, and the page still works", async () => {
    m.keyInsights.mockResolvedValue(page({ creator: { kind: "not_organization" }, guardrail: { kind: "none" } }));
    render(KeyDetail, { key, onback: () => {} });
    expect(await screen.findByText(/Not an organization account/)).toBeInTheDocument();
    expect(screen.getByText("Can spend at most $20.00 this month: its own limit is $20.00 a month.")).toBeInTheDocument();
  });

  it("an error is said in plain words with a retry, and is cached once loaded", async () => {
    m.keyInsights.mockRejectedValueOnce({ code: "timeout", message: "x", field: null, retry_after_secs: null });
    m.keyInsights.mockResolvedValue(page());
    const first = render(KeyDetail, { key, onback: () => {} });
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load this key's spend.");
    await fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(await screen.findByText(/Ada Lovelace/)).toBeInTheDocument();
    first.unmount();
    render(KeyDetail, { key, onback: () => {} });
    expect(await screen.findByText(/Ada Lovelace/)).toBeInTheDocument();
    expect(m.keyInsights).toHaveBeenCalledTimes(2);
  });

  it("Back calls back", async () => {
    m.keyInsights.mockResolvedValue(page());
    const onback = vi.fn();
    render(KeyDetail, { key, onback });
    await fireEvent.click(screen.getByRole("button", { name: "← Back to keys" }));
    expect(onback).toHaveBeenCalled();
  });
});

describe("a key's page names its state", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    insightsCache.clear();
  });

  it("a key replaced by a rotation says when Keyhold retires it", async () => {
    m.keyInsights.mockResolvedValue(page());
    const plan = {
      id: "r1",
      old_hash: "h1",
      old_name: "Ada",
      new_hash: "h2",
      workspace_id: null,
      due_at: "2026-12-04T14:00:00Z",
      due: false,
      then: "disable" as const,
      problem: null,
      retry_at: null,
    };
    render(KeyDetail, { key, retiring: plan, onback: () => {} });
    expect(screen.getByText(`Replaced · retiring ${formatDateTime("2026-12-04T14:00:00Z")}`)).toBeInTheDocument();
  });

  it("any other key shows its status in words", async () => {
    m.keyInsights.mockResolvedValue(page());
    render(KeyDetail, { key: { ...key, disabled: true }, onback: () => {} });
    expect(screen.getByText("Disabled")).toBeInTheDocument();
  });
});
