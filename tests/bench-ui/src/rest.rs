//! CPU use of the app's process tree while a screen sits at rest.

use std::time::{Duration, Instant};

use keyhold_e2e::App;

use crate::procs;

/// What has the focus (a focused text field blinks its caret), then the
/// screen's CPU use at rest.
pub async fn at_rest(app: &App, pid: u32, screen: &str, span: Duration) -> f64 {
    let focused = app
        .js(
            "const a = document.activeElement; return a ? a.tagName.toLowerCase() + (a.id ? '#' + a.id : '') : '';",
            vec![],
        )
        .await;
    println!("{screen}: focus on {focused}");
    if std::env::var_os("BENCH_PROBE").is_some() {
        println!("{screen}:");
        crate::probe::probe(app).await;
    }
    idle_cpu(pid, screen, span).await
}

/// Percent of one core used by the app's process tree over `span`, at rest.
pub async fn idle_cpu(pid: u32, screen: &str, span: Duration) -> f64 {
    let before = procs::tree_ticks(pid);
    let started = Instant::now();
    tokio::time::sleep(span).await;
    let after = procs::tree_ticks(pid);
    let secs = started.elapsed().as_secs_f64();
    let hz = procs::clock_ticks_per_sec();
    let mut total = 0.0;
    let mut parts = Vec::new();
    for (p, (name, t)) in &after {
        let t0 = before.get(p).map(|(_, t)| *t).unwrap_or(0);
        let pct = (t.saturating_sub(t0)) as f64 / hz / secs * 100.0;
        total += pct;
        parts.push(format!("{name} {pct:.2}"));
    }
    println!(
        "idle cpu {screen} ({:.0} s): {total:.2} % of a core [{}]",
        secs,
        parts.join(", ")
    );
    total
}
