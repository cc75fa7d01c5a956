// Pure field validators for the key forms. They mirror the Rust checks (which
// run again in the backend) so people see mistakes before any request is sent.

export type Valid<T> = { ok: true; value: T } | { ok: false; error: string };

/** Same cap as the backend (keyhold-ops `NAME_MAX`), so existing names stay editable. */
export const NAME_MAX = 200;

// The key-name rule of keyhold-ops `validate_key_name`, character for
// character; contract/fixtures/key-name-cases.json holds the shared cases.
// An explicit whitespace set, since JS `trim()` and Rust `trim()` differ
// (U+FEFF vs U+0085): Unicode White_Space plus U+FEFF. Amounts use it too.
const SPACE = "\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
const TRIM = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, "g");
const TRIM_START = new RegExp(`^[${SPACE}]+`);
/** Unicode category Cc. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** Invisible marks that change the display order of text. */
const DIRECTION = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

export function validateName(text: string): Valid<string> {
  const name = text.replace(TRIM, "");
  if (!name) return { ok: false, error: "Enter a name for the key." };
  if (CONTROL.test(name)) {
    return { ok: false, error: "Remove the line break, tab or other control character from the name." };
  }
  if (DIRECTION.test(name)) {
    return { ok: false, error: "Remove the invisible text-direction character from the name." };
  }
  // Code points, as Rust counts chars: an emoji outside the BMP is one.
  const length = [...name].length;
  if (length > NAME_MAX) {
    return { ok: false, error: `Use at most ${NAME_MAX} characters (now ${length}).` };
  }
  return { ok: true, value: name };
}

const USD_MAX = 1_000_000_000;

/** Why an amount is refused; the same cases as Rust's `UsdError`. */
export type UsdProblem = "empty" | "negative" | "too_precise" | "too_large" | "invalid";

/** An amount as people write it: optional `$`, `,` thousands separators in
 *  groups of three, up to two decimals (zeros after the cents are fine), ASCII
 *  digits only. The rule of `Usd::parse` in openrouter-client, step for step;
 *  contract/fixtures/money-cases.json holds the shared cases. */
export function checkUsd(text: string): { ok: true; value: number } | { ok: false; problem: UsdProblem } {
  const refuse = (problem: UsdProblem) => ({ ok: false as const, problem });
  let s = text.replace(TRIM, "");
  if (s.startsWith("$")) s = s.slice(1).replace(TRIM_START, "");
  if (s.startsWith("-")) return refuse("negative");
  if (s.startsWith("+")) s = s.slice(1);
  if (!s) return refuse("empty");
  const dot = s.indexOf(".");
  const intPart = dot === -1 ? s : s.slice(0, dot);
  const frac = dot === -1 ? null : s.slice(dot + 1);
  if (!/^[0-9,]*$/.test(intPart)) return refuse("invalid");
  if (intPart.includes(",")) {
    const groups = intPart.split(",");
    const first = groups[0] ?? "";
    if (!first || first.length > 3 || groups.slice(1).some((g) => g.length !== 3)) return refuse("invalid");
  }
  if (frac !== null) {
    if (!/^[0-9]+$/.test(frac)) return refuse("invalid");
    // "1.500" is still whole cents; "1.505" is not.
    if (/[1-9]/.test(frac.slice(2))) return refuse("too_precise");
  } else if (!intPart) {
    return refuse("empty");
  }
  const significant = intPart.replaceAll(",", "").replace(/^0+/, "");
  // More integer digits than the maximum has cannot fit.
  if (significant.length > 10) return refuse("too_large");
  const value = Number(`${significant || "0"}.${frac?.slice(0, 2) || "0"}`);
  if (value > USD_MAX) return refuse("too_large");
  return { ok: true, value };
}

/** A spend limit from its text field: blank = no limit (null), otherwise
 *  {@link checkUsd} with a message for people. */
export function parseUsd(text: string): Valid<number | null> {
  const trimmed = text.replace(TRIM, "");
  if (!trimmed) return { ok: true, value: null };
  const r = checkUsd(text);
  if (r.ok) return r;
  switch (r.problem) {
    case "empty":
      return { ok: false, error: trimmed.startsWith("$") ? "Enter an amount after the $." : "Enter an amount." };
    case "negative":
      return { ok: false, error: "The limit cannot be negative." };
    case "too_precise":
      return { ok: false, error: "Use at most two decimal places (cents)." };
    case "too_large":
      return { ok: false, error: "The amount is too large (at most $1,000,000,000)." };
    case "invalid":
      return { ok: false, error: "Not a dollar amount. Use digits like 1,234.50." };
  }
}

/** Instant as `YYYY-MM-DDTHH:MM:SSZ` (UTC, whole seconds), as the backend expects. */
export function toUtcIso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Reads a `datetime-local` value (`YYYY-MM-DDTHH:MM[:SS]`) as local wall-clock time. */
export function parseLocalDateTime(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((p) => (p === undefined ? 0 : Number(p))) as number[];
  const date = new Date(y!, mo! - 1, d!, h!, mi!, s!);
  // Reject rollovers such as 2026-02-31.
  if (date.getFullYear() !== y || date.getMonth() !== mo! - 1 || date.getDate() !== d) return null;
  return date;
}

/** Formats a Date for a `datetime-local` input's value/min (local time). */
export function toLocalInputValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "keep" (rotate only: same expiry as the old key) is resolved by the caller. */
export type ExpiryPreset = "keep" | "never" | "7" | "30" | "90" | "custom";

/** Turns the expiry choice into a UTC instant, or null for "never". */
export function validateExpiry(preset: ExpiryPreset, customLocal: string, now: Date): Valid<string | null> {
  if (preset === "never" || preset === "keep") return { ok: true, value: null };
  if (preset === "custom") {
    if (!customLocal.trim()) return { ok: false, error: "Pick a date and time." };
    const d = parseLocalDateTime(customLocal);
    if (!d) return { ok: false, error: "That date and time is not valid." };
    // The backend wants at least a minute of headroom; ask for two.
    if (d.getTime() <= now.getTime() + 2 * 60_000) {
      return { ok: false, error: "Pick a date and time in the future." };
    }
    return { ok: true, value: toUtcIso(d) };
  }
  const days = Number(preset);
  return { ok: true, value: toUtcIso(new Date(now.getTime() + days * 86_400_000)) };
}

/** The management key looks like OpenRouter's format (a hint only; we still try). */
export function looksLikeOpenRouterKey(text: string): boolean {
  return text.trim().startsWith("sk-or-");
}
