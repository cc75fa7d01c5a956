//! The measuring session's phases, in the order they run: each one brings
//! the app to a screen or an action, measures it and prints what it found.
//! What later phases and the summary need goes into [`Figures`].

use std::path::Path;
use std::time::{Duration, Instant};

use keyhold_e2e::app::Role;
use keyhold_e2e::{App, Driver};
use openrouter_client::{Client, ClientConfig, ListOptions, SecretString};
use openrouter_sim::{Sim, SimConfig};
use serde_json::{json, Value};

use crate::config::*;
use crate::figures::{list_ms, ms, numbers, percentile};
use crate::insight::{KeyPage, OverviewWork};
use crate::rest::{at_rest, idle_cpu};
use crate::{bare_table, figures, insight, mappings, page_js, probe, procs, queries};

/// The simulator and the app window under WebDriver, shared by the phases.
pub struct Session {
    pub sim: Sim,
    pub driver: Driver,
    pub app: App,
    /// The app's process; its web view's processes are among its descendants.
    pub pid: u32,
    /// How long each screen is measured at rest.
    pub idle: Duration,
}

/// The account as the plain page-by-page walk listed it.
pub struct Account {
    /// The walk's client, kept (with its connection) until the end of the run.
    pub _client: Client,
    /// Each key's name and label, lowercased, to plan the search queries.
    pub haystacks: Vec<String>,
    /// The key count as the key list shows it, e.g. "10,000 keys".
    pub total_text: String,
    /// The keys' hashes, to give them activity.
    pub hashes: Vec<String>,
}

