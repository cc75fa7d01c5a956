//! Diagnosis of the page at rest (BENCH_PROBE=1): what runs while nothing
//! should.

use std::time::Duration;

use keyhold_e2e::App;

/// Diagnosis (BENCH_PROBE=1): what the page does at rest for 3 s — timer
/// and frame callbacks scheduled (with where from), events, DOM mutations,
/// running animations, and how late a 0 ms timer runs.
pub async fn probe(app: &App) {
    app.js(PROBE_JS, vec![]).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let v = app.js("return window.__benchProbe;", vec![]).await;
    println!(
        "probe: {}",
        serde_json::to_string_pretty(&v).unwrap_or_default()
    );
}

/// Diagnosis: runs the script in the environment variable `var`, if set,
/// in the page and prints what it returns after `label`; true if it ran.
pub async fn own_script(app: &App, var: &str, label: &str) -> bool {
    let Ok(js) = std::env::var(var) else {
        return false;
    };
    println!("{label}: {}", app.js(&js, vec![]).await);
    true
}

const PROBE_JS: &str = r#"
const rec = { calls: {}, mutations: {}, animations: document.getAnimations().map((a) => String(a.animationName || a.transitionProperty || a.constructor.name) + ' on ' + (a.effect && a.effect.target ? a.effect.target.className : '?')) };
window.__benchProbe = rec;
const note = (kind) => {
  const stack = (new Error().stack || '').split('\n').slice(2, 6).join(' | ');
  const k = kind + ' ' + stack;
  rec.calls[k] = (rec.calls[k] || 0) + 1;
};
for (const name of ['setTimeout', 'setInterval', 'requestAnimationFrame', 'queueMicrotask']) {
  const orig = window[name];
  try { window[name] = function (...a) { note(name); return orig.apply(this, a); }; } catch (e) { rec.calls[name + ' not wrapped'] = 1; }
}
rec.events = {};
for (const type of ['scroll', 'resize', 'mousemove', 'pointermove', 'mouseover', 'mouseout', 'pointerover', 'focus', 'blur', 'focusin', 'focusout', 'message', 'visibilitychange', 'wheel', 'keydown', 'input', 'selectionchange', 'transitionrun', 'animationiteration', 'load', 'error', 'storage', 'popstate', 'hashchange', 'unhandledrejection']) {
  for (const t of [window, document]) t.addEventListener(type, (e) => {
    const k = type + ' on ' + (e.target && e.target.tagName ? e.target.tagName + '.' + e.target.className : String(e.target));
    rec.events[k] = (rec.events[k] || 0) + 1;
  }, true);
}
// How late a 0 ms timer runs: a busy main thread delays it.
rec.lateness = [];
(async () => { for (let i = 0; i < 20; i++) { const t = performance.now(); await new Promise((r) => setTimeout(r, 0)); rec.lateness.push(performance.now() - t); await new Promise((r) => setTimeout(r, 100)); } })();
new MutationObserver((list) => {
  for (const m of list) {
    const t = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    const k = m.type + ' ' + (t ? t.tagName + '#' + t.id + '.' + t.className : '?');
    rec.mutations[k] = (rec.mutations[k] || 0) + 1;
  }
}).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
return true;
"#;
