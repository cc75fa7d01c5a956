//! Scripts run in the page to time sign-in and search keystrokes there.

use std::time::Duration;

use keyhold_e2e::App;
use serde_json::Value;

/// What the recording scripts share: setting a field's value as typing does,
/// the time a message posted from the next animation frame runs (after that
/// frame's paint), and a pause.
const HELPERS_JS: &str = r#"
const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
const afterPaint = () => new Promise((r) => {
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r(performance.now());
    ch.port2.postMessage(0);
  });
});
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
"#;

/// Starts `script` (which records into `window[record]` and sets its `done`),
/// with the shared helpers defined, and waits for it to finish; panics with
/// `what` if it reports an error.
pub async fn run_recording(
    app: &App,
    script: &str,
    args: Vec<Value>,
    record: &str,
    what: &str,
) -> Value {
    app.js(&format!("{HELPERS_JS}{script}"), args).await;
    let read = format!("return window.{record};");
    let result = loop {
        let v = app.js(&read, vec![]).await;
        if v["done"].as_bool() == Some(true) {
            break v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    if let Some(e) = result["error"].as_str() {
        panic!("{what} failed: {e}");
    }
    result
}

/// Records the Sign in click (t0), when the count text appears (seen) and
/// the second animation frame after it (t1: the frame with it was painted).
pub const ARM_SIGNIN_JS: &str = r#"
const want = arguments[0];
const rec = { t0: null, seen: null, t1: null };
window.__benchSignin = rec;
document.addEventListener('click', (e) => {
  const b = e.target instanceof Element ? e.target.closest('button') : null;
  if (b && b.textContent.trim() === 'Sign in' && rec.t0 === null) rec.t0 = performance.now();
}, true);
const mo = new MutationObserver(() => {
  const c = document.getElementById('key-count');
  if (rec.t0 === null || rec.seen !== null || !c || c.textContent.trim() !== want) return;
  rec.seen = performance.now();
  mo.disconnect();
  requestAnimationFrame(() => requestAnimationFrame(() => { rec.t1 = performance.now(); }));
});
mo.observe(document.body, { childList: true, subtree: true, characterData: true });
// Each IPC call (a fetch of an `ipc:` URL) after the click: when it was
// sent, answered and its JSON decoded, and how large the answer was.
rec.ipc = [];
const origFetch = window.fetch;
const ipcUrl = /^(ipc:\/\/localhost|http:\/\/ipc\.localhost)\/([^?]*)/;
window.fetch = function (input) {
  const m = ipcUrl.exec(String(input && input.url ? input.url : input));
  const p = origFetch.apply(this, arguments);
  if (!m || rec.t0 === null || rec.t1 !== null) return p;
  const call = { cmd: decodeURIComponent(m[2]), sent: performance.now() - rec.t0 };
  rec.ipc.push(call);
  return p.then((r) => {
    call.answered = performance.now() - rec.t0;
    call.bytes = Number(r.headers.get('content-length')) || null;
    const json = r.json.bind(r);
    r.json = () => {
      const t = performance.now();
      return json().then((data) => { call.decoded = performance.now() - rec.t0; call.decodeMs = performance.now() - t; return data; });
    };
    return r;
  });
};
return true;
"#;

/// Types each query into the search field (one input event each) and times
/// it: `dom` = the count text changed; `painted` = the rendering update of the
/// frame holding the change is done (a message posted from that frame's
/// requestAnimationFrame runs after its paint); `doubleRaf` = the next frame
/// after that one began.
pub const FILTER_JS: &str = r#"
const queries = arguments[0];
const res = { dom: [], painted: [], doubleRaf: [], counts: [], rows: [], rowsBefore: 0, queries, frame: 0, done: false, error: null };
window.__benchFilter = res;
const input = document.getElementById('search-keys');
const count = document.getElementById('key-count');
const rowsListed = () => document.querySelectorAll('table[aria-label="API keys"] tbody tr[data-hash]').length;
const raf = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
(async () => {
  try {
    input.focus();
    let a = await raf();
    const gaps = [];
    for (let i = 0; i < 20; i++) { const b = await raf(); gaps.push(b - a); a = b; }
    gaps.sort((x, y) => x - y);
    res.frame = gaps[10];
    // The floor: one small text change (no filtering) → the frame painting it.
    res.floor = [];
    const probe = document.createElement('span');
    probe.setAttribute('aria-hidden', 'true');
    count.after(probe);
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      probe.textContent = i % 2 ? '\u00a0' : '\u2009';
      res.floor.push((await afterPaint()) - t0);
      await pause(60);
    }
    probe.remove();
    res.rowsBefore = rowsListed();
    for (const q of queries) {
      const before = count.textContent;
      let mo;
      const changed = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('count did not change for ' + JSON.stringify(q))), 5000);
        mo = new MutationObserver(() => {
          if (count.textContent !== before) { clearTimeout(timer); mo.disconnect(); resolve(performance.now()); }
        });
        mo.observe(count, { childList: true, subtree: true, characterData: true });
      });
      const t0 = performance.now();
      setValue.call(input, q);
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
      const tDom = await changed;
      const tPaint = await afterPaint();
      const tRaf2 = await raf();
      res.dom.push(tDom - t0);
      res.counts.push(count.textContent);
      res.rows.push(rowsListed());
      res.painted.push(tPaint - t0);
      res.doubleRaf.push(tRaf2 - t0);
      await pause(60);
    }
  } catch (e) {
    res.error = String(e && e.message || e);
  }
  res.done = true;
})();
return true;
"#;
