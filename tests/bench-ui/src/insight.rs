//! The spend pages at 10,000 keys: opening a key's page from the list (its
//! 30-day chart painted, and how many IPC calls it took), and the overview's
//! work in the page once its data is in. Everything is measured by scripts
//! injected through WebDriver: the app carries no benchmark hooks.

use std::time::{Duration, Instant};

use keyhold_e2e::app::Role;
use keyhold_e2e::App;
use openrouter_sim::Sim;
use serde_json::{json, Value};

/// Opens of each page measured; the figure is their median.
pub const OPENS: usize = 5;

/// Gives the account 30 completed days of spend spread over all its keys
/// (about a third of the keys on any one day), as the overview reads it from
/// `/activity`, and ends with the simulator's clock back at the real time.
pub fn seed_activity(sim: &Sim, hashes: &[String]) {
    let now = sim.now();
    for day in (1..=30u64).rev() {
        sim.set_now(now - Duration::from_secs(day * 86_400));
        for (i, hash) in hashes.iter().enumerate() {
            if (i as u64 + day).is_multiple_of(3) {
                let cents = 1 + (i as u64 * 7 + day * 13) % 97;
                sim.add_spend(hash, cents as f64 / 100.0, false);
            }
        }
    }
    sim.set_now(chrono::Utc::now());
}

/// Counts the app's IPC calls (Tauri sends each as a fetch of an `ipc:`
/// URL) and, when `hold` is armed, keeps their answers until every call in
/// flight has answered, then hands them over together, already decoded, so
/// the page's own work can be timed apart from the wait and the transport.
const WRAP_FETCH_JS: &str = r#"
if (!window.__benchIpc) {
  const st = { log: [], hold: null };
  window.__benchIpc = st;
  const orig = window.fetch;
  const ipcUrl = /^(ipc:\/\/localhost|http:\/\/ipc\.localhost)\/([^?]*)/;
  window.fetch = function (input, init) {
    const m = ipcUrl.exec(String(input && input.url ? input.url : input));
    const p = orig.apply(this, arguments);
    if (!m) return p;
    st.log.push({ cmd: decodeURIComponent(m[2]), t: performance.now() });
    const h = st.hold;
    if (!h) return p;
    h.started++;
    return new Promise((resolve, reject) => {
      p.then(async (r) => {
        let answer = r;
        if ((r.headers.get('content-type') || '').startsWith('application/json')) {
          const data = await r.json();
          answer = { headers: r.headers, json: () => Promise.resolve(data) };
        }
        h.ready.push(() => resolve(answer));
        setTimeout(() => {
          if (h.released !== null || h.ready.length !== h.started) return;
          h.released = performance.now();
          for (const go of h.ready) go();
        }, 0);
      }, reject);
    });
  };
}
return true;
"#;

/// Resolves with the time after the paint of the next frame (a message
/// posted from a requestAnimationFrame callback runs after that frame).
const AFTER_PAINT_JS: &str = r#"
window.__benchAfterPaint = () => new Promise((r) => {
  requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => r(performance.now());
    ch.port2.postMessage(0);
  });
});
return true;
"#;

/// Arms one key-page open: t0 = the click on the key's name, seen = the
/// chart of the page in the DOM, painted = after the frame holding it.
const ARM_KEY_PAGE_JS: &str = r#"
const want = arguments[0];
const rec = { t0: null, seen: null, painted: null, ipc: [] };
window.__benchKeyPage = rec;
document.addEventListener('click', (e) => {
  const b = e.target instanceof Element ? e.target.closest('button') : null;
  if (b && b.getAttribute('aria-label') === want && rec.t0 === null) rec.t0 = performance.now();
}, { capture: true, once: true });
const mo = new MutationObserver(() => {
  if (rec.t0 === null || rec.seen !== null || !document.querySelector('.detail figure svg')) return;
  rec.seen = performance.now();
  mo.disconnect();
  window.__benchAfterPaint().then((t) => {
    rec.painted = t;
    rec.ipc = window.__benchIpc.log.filter((c) => c.t >= rec.t0 && c.t <= t).map((c) => c.cmd);
  });
});
mo.observe(document.body, { childList: true, subtree: true });
return true;
"#;

