import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import ErrorBanner from "./ErrorBanner.svelte";

describe("ErrorBanner", () => {
  it("always shows the backend's own message as the detail line", () => {
    const message = "The file could not be written. Choose another folder and try again.";
    render(ErrorBanner, {
      props: { error: { code: "file", message, field: null, retry_after_secs: null }, context: "Export failed." },
    });
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("The file could not be read or written.");
    expect(alert).toHaveTextContent(message);
    expect(alert).not.toHaveTextContent("Something unexpected went wrong");
  });

  it("shows the detail for server errors too", () => {
    render(ErrorBanner, {
      props: { error: { code: "server", message: "OpenRouter answered 503 (maintenance).", field: null, retry_after_secs: null } },
    });
    expect(screen.getByRole("alert")).toHaveTextContent("OpenRouter answered 503 (maintenance).");
  });
});
