// A success notice ("Exported 61 keys to …"): it says what just happened, so
// it goes away after a few seconds or when the next action starts. Errors are
// not notices: they stay until dismissed or retried.

/** Long enough to read a sentence with a file path in it. */
export const NOTICE_MS = 8000;

export class Notice {
  text = $state("");
  #timer: ReturnType<typeof setTimeout> | undefined;

  show(text: string) {
    clearTimeout(this.#timer);
    this.text = text;
    if (text) this.#timer = setTimeout(() => (this.text = ""), NOTICE_MS);
  }

  clear() {
    clearTimeout(this.#timer);
    this.text = "";
  }
}
