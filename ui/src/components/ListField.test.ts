import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import ListField from "./ListField.svelte";

function field(values: string[] = []) {
  render(ListField, {
    props: {
      id: "models",
      label: "Allowed models",
      hint: "Only these models.",
      values,
      suggestions: ["openai/gpt-4.1", "openai/gpt-4.1-mini", "anthropic/claude-sonnet-4"],
    },
  });
  return { input: screen.getByLabelText("Allowed models", { selector: "input" }) as HTMLInputElement };
}

/** The chosen entries, as the chips show them. */
function chosen(): string[] {
  return Array.from(document.querySelectorAll(".chips li span")).map((s) => s.textContent ?? "");
}

function offered(): string[] {
  return Array.from(document.querySelectorAll("#models-suggestions option")).map((o) => (o as HTMLOptionElement).value);
}

describe("ListField", () => {
  it("adds a pasted list once each, and removes with its button or Backspace", async () => {
    const { input } = field(["openai/gpt-4.1"]);
    await fireEvent.input(input, { target: { value: "x/a, OPENAI/gpt-4.1,\ny/b" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(chosen()).toEqual(["openai/gpt-4.1", "x/a", "y/b"]);
    expect(input.value).toBe("");
    await fireEvent.click(screen.getByRole("button", { name: "Remove x/a" }));
    expect(chosen()).toEqual(["openai/gpt-4.1", "y/b"]);
    await fireEvent.keyDown(input, { key: "Backspace" });
    expect(chosen()).toEqual(["openai/gpt-4.1"]);
  });

  it("suggests the models seen that are not chosen yet and match what is typed", async () => {
    const { input } = field(["openai/gpt-4.1"]);
    expect(offered()).toEqual(["openai/gpt-4.1-mini", "anthropic/claude-sonnet-4"]);
    await fireEvent.input(input, { target: { value: "claude" } });
    expect(offered()).toEqual(["anthropic/claude-sonnet-4"]);
  });

  it("shows its problem next to the field", () => {
    render(ListField, {
      props: { id: "p", label: "Ignored providers", hint: "h", values: [], suggestions: [], error: "Not a provider." },
    });
    const input = screen.getByLabelText("Ignored providers", { selector: "input" });
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toContain("p-error");
    expect(screen.getByText("Not a provider.")).toBeTruthy();
  });
});
