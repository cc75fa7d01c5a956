// Keyboard shortcuts of the keys screen.

export type KeysShortcut = "new" | "find" | "focusSearch";

function isTyping(t: EventTarget | null): boolean {
  return (
    t instanceof HTMLElement &&
    (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)
  );
}

/** Ctrl/Cmd+N: new key; Ctrl/Cmd+F: search; "/" (when not typing): search. */
export function keysShortcut(e: KeyboardEvent): KeysShortcut | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.shiftKey && !e.altKey && key === "n") return "new";
  if (mod && !e.altKey && key === "f") return "find";
  if (e.key === "/" && !mod && !isTyping(e.target)) return "focusSearch";
  return null;
}