/// The figures that later phases and the summary lines need.
#[derive(Default)]
pub struct Figures {
    /// The plain sequential walk of all the key pages.
    pub sequential: Duration,
    /// Sign-in click → the full count painted, measured in the page (ms).
    pub in_page: f64,
    /// The sequential walk's time over `in_page`.
    pub speedup: f64,
    /// Tree PSS (kB) of the sign-in screen, on arrival and after its time at rest.
    pub pss_signin: u64,
    pub pss_signin_rest: u64,
    /// Tree PSS (kB) of the key list: signed in, after the keystrokes, at rest.
    pub pss_list: u64,
    pub pss_after: u64,
    pub pss_list_rest: u64,
    /// Search keystroke → the new count painted, 95th percentile (ms).
    pub filter_p95: f64,
    /// Idle CPU (%) of each screen measured at rest, in order.
    pub idle: Vec<(&'static str, f64)>,
}

/// Starts the simulated account (`BENCH_KEYS` keys, 10,000 by default) with
/// the benchmark's latency.
pub async fn start_simulator() -> Sim {
    // Diagnosis: another account size (the figures' targets are for 10,000).
    let keys = env_number("BENCH_KEYS", KEYS as u64) as usize;
    let sim = Sim::start(SimConfig {
        keys,
        latency: LATENCY,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts");
    println!(
        "simulator: {} keys, {} ms latency, {}",
        keys,
        LATENCY.as_millis(),
        sim.base_url()
    );
    sim
}

/// The baseline: how long a plain page-by-page walk of the keys takes against
/// the same simulator in the same run.
pub async fn baseline_walk(sim: &Sim, figures: &mut Figures) -> Account {
    let client = Client::new(
        ClientConfig::default().with_base_url(sim.base_url()),
        SecretString::from(sim.management_key()),
    )
    .expect("client");
    // The app lists active keys of the default workspace: walk the same pages.
    client.current_key().await.expect("warm-up request");
    let started = Instant::now();
    let listed = client
        .list_keys(&ListOptions::default().sequential())
        .await
        .expect("sequential walk");
    let sequential = started.elapsed();
    println!(
        "sequential page walk (GET /keys, one page at a time): {} keys in {:.0} ms",
        listed.len(),
        ms(sequential)
    );
    figures.sequential = sequential;
    Account {
        haystacks: listed
            .iter()
            .map(|k| format!("{}\n{}", k.name.to_lowercase(), k.label.to_lowercase()))
            .collect(),
        total_text: format!("{} keys", keyhold_e2e::thousands(listed.len() as u64)),
        hashes: listed.iter().map(|k| k.hash.clone()).collect(),
        _client: client,
    }
}

/// Launches the app on the simulator and measures the sign-in screen: its
/// memory on arrival, its idle CPU at rest and its memory after that. Leaves
/// the management key typed into the field, ready to sign in.
pub async fn signin_screen(
    sim: Sim,
    app_path: &Path,
    idle: Duration,
    figures: &mut Figures,
) -> Session {
    let mut env = vec![("KEYHOLD_API_BASE", sim.base_url())];
    // Diagnosis: extra variables for the app (space-separated NAME=value), e.g.
    // to try WebKit or allocator settings.
    let extra = std::env::var("BENCH_APP_ENV").unwrap_or_default();
    for (k, v) in extra.split_whitespace().filter_map(|kv| kv.split_once('=')) {
        env.push((k, v.to_string()));
    }
    let driver = Driver::start("bench-ui", app_path, &env);
    let app = App::launch(&driver, &[]).await;
    let key_field = app.wait(Role::Textbox, "Management key").await;
    let pid = procs::app_pid(app_path).expect("the app process among this program's descendants");
    tokio::time::sleep(SETTLE).await;

    figures.pss_signin = procs::tree_pss_kb(pid);
    println!(
        "pss sign-in screen: {:.1} MB [{}]",
        figures.pss_signin as f64 / 1024.0,
        procs::describe_pss(pid)
    );
    figures
        .idle
        .push(("sign-in", at_rest(&app, pid, "sign-in", idle).await));
    // Also after the screen's time at rest, to compare like with like below.
    figures.pss_signin_rest = procs::tree_pss_kb(pid);
    println!("pss sign-in screen by mapping: {}", mappings::describe(pid));

    app.type_into(&key_field, &sim.management_key()).await;
    Session {
        sim,
        driver,
        app,
        pid,
        idle,
    }
}

/// Sign-in click → the account's full key count painted, timed inside the
/// page and from WebDriver, with the app's IPC calls after the click.
pub async fn sign_in(s: &Session, account: &Account, figures: &mut Figures) {
    let (app, total_text) = (&s.app, &account.total_text);
    app.js(page_js::ARM_SIGNIN_JS, vec![json!(total_text)])
        .await;
    let clicked = Instant::now();
    app.click(Role::Button, "Sign in").await;
    let signin = loop {
        let v = app.js("return window.__benchSignin;", vec![]).await;
        if v["t1"].is_number() {
            break v;
        }
        assert!(
            clicked.elapsed() < Duration::from_secs(60),
            "no \"{total_text}\" after 60 s"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    };
    let outside = clicked.elapsed();
    let in_page = signin["t1"].as_f64().unwrap() - signin["t0"].as_f64().unwrap();
    let text_at = signin["seen"].as_f64().unwrap() - signin["t0"].as_f64().unwrap();
    println!(
        "sign in → \"{total_text}\" painted: {in_page:.0} ms in the page (click event → 2nd frame after the text; \
         text in the DOM at {text_at:.0} ms); {:.0} ms seen from WebDriver",
        ms(outside)
    );
    figures.in_page = in_page;
    figures.speedup = ms(figures.sequential) / in_page;
    for call in signin["ipc"].as_array().into_iter().flatten() {
        println!("  ipc after the click: {call}");
    }
}

/// The memory of the freshly painted key list, once it has settled (with the
/// `BENCH_PROBE` diagnosis of the page at rest first, when asked for).
pub async fn list_memory(s: &Session, figures: &mut Figures) {
    tokio::time::sleep(SETTLE + Duration::from_secs(2)).await;
    if std::env::var_os("BENCH_PROBE").is_some() {
        probe_list_at_rest(s).await;
    }
    figures.pss_list = procs::tree_pss_kb(s.pid);
    println!(
        "pss 10k key list: {:.1} MB [{}]",
        figures.pss_list as f64 / 1024.0,
        procs::describe_pss(s.pid)
    );
}

/// Diagnosis: what the key list does at rest, and the idle CPU with the
/// search field focused (a blinking caret), unscrollable and blurred.
async fn probe_list_at_rest(s: &Session) {
    probe::probe(&s.app).await;
    for (label, js) in [
        // A blinking caret repaints twice a second: the cost of one frame.
        (
            "search focused",
            "document.getElementById('search-keys').focus();",
        ),
        (
            "search focused, table area not scrollable",
            "document.querySelector('table').parentElement.style.overflow = 'hidden';",
        ),
        ("search blurred", "document.activeElement.blur();"),
    ] {
        if !js.is_empty() {
            s.app.js(&format!("{js} return true;"), vec![]).await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        idle_cpu(s.pid, label, Duration::from_secs(8)).await;
    }
}

/// Search keystrokes on the 10k key list: input → the new count in the DOM,
/// painted, and two frames on, split by what happened to the rows; also the
/// floor, one small text change → painted. Returns the page's recording.
pub async fn keystrokes(s: &Session, account: &Account, figures: &mut Figures) -> Value {
    // Diagnosis: change the page (a style, say) before the keystrokes.
    if probe::own_script(&s.app, "BENCH_BEFORE_KEYS_JS", "before keystrokes").await {
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let plan = queries::plan(&account.haystacks, KEYSTROKES);
    let result = page_js::run_recording(
        &s.app,
        page_js::FILTER_JS,
        vec![json!(plan)],
        "__benchFilter",
        "filter run",
    )
    .await;
    let frame = result["frame"].as_f64().unwrap_or(0.0);
    let painted = numbers(&result["painted"]);
    let double_raf = numbers(&result["doubleRaf"]);
    let dom = numbers(&result["dom"]);
    let floor = numbers(&result["floor"]);
    println!(
        "one small text change → painted (the floor): median {:.1} ms, p95 {:.1} ms",
        percentile(&floor, 50.0),
        percentile(&floor, 95.0)
    );
    println!(
        "search keystrokes: {} (frame interval here: {frame:.1} ms)",
        painted.len()
    );
    for (label, v) in [
        ("input → count text in the DOM", &dom),
        ("input → frame with the new count painted", &painted),
        (
            "input → 2nd requestAnimationFrame after the change",
            &double_raf,
        ),
    ] {
        println!(
            "  {label}: median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            percentile(v, 50.0),
            percentile(v, 95.0),
            percentile(v, 100.0)
        );
    }
    println!(
        "  input → painted, by what happened to the rows: {}",
        figures::by_row_change(
            &painted,
            &numbers(&result["rows"]),
            result["rowsBefore"].as_f64().unwrap_or(0.0)
        )
    );
    figures.filter_p95 = percentile(&painted, 95.0);
    result
}

/// The key list's memory right after the search keystrokes.
pub fn memory_after_keystrokes(s: &Session, figures: &mut Figures) {
    figures.pss_after = procs::tree_pss_kb(s.pid);
    println!(
        "pss 10k key list after the keystrokes: {:.1} MB",
        figures.pss_after as f64 / 1024.0
    );
}

/// The least the keystrokes' row changes cost in this web view: the same
/// changes on a bare table, without the app's framework. Runs after the
/// memory reading, which the bare table's elements would otherwise swell.
pub async fn bare_table_floor(s: &Session, recording: &Value) {
    let bare = bare_table::painted(&s.app, &recording["rows"]).await;
    println!(
        "  the same row changes on a bare table (no framework, text written into built cells): median {:.1} ms, p95 {:.1} ms",
        percentile(&bare, 50.0),
        percentile(&bare, 95.0)
    );
}

/// The 10k key list at rest (idle CPU, then memory in total and by mapping),
/// once the keystrokes' garbage is collected and the background watch's
/// first look is over.
pub async fn list_at_rest(s: &Session, figures: &mut Figures) {
    // 80 keystrokes leave garbage that the web view collects in the seconds after.
    tokio::time::sleep(SETTLE * 2).await;
    figures.idle.push((
        "10k key list",
        at_rest(&s.app, s.pid, "10k key list", s.idle).await,
    ));
    // At rest: the background watch's first look (4 s after sign-in) is over.
    figures.pss_list_rest = procs::tree_pss_kb(s.pid);
    println!(
        "pss 10k key list at rest: {:.1} MB [{}]",
        figures.pss_list_rest as f64 / 1024.0,
        procs::describe_pss(s.pid)
    );
    println!("pss 10k key list by mapping: {}", mappings::describe(s.pid));
}

/// The audit log screen's idle CPU at rest.
pub async fn audit_log_at_rest(s: &Session, figures: &mut Figures) {
    s.app.click(Role::Button, "Audit log").await;
    s.app.wait_text("Audit log").await;
    tokio::time::sleep(SETTLE).await;
    figures.idle.push((
        "audit log",
        at_rest(&s.app, s.pid, "audit log", s.idle).await,
    ));
}

/// The spend pages once the account has 30 days of activity: a key's page
/// (click on its name → 30-day chart painted) and the 10k-key overview.
pub async fn spend_pages(s: &Session, account: &Account) -> (KeyPage, OverviewWork) {
    let app = &s.app;
    insight::seed_activity(&s.sim, &account.hashes);
    app.click(Role::Button, "Keys").await;
    keyhold_e2e::eventually("the key list's names", || async {
        let v = app
            .js("return !!document.querySelector('button.open');", vec![])
            .await;
        v.as_bool().filter(|b| *b)
    })
    .await;
    let key_page = insight::key_pages(app).await;
    let overview = insight::overview(app, &account.total_text).await;
    println!(
        "key page (click on the name → 30-day chart painted, in the page), {} opens: {}; IPC calls after the click: {}",
        key_page.ms.len(),
        list_ms(&key_page.ms),
        key_page
            .calls
            .iter()
            .map(|c| format!("{} ({})", c.len(), c.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    );
    println!(
        "overview of 10k keys, 30 days (its {} IPC answers handed over at once → painted, in the page), {} refreshes: {}; \
         DOM updated at {}",
        overview.calls,
        overview.ms.len(),
        list_ms(&overview.ms),
        list_ms(&overview.dom_ms)
    );
    (key_page, overview)
}
