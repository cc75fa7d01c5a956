import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeKey } from "../test/fixtures";
import KeyTable from "./KeyTable.svelte";
import Keys from "../screens/Keys.svelte";
import { api } from "../lib/api";
import { DEFAULT_COLUMNS, layoutColumns, type ColumnId } from "../lib/keyColumns";
import type { KeyView } from "../lib/types";

vi.mock("../lib/api", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../lib/api")>();
  return { ...orig, api: { listKeys: vi.fn(), reminders: vi.fn(), setDisabled: vi.fn() } };
});

const now = new Date("2026-06-01T12:00:00Z");

function manyKeys(n: number): KeyView[] {
  return Array.from({ length: n }, (_, i) =>
    makeKey({ hash: `h${i}`, name: `Key ${String(i).padStart(5, "0")}`, usage: i, label: `sk-or-v1-${i}` }),
  );
}

function bodyRows(): HTMLElement[] {
  return screen.getAllByRole("row").filter((r) => r.hasAttribute("data-hash"));
}

const noop = () => {};
const handlers = { onsort: noop, onedit: noop, onrotate: noop, ontoggle: noop, ondelete: noop };

/** The default columns and `extra` ones, in a wide window. */
function withColumns(...extra: ColumnId[]) {
  return layoutColumns([...DEFAULT_COLUMNS, ...extra], 3000, 300).shown;
}

beforeEach(() => localStorage.clear());

describe("KeyTable", () => {
  it("renders only a window of rows for 10,000 keys", async () => {
    const keys = manyKeys(10_000);
    render(KeyTable, { props: { keys, sort: { column: "name", dir: "asc" }, now, ...handlers } });
    const table = screen.getByRole("table", { name: "API keys" });
    expect(table).toHaveAttribute("aria-rowcount", "10001");
    const rows = bodyRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]).toHaveAttribute("data-hash", "h0");
    expect(rows[0]).toHaveAttribute("aria-rowindex", "2");

    // Scroll far down: the window moves, still small, with correct row indexes.
    const scroller = table.parentElement!;
    scroller.scrollTop = 44 * 5000;
    await fireEvent.scroll(scroller);
    const after = bodyRows();
    expect(after.length).toBeLessThan(60);
    const hashes = after.map((r) => r.getAttribute("data-hash"));
    expect(hashes).toContain("h5000");
    expect(hashes).not.toContain("h0");
    const row5000 = after.find((r) => r.dataset.hash === "h5000")!;
    expect(row5000).toHaveAttribute("aria-rowindex", "5002");
  });

  it("rewrites the rows in view for a new list and keeps them while scrolling", async () => {
    const keys = manyKeys(200);
    const view = render(KeyTable, { props: { keys, sort: { column: "name", dir: "asc" }, now, ...handlers } });
    const first = bodyRows()[0]!;
    const third = bodyRows()[2]!;
    expect(first).toHaveAttribute("data-hash", "h0");

    // A search result: the same row elements now show other keys.
    await view.rerender({ keys: keys.filter((_, i) => i % 7 === 3) });
    expect(bodyRows()[0]).toBe(first);
    expect(first).toHaveAttribute("data-hash", "h3");
    expect(within(first).getByRole("button", { name: "Edit Key 00003" })).toBeInTheDocument();

    // Scrolling by a row: the rows still in view stay the same elements, on the same keys.
    await view.rerender({ keys });
    const scroller = screen.getByRole("table", { name: "API keys" }).parentElement!;
    const before = new Map(bodyRows().map((r) => [r.dataset.hash, r]));
    scroller.scrollTop = 44 * 4;
    await fireEvent.scroll(scroller);
    const kept = bodyRows().filter((r) => before.get(r.dataset.hash) === r);
    expect(kept.length).toBeGreaterThan(3);
    expect(third.dataset.hash).toBe("h2");
  });

  it("keeps the rows of a screenful, hidden and blank, while a search shows fewer keys", async () => {
    const keys = manyKeys(200);
    const view = render(KeyTable, { props: { keys, sort: { column: "name", dir: "asc" }, now, ...handlers } });
    const table = screen.getByRole("table", { name: "API keys" });
    const built = bodyRows();
    expect(built.length).toBeGreaterThan(10);

    // One match: one row to read; the others stay built, hidden, naming no key.
    await view.rerender({ keys: [keys[7]!] });
    expect(bodyRows().map((r) => r.dataset.hash)).toEqual(["h7"]);
    const hidden = Array.from(table.querySelectorAll("tbody tr[hidden]"));
    expect(hidden).toEqual(built.slice(1));
    for (const r of hidden) {
      expect(r).not.toHaveAttribute("aria-rowindex");
      expect(r.textContent).not.toMatch(/Key \d/);
    }
    expect(screen.queryByRole("button", { name: "Edit Key 00001" })).not.toBeInTheDocument();

    // A screenful again: the same row elements, shown and rewritten.
    await view.rerender({ keys });
    const back = bodyRows();
    expect(back).toEqual(built);
    expect(back.map((r) => r.dataset.hash)).toEqual(built.map((_, i) => `h${i}`));
    expect(table.querySelectorAll("tbody tr[hidden]")).toHaveLength(0);
    expect(within(back[1]!).getByRole("button", { name: "Edit Key 00001" })).toBeInTheDocument();
  });

  it("has named row actions and aria-sort headers", async () => {
    const onsort = vi.fn();
    const onedit = vi.fn();
    const key = makeKey({ hash: "x", name: "Marketing bot", disabled: true, limit: 20, limit_remaining: 4, limit_reset: "monthly" });
    render(KeyTable, {
      props: { keys: [key], sort: { column: "name", dir: "asc" }, now, ...handlers, onsort, onedit, columns: withColumns("usage") },
    });
    const row = bodyRows()[0]!;
    expect(within(row).getByText("Disabled")).toBeInTheDocument();
    expect(within(row).getByText("$20.00 / month")).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Enable Marketing bot" })).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Rotate Marketing bot" })).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Delete Marketing bot" })).toBeInTheDocument();
    await fireEvent.click(within(row).getByRole("button", { name: "Edit Marketing bot" }));
    expect(onedit).toHaveBeenCalledWith(key);

    expect(screen.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "ascending");
    expect(screen.getByRole("columnheader", { name: /Lifetime/ })).toHaveAttribute("aria-sort", "none");
    await fireEvent.click(screen.getByRole("button", { name: "Lifetime" }));
    expect(onsort).toHaveBeenCalledWith("usage");
  });
});

