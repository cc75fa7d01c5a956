import { afterEach, describe, expect, it, vi } from "vitest";
import { fireAt, MAX_DELAY, nextStatusChange, nextTextChange } from "./clock";
import { formatRelative } from "./format";
import { keyStatus } from "./keyStatus";
import { makeKey } from "../test/fixtures";

const now = new Date("2026-06-01T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

describe("next status change", () => {
  it("is when a key turns expiring (7 days before), then when it expires", () => {
    expect(nextStatusChange([at(10 * DAY)], now)).toBe(now.getTime() + 3 * DAY);
    expect(nextStatusChange([at(2 * DAY), at(9 * DAY)], now)).toBe(now.getTime() + 2 * DAY);
  });

  it("is never for keys without an expiry or already expired", () => {
    expect(nextStatusChange([null, null, at(-DAY)], now)).toBeNull();
  });
});

describe("next change of a relative date", () => {
  it("is never for no dates", () => {
    expect(nextTextChange([null], now)).toBeNull();
  });

  it("is never later than the moment the text or status really changes", () => {
    // Walk forward minute by minute; the text must not change before the predicted time.
    for (const offset of [90 * 60_000, 5 * HOUR + 17 * 60_000, 3 * DAY + 7 * 60_000, 8 * DAY + HOUR, -2 * HOUR]) {
      const iso = at(offset);
      const key = makeKey({ expires_at: iso });
      let t = now.getTime();
      for (let step = 0; step < 4; step++) {
        const next = nextTextChange([iso], new Date(t)) as number;
        const text = formatRelative(iso, new Date(t));
        const status = JSON.stringify(keyStatus(key, new Date(t)));
        for (let m = t + 60_000; m < next; m += 60_000) {
          expect(formatRelative(iso, new Date(m))).toBe(text);
          expect(JSON.stringify(keyStatus(key, new Date(m)))).toBe(status);
        }
        // As fireAt does: a moment after the predicted instant.
        t = next + 50;
      }
    }
  });
});

describe("fireAt", () => {
  afterEach(() => vi.useRealTimers());

  it("sets one timer, capped at setTimeout's limit, and cancels it", () => {
    vi.useFakeTimers({ now });
    const fire = vi.fn();
    const cancel = fireAt(now.getTime() + 100 * DAY, fire);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(MAX_DELAY - 1);
    expect(fire).not.toHaveBeenCalled();
    cancel();
    expect(vi.getTimerCount()).toBe(0);
    expect(fireAt(null, fire)).toBeTypeOf("function");
    expect(vi.getTimerCount()).toBe(0);
  });
});
