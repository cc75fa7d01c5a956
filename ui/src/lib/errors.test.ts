import { describe, expect, it } from "vitest";
import { errorDetail, errorText } from "./errors";
import type { AppError } from "./types";

const err = (code: AppError["code"], message: string): AppError => ({
  code,
  message,
  field: null,
  retry_after_secs: null,
});

describe("errorDetail", () => {
  it("is the backend's message when it says more than the line above", () => {
    const e = err("server", "OpenRouter had a problem on its side (error 503).");
    expect(errorText(e)).not.toContain("503");
    expect(errorDetail(e)).toBe("OpenRouter had a problem on its side (error 503).");
  });

  it("is null when empty or a repeat of the line above", () => {
    expect(errorDetail(err("server", "  "))).toBeNull();
    expect(errorDetail(err("invalid_input", "Name is too long."))).toBeNull();
  });
});
