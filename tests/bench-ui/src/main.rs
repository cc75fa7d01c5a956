//! UI benchmark of the real Keyhold window (WebDriver: tauri-driver →
//! WebKitWebDriver, under Xvfb) against the simulator with 10,000 keys and
//! 50 ms of latency. It prints figures; it never asserts timings.
//!
//! Run it through `scripts/bench-ui.sh`, which builds the release app and
//! starts the keyring session and the X server. The last six lines are:
//!
//! ```text
//! ui-filter-10k-p95-ms: <n>
//! ui-list-10k-50ms-speedup: <ratio>x
//! ui-pss-10k-vs-signin: <ratio>x
//! ui-idle-cpu-max-pct: <n>
//! ui-key-page-ms: <n>
//! ui-overview-10k-ms: <n>
//! ```

mod bare_table;
mod config;
mod figures;
mod insight;
mod mappings;
mod page_js;
mod phases;
mod probe;
mod procs;
mod queries;
mod rest;

use std::time::Duration;

use keyhold_e2e::app::{Role, Scope};

use config::*;
use figures::{ms, percentile};
use insight::{KeyPage, OverviewWork};
use phases::{Figures, Session};
use rest::{at_rest, idle_cpu};

#[tokio::main]
async fn main() {
    keyhold_e2e::require_environment();
    let app_path = app_binary();
    assert!(
        app_path.is_file(),
        "no app binary at {}",
        app_path.display()
    );
    let idle = Duration::from_secs(env_number("BENCH_IDLE_SECS", IDLE.as_secs()));
    let mut figures = Figures::default();

    let sim = phases::start_simulator().await;
    let account = phases::baseline_walk(&sim, &mut figures).await;
    let s = phases::signin_screen(sim, &app_path, idle, &mut figures).await;
    phases::sign_in(&s, &account, &mut figures).await;
    phases::list_memory(&s, &mut figures).await;
    let recording = phases::keystrokes(&s, &account, &mut figures).await;
    phases::memory_after_keystrokes(&s, &mut figures);
    phases::bare_table_floor(&s, &recording).await;

    // Diagnosis: a script of one's own in the signed-in page.
    probe::own_script(&s.app, "BENCH_EVAL_JS", "eval").await;
    if std::env::var_os("BENCH_QUICK").is_some() {
        quick_finish(s, &figures).await;
        return;
    }

    phases::list_at_rest(&s, &mut figures).await;
    phases::audit_log_at_rest(&s, &mut figures).await;
    let (key_page, overview) = phases::spend_pages(&s, &account).await;
    demo_list_at_rest(&s, &mut figures).await;
    demo_overview_at_rest(&s, &mut figures).await;
    close(s).await;
    summary(&figures, &key_page, &overview);
}

/// The quick run's end (`BENCH_QUICK`, a diagnosis of sign-in, memory and
/// keystrokes only): the key list's idle CPU and memory by mapping, one line
/// of the figures so far, then the app and the simulator closed.
async fn quick_finish(s: Session, f: &Figures) {
    tokio::time::sleep(SETTLE * 2).await;
    idle_cpu(s.pid, "10k key list, quick", s.idle).await;
    println!("pss 10k key list by mapping: {}", mappings::describe(s.pid));
    let (in_page, speedup, filter_p95) = (f.in_page, f.speedup, f.filter_p95);
    println!("quick: sign in → count {in_page:.0} ms vs walk {:.0} ms ({speedup:.1}x); filter p95 {filter_p95:.1} ms; pss {:.2}x",
        ms(f.sequential), f.pss_list as f64 / f.pss_signin as f64);
    close(s).await;
}