/// Arms one overview refresh with the answers held: released = all its data
/// handed over at once, idle = the overview no longer busy, painted = after
/// the frame showing it.
const ARM_OVERVIEW_JS: &str = r#"
const h = { started: 0, ready: [], released: null };
window.__benchIpc.hold = h;
const rec = { released: null, idle: null, painted: null, calls: 0 };
window.__benchOverview = rec;
const section = document.querySelector('section[aria-label="Overview"]');
let busySeen = false;
const mo = new MutationObserver(() => {
  const busy = section.getAttribute('aria-busy') === 'true';
  if (busy) { busySeen = true; return; }
  if (!busySeen || h.released === null || rec.idle !== null) return;
  rec.idle = performance.now();
  rec.released = h.released;
  rec.calls = h.started;
  mo.disconnect();
  window.__benchIpc.hold = null;
  window.__benchAfterPaint().then((t) => { rec.painted = t; });
});
mo.observe(section, { attributes: true, attributeFilter: ['aria-busy'] });
return true;
"#;

/// Polls `expr` (a page expression) until it is a JSON object whose
/// `field` is a number.
async fn wait_record(app: &App, expr: &str, field: &str, what: &str) -> Value {
    let started = Instant::now();
    loop {
        let v = app.js(&format!("return {expr};"), vec![]).await;
        if v[field].is_number() {
            return v;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{what}: nothing after 60 s ({v})"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub struct KeyPage {
    /// Click → chart painted, in the page, per open.
    pub ms: Vec<f64>,
    /// IPC calls between the click and the paint, per open.
    pub calls: Vec<Vec<String>>,
}

/// Opens the pages of the first `OPENS` keys of the list (each for the
/// first time, so nothing comes from the session's cache), going back to
/// the list after each.
pub async fn key_pages(app: &App) -> KeyPage {
    app.js(WRAP_FETCH_JS, vec![]).await;
    app.js(AFTER_PAINT_JS, vec![]).await;
    let names = app
        .js(
            &format!(
                "return [...document.querySelectorAll('button.open')].slice(0, {OPENS}).map((b) => b.getAttribute('aria-label'));"
            ),
            vec![],
        )
        .await;
    let names: Vec<String> = names
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(!names.is_empty(), "no key names to open in the list");
    let mut out = KeyPage {
        ms: Vec::new(),
        calls: Vec::new(),
    };
    for label in names {
        app.js(ARM_KEY_PAGE_JS, vec![json!(label)]).await;
        app.click(Role::Button, &label).await;
        let rec = wait_record(app, "window.__benchKeyPage", "painted", &label).await;
        let t0 = rec["t0"].as_f64().expect("the click was seen");
        out.ms
            .push(rec["painted"].as_f64().unwrap_or(f64::NAN) - t0);
        out.calls.push(
            rec["ipc"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
        );
        app.click(Role::Button, "← Back to keys").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    out
}

pub struct OverviewWork {
    /// Data handed over → overview painted, per refresh.
    pub ms: Vec<f64>,
    /// Data handed over → overview no longer busy (its DOM updated).
    pub dom_ms: Vec<f64>,
    /// IPC calls a refresh made.
    pub calls: u64,
}

/// Opens the overview, waits for its figures over `total_text` ("10,000
/// keys") and its chart, then refreshes it
/// `OPENS` times with the answers held back and handed over together.
pub async fn overview(app: &App, total_text: &str) -> OverviewWork {
    app.js(WRAP_FETCH_JS, vec![]).await;
    app.js(AFTER_PAINT_JS, vec![]).await;
    app.click(Role::Button, "Overview").await;
    app.wait_text("Account overview").await;
    keyhold_e2e::eventually("the overview's figures and chart", || async {
        let v = app
            .js(
                "const s = document.querySelector('section[aria-label=\"Overview\"]'); \
                 return !!s && s.getAttribute('aria-busy') !== 'true' && !!s.querySelector('figure svg rect') \
                 && s.innerText.includes('Keys by status') && s.innerText.includes('Spend across ' + arguments[0]);",
                vec![json!(total_text)],
            )
            .await;
        v.as_bool().filter(|b| *b)
    })
    .await;
    let mut out = OverviewWork {
        ms: Vec::new(),
        dom_ms: Vec::new(),
        calls: 0,
    };
    for _ in 0..OPENS {
        tokio::time::sleep(Duration::from_millis(500)).await;
        app.js(ARM_OVERVIEW_JS, vec![]).await;
        app.click(Role::Button, "Refresh overview").await;
        let rec = wait_record(app, "window.__benchOverview", "painted", "overview refresh").await;
        let released = rec["released"].as_f64().unwrap_or(f64::NAN);
        out.ms
            .push(rec["painted"].as_f64().unwrap_or(f64::NAN) - released);
        out.dom_ms
            .push(rec["idle"].as_f64().unwrap_or(f64::NAN) - released);
        out.calls = rec["calls"].as_u64().unwrap_or(0);
    }
    out
}
