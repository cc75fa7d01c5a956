/// <reference types="vite/client" />
// The UI's amount rule agrees with openrouter-client `Usd::parse` on every
// shared case (contract/fixtures/money-cases.json, written by Rust's
// crates/openrouter-client/tests/money_cases.rs).
import { describe, expect, it } from "vitest";
import raw from "../../../contract/fixtures/money-cases.json?raw";
import { checkUsd, parseUsd } from "./validation";

type Case = { input: string; ok: true; value: string } | { input: string; ok: false; problem: string };

const cases = (JSON.parse(raw) as { cases: Case[] }).cases;

describe("checkUsd agrees with Rust", () => {
  it("has the shared cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20_000);
  });

  it("gives Rust's verdict and value for every case", () => {
    const disagreements: string[] = [];
    for (const c of cases) {
      const r = checkUsd(c.input);
      const got = r.ok ? `ok ${String(r.value)}` : r.problem;
      const want = c.ok ? `ok ${c.value}` : c.problem;
      if (got !== want) disagreements.push(`${JSON.stringify(c.input)}: UI ${got}, Rust ${want}`);
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(disagreements.length).toBe(0);
  });

  it("parseUsd keeps the verdict (blank is no limit)", () => {
    for (const c of cases) {
      const r = parseUsd(c.input);
      if (c.ok) expect(r, JSON.stringify(c.input)).toEqual({ ok: true, value: Number(c.value) });
      else if (r.ok) expect(r.value, JSON.stringify(c.input)).toBeNull();
    }
  });
});
