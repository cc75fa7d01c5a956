/// <reference types="vite/client" />
// The UI's key-name rule agrees with keyhold-ops `validate_key_name` on every
// shared case (contract/fixtures/key-name-cases.json, written by Rust's
// crates/keyhold-ops/tests/key_name_cases.rs).
import raw from "../../../contract/fixtures/key-name-cases.json?raw";
import { describe, expect, it } from "vitest";
import { validateName } from "./validation";

type Case =
  | { input: string; ok: true; value: string }
  | { input: string; ok: false; problem: string; message: string };

const cases = (JSON.parse(raw) as { cases: Case[] }).cases;

describe("validateName agrees with Rust", () => {
  it("has the shared cases", () => {
    expect(cases.length).toBeGreaterThan(1000);
  });

  it("gives Rust's verdict, value and message for every case", () => {
    const disagreements: string[] = [];
    for (const c of cases) {
      const got = validateName(c.input);
      const want = c.ok ? { ok: true, value: c.value } : { ok: false, error: c.message };
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        disagreements.push(`${JSON.stringify(c.input)}: got ${JSON.stringify(got)}, Rust ${JSON.stringify(want)}`);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(disagreements.length).toBe(0);
  });
});
