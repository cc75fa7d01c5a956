import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import SignIn from "./SignIn.svelte";
import { api } from "../lib/api";
import type { AppError } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  const fns = ["signIn", "signInFromClipboard", "signInStored", "startDemo"];
  return { ...orig, api: Object.fromEntries(fns.map((f) => [f, vi.fn()])) };
});

const failure = (code: AppError["code"], message: string): AppError => ({
  code,
  message,
  field: null,
  retry_after_secs: null,
});

function setup() {
  render(SignIn, {
    props: { keychain: { available: true, problem: null }, storedKeyError: null, onsignedin: vi.fn() },
  });
  return screen.getByLabelText(/Management key/i) as HTMLInputElement;
}

describe("SignIn", () => {
  beforeEach(() => vi.clearAllMocks());

  it("shows the backend's own message under the error, and keeps nothing of the key", async () => {
    vi.mocked(api.signIn).mockRejectedValue(
      failure("server", "OpenRouter had a problem on its side (error 503). Try again in a few minutes."),
    );
    const input = setup();
    await fireEvent.input(input, { target: { value: "sk-or-v1-abc" } });
    await fireEvent.submit(input.form!);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("OpenRouter had a problem on its side (error 503).");
    expect(input.value).toBe("");
  });

  it("drops the last failure's detail when the field is sent empty", async () => {
    vi.mocked(api.signIn).mockRejectedValue(failure("server", "OpenRouter had a problem on its side (error 503)."));
    const input = setup();
    await fireEvent.input(input, { target: { value: "sk-or-v1-abc" } });
    await fireEvent.submit(input.form!);
    expect(await screen.findByRole("alert")).toHaveTextContent("(error 503)");
    await fireEvent.submit(input.form!);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Paste your management key.");
    expect(alert).not.toHaveTextContent("(error 503)");
  });

  it("adds nothing under the regular-key message, which already says what to do", async () => {
    vi.mocked(api.signIn).mockRejectedValue(
      failure(
        "not_management_key",
        "This is a regular OpenRouter API key, not a management key. Create a management key in your OpenRouter settings and use that one.",
      ),
    );
    const input = setup();
    await fireEvent.input(input, { target: { value: "sk-or-v1-abc" } });
    await fireEvent.submit(input.form!);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This is a regular API key; create a Management key");
    expect(alert).not.toHaveTextContent("not a management key");
  });

  it("does not repeat a message that is already the line above", async () => {
    vi.mocked(api.signIn).mockRejectedValue(failure("invalid_input", "Paste your management key."));
    const input = setup();
    await fireEvent.input(input, { target: { value: "sk-or-v1-abc" } });
    await fireEvent.submit(input.form!);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent?.match(/Paste your management key\./g)).toHaveLength(1);
  });
});
