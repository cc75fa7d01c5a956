import { afterEach, describe, expect, it, vi } from "vitest";
import { Notice, NOTICE_MS } from "./notice.svelte";

describe("Notice", () => {
  afterEach(() => vi.useRealTimers());

  it("goes away after a few seconds", () => {
    vi.useFakeTimers();
    const n = new Notice();
    n.show("Saved.");
    vi.advanceTimersByTime(NOTICE_MS - 1);
    expect(n.text).toBe("Saved.");
    vi.advanceTimersByTime(1);
    expect(n.text).toBe("");
  });

  it("a newer notice gets its own full time; clear drops it at once", () => {
    vi.useFakeTimers();
    const n = new Notice();
    n.show("First.");
    vi.advanceTimersByTime(NOTICE_MS - 100);
    n.show("Second.");
    vi.advanceTimersByTime(200);
    expect(n.text).toBe("Second.");
    n.clear();
    expect(n.text).toBe("");
  });
});
