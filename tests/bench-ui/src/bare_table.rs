//! What the search keystrokes cost at the least in this window: the same
//! changes to the rows, made to a bare table with no framework, no filtering
//! and no styling beyond borders, laid over the key table's area. Each step
//! writes a screenful of text into cells that already exist (or blanks the
//! rows the real keystroke did not list), changes the count and the search
//! field's text, and is timed from that change to the end of the frame's
//! paint, as the real keystrokes are.

use keyhold_e2e::App;
use serde_json::{json, Value};

use crate::figures::numbers;
use crate::page_js::run_recording;

/// Painted times (ms) of one bare step per entry of `rows` (rows listed).
pub async fn painted(app: &App, rows: &Value) -> Vec<f64> {
    let result = run_recording(
        app,
        BARE_TABLE_JS,
        vec![json!(rows)],
        "__benchBare",
        "bare table run",
    )
    .await;
    numbers(&result["painted"])
}

const BARE_TABLE_JS: &str = r#"
const steps = arguments[0];
const res = { painted: [], done: false, error: null };
window.__benchBare = res;
const input = document.getElementById('search-keys');
const count = document.getElementById('key-count');
const table = document.querySelector('table[aria-label="API keys"]');
const view = table.parentElement.getBoundingClientRect();
const top = count.getBoundingClientRect().top;
const columns = table.tHead.rows[0].cells.length;
const built = table.querySelectorAll('tbody tr:not(.spacer)').length;
const cover = document.createElement('div');
cover.setAttribute('aria-hidden', 'true');
cover.style.cssText = `position:fixed;left:0;top:${top}px;width:${window.innerWidth}px;height:${view.bottom - top}px;` +
  'background:#fff;overflow:hidden;z-index:10000;font:15px system-ui';
const shownCount = document.createElement('div');
shownCount.style.height = `${view.top - top}px`;
cover.appendChild(shownCount);
const bare = document.createElement('table');
bare.style.cssText = `table-layout:fixed;border-collapse:separate;border-spacing:0;width:${view.width}px`;
const body = bare.createTBody();
const cells = [];
for (let i = 0; i < built; i++) {
  const tr = body.insertRow();
  tr.style.height = '44px';
  const texts = [];
  for (let c = 0; c < columns; c++) {
    const td = tr.insertCell();
    td.style.cssText = 'padding:0 8px;border-bottom:1px solid #d3d8df;white-space:nowrap;overflow:hidden';
    texts.push(td.appendChild(document.createTextNode('')));
  }
  cells.push(texts);
}
cover.appendChild(bare);
document.body.appendChild(cover);
(async () => {
  try {
    input.focus();
    await pause(300);
    for (let s = 0; s < steps.length; s++) {
      const t0 = performance.now();
      setValue.call(input, String(1000 + s));
      shownCount.textContent = `10,000 keys · ${steps[s]} shown`;
      for (let i = 0; i < cells.length; i++) {
        const k = (s * 7919 + i * 31) % 10000;
        const on = i < steps[s];
        const row = cells[i];
        for (let c = 0; c < row.length; c++) row[c].data = on ? `key-${k} ${c}` : '';
      }
      res.painted.push((await afterPaint()) - t0);
      await pause(60);
    }
  } catch (e) {
    res.error = String(e && e.message || e);
  }
  cover.remove();
  setValue.call(input, '');
  res.done = true;
})();
return true;
"#;