/// The demo account's key list at rest (idle CPU), reached by signing out and
/// trying the demo, measured once the background watch's first look is over.
async fn demo_list_at_rest(s: &Session, figures: &mut Figures) {
    let app = &s.app;
    app.click(Role::Button, "Sign out").await;
    app.wait_dialog("Sign out").await;
    app.click_in(
        &Scope::Dialog("Sign out".into()),
        Role::Button,
        "Sign out and remove key",
    )
    .await;
    app.click(Role::Button, "Try the demo").await;
    app.wait_text("Demo — simulated account").await;
    keyhold_e2e::eventually("the demo key count", || async {
        let v = app
            .js(
                "const c = document.getElementById('key-count'); return c ? c.textContent.trim() : '';",
                vec![],
            )
            .await;
        v.as_str().filter(|s| s.ends_with("keys")).map(str::to_string)
    })
    .await;
    tokio::time::sleep(PAST_FIRST_LOOK).await;
    figures.idle.push((
        "demo key list",
        at_rest(app, s.pid, "demo key list", s.idle).await,
    ));
}

/// The demo account's overview at rest (idle CPU), once all its parts,
/// the spend picture included, have loaded.
async fn demo_overview_at_rest(s: &Session, figures: &mut Figures) {
    let app = &s.app;
    app.click(Role::Button, "Overview").await;
    app.wait_text("Account overview").await;
    app.wait_text("Keys by status").await;
    // The spend picture loads on its own (30 days of activity): the screen
    // is loaded when no part of it says it is busy.
    keyhold_e2e::eventually("the overview's parts loaded", || async {
        let v = app
            .js(
                "return !document.querySelector('[aria-busy=\"true\"]');",
                vec![],
            )
            .await;
        v.as_bool().filter(|b| *b)
    })
    .await;
    tokio::time::sleep(SETTLE).await;
    figures.idle.push((
        "demo overview",
        at_rest(app, s.pid, "demo overview", s.idle).await,
    ));
}

/// Ends the WebDriver session, the driver and the simulator, in that order.
async fn close(s: Session) {
    let Session {
        sim, driver, app, ..
    } = s;
    app.close().await;
    drop(driver);
    sim.shutdown().await;
}

/// The summary: sign-in against the plain walk, memory per screen, idle CPU
/// per screen, the key page's IPC round trips, then the six figure lines.
fn summary(f: &Figures, key_page: &KeyPage, overview: &OverviewWork) {
    println!();
    println!(
        "sequential walk {:.0} ms; sign in → count {:.0} ms",
        ms(f.sequential),
        f.in_page
    );
    println!(
        "pss: sign-in {:.1} MB, 10k list {:.1} MB (after keystrokes {:.1} MB)",
        f.pss_signin as f64 / 1024.0,
        f.pss_list as f64 / 1024.0,
        f.pss_after as f64 / 1024.0
    );
    println!(
        "pss after each screen's time at rest: sign-in {:.1} MB, 10k list {:.1} MB ({:.2}x)",
        f.pss_signin_rest as f64 / 1024.0,
        f.pss_list_rest as f64 / 1024.0,
        f.pss_list_rest as f64 / f.pss_signin_rest as f64
    );
    for (screen, pct) in &f.idle {
        println!("idle cpu {screen}: {pct:.2} %");
    }
    let key_page_calls = key_page.calls.iter().map(Vec::len).max().unwrap_or(0);
    println!("key page IPC round trips after the click: at most {key_page_calls}");
    let idle_max = f.idle.iter().map(|(_, p)| *p).fold(0.0, f64::max);
    let (filter_p95, speedup) = (f.filter_p95, f.speedup);
    println!("ui-filter-10k-p95-ms: {filter_p95:.1}");
    println!("ui-list-10k-50ms-speedup: {speedup:.1}x");
    println!(
        "ui-pss-10k-vs-signin: {:.2}x",
        f.pss_list as f64 / f.pss_signin as f64
    );
    println!("ui-idle-cpu-max-pct: {idle_max:.2}");
    println!("ui-key-page-ms: {:.0}", percentile(&key_page.ms, 50.0));
    println!("ui-overview-10k-ms: {:.0}", percentile(&overview.ms, 50.0));
}