describe("Keys screen: search and sort over the table", () => {
  it("explains BYOK on its column header", () => {
    render(KeyTable, { props: { keys: manyKeys(1), sort: { column: "name", dir: "asc" }, now, ...handlers, columns: withColumns("byok") } });
    expect(screen.getByRole("button", { name: "BYOK" }).title).toMatch(/^Bring your own key \(BYOK\)/);
  });

  it("sorts by a clicked column and filters by search", async () => {
    const keys = [
      makeKey({ hash: "a", name: "Alpha", usage: 30 }),
      makeKey({ hash: "b", name: "Beta", usage: 10, label: "sk-or-v1-finance" }),
      makeKey({ hash: "c", name: "Gamma", usage: 20 }),
    ];
    vi.mocked(api.listKeys).mockResolvedValue(keys);
    vi.mocked(api.reminders).mockResolvedValue({ plans: [], notices: [] });
    render(Keys);
    expect(await screen.findByText("3 keys")).toBeInTheDocument();
    expect(bodyRows().map((r) => r.dataset.hash)).toEqual(["a", "b", "c"]);
    // The masked key and the lifetime total are chosen in the column picker.
    expect(screen.queryByRole("columnheader", { name: /Lifetime/ })).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole("button", { name: "Columns" }));
    await fireEvent.click(screen.getByRole("checkbox", { name: "Key (masked)" }));
    await fireEvent.click(screen.getByRole("checkbox", { name: "Lifetime" }));
    // The masked key is called what it is, not "Label".
    expect(screen.getByRole("columnheader", { name: /Key \(masked\)/ })).toBeInTheDocument();
    expect(screen.queryByRole("columnheader", { name: /^Label/ })).not.toBeInTheDocument();

    // Money sorts largest first on the first click.
    await fireEvent.click(screen.getByRole("button", { name: "Lifetime" }));
    expect(bodyRows().map((r) => r.dataset.hash)).toEqual(["a", "c", "b"]);
    expect(screen.getByRole("columnheader", { name: /Lifetime/ })).toHaveAttribute("aria-sort", "descending");
    await fireEvent.click(screen.getByRole("button", { name: /Lifetime/ }));
    expect(bodyRows().map((r) => r.dataset.hash)).toEqual(["b", "c", "a"]);
    expect(screen.getByRole("columnheader", { name: /Lifetime/ })).toHaveAttribute("aria-sort", "ascending");

    await fireEvent.input(screen.getByLabelText("Search keys"), { target: { value: "FIN" } });
    expect(bodyRows().map((r) => r.dataset.hash)).toEqual(["b"]);
    expect(screen.getByText(/1 shown/)).toBeInTheDocument();

    await fireEvent.input(screen.getByLabelText("Search keys"), { target: { value: "nothing-like-this" } });
    expect(screen.getByText(/No keys match/)).toBeInTheDocument();
    expect(screen.queryByRole("table")).not.toBeInTheDocument();
  });

  it("re-fetches with both flags when 'Show disabled and expired' is ticked", async () => {
    vi.mocked(api.listKeys).mockReset().mockResolvedValue([]);
    vi.mocked(api.reminders).mockResolvedValue({ plans: [], notices: [] });
    render(Keys);
    expect(await screen.findByText(/No keys/)).toBeInTheDocument();
    expect(api.listKeys).toHaveBeenLastCalledWith({ workspace_id: null, include_disabled: false, include_expired: false });
    await fireEvent.click(screen.getByLabelText("Show disabled and expired"));
    await vi.waitFor(() =>
      expect(api.listKeys).toHaveBeenLastCalledWith({ workspace_id: null, include_disabled: true, include_expired: true }),
    );
  });

  it("shows offline errors with a Retry", async () => {
    vi.mocked(api.listKeys)
      .mockReset()
      .mockRejectedValueOnce({ code: "offline", message: "x", field: null, retry_after_secs: null })
      .mockResolvedValueOnce([makeKey()]);
    vi.mocked(api.reminders).mockResolvedValue({ plans: [], notices: [] });
    render(Keys);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("You appear to be offline. Check your connection and try again.");
    await fireEvent.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("1 key")).toBeInTheDocument();
  });
});
