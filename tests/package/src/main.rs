//! Checks Keyhold as a user gets it: drives the *installed* binary
//! (`/usr/bin/keyhold`, or the path given as the only argument) through
//! tauri-driver, under Xvfb and the private keyring session of
//! `scripts/with-keyring.sh`.
//!
//! 1. Started with no arguments but with the developer switches
//!    `KEYHOLD_DEMO` and `KEYHOLD_API_BASE` in its environment, it must open
//!    on the sign-in screen: a release package ignores them.
//! 2. Started with `--demo`, it must reach the demo's key list.
//!
//! `scripts/test-packages.sh` installs the `.deb`, runs this, and removes it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use keyhold_e2e::app::{Match, Role, Scope};
use keyhold_e2e::{eventually, require_environment, step, target_dir, App, Driver};

/// A name of the demo account's keys (the simulator's demo data).
const DEMO_KEY: &str = "CI pipeline";
const DEMO_BANNER: &str = "Demo — simulated account";

#[tokio::main]
async fn main() {
    let binary = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/keyhold"));
    assert!(binary.is_file(), "{} is not installed", binary.display());
    require_environment();

    switches_are_ignored(&binary).await;
    demo_key_list(&binary).await;
    println!("package check: the installed {} passed", binary.display());
}

async fn switches_are_ignored(binary: &Path) {
    step("installed app, developer switches in the environment: sign-in screen expected");
    let env = [
        ("KEYHOLD_DEMO", "1".to_string()),
        ("KEYHOLD_API_BASE", "http://127.0.0.1:9/api/v1".to_string()),
    ];
    let driver = Driver::start("package-switches", binary, &env);
    let app = App::launch(&driver, &[]).await;
    assert_runs_installed(binary);
    app.wait_in(&Scope::Page, Role::Textbox, "Management key", Match::Exact)
        .await;
    let body = app.body_text().await;
    assert!(
        !body.contains(DEMO_BANNER) && !body.contains("Not OpenRouter"),
        "the installed app obeyed a developer switch (dev-switches feature in a release bundle?):\n{body}"
    );
    app.close().await;
}

async fn demo_key_list(binary: &Path) {
    step("installed app with --demo: the demo's key list expected");
    let driver = Driver::start("package-demo", binary, &[]);
    let started = Instant::now();
    let app = App::launch(&driver, &["--demo"]).await;
    assert_runs_installed(binary);
    app.wait_text(DEMO_BANNER).await;
    app.wait_text(DEMO_KEY).await;
    let rows = eventually("the demo's key rows", || async {
        let rows = app.visible_row_hashes().await;
        (rows.len() >= 5).then_some(rows.len())
    })
    .await;
    println!(
        "package check: demo key list ({rows} rows) {:.2} s after the session was requested",
        started.elapsed().as_secs_f64()
    );
    save_screenshot("installed-demo-keys");
    app.close().await;
}

/// The window under test belongs to a process running `binary` itself (the
/// driver's launcher script execs it), not some build in the source tree.
fn assert_runs_installed(binary: &Path) {
    let want = binary
        .canonicalize()
        .unwrap_or_else(|_| binary.to_path_buf());
    let running = std::fs::read_dir("/proc")
        .expect("read /proc")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
        .any(|e| std::fs::read_link(e.path().join("exe")).is_ok_and(|exe| exe == want));
    assert!(running, "no process runs {}", want.display());
}

fn save_screenshot(name: &str) {
    let dir = target_dir().join("package-test");
    std::fs::create_dir_all(&dir).expect("create target/package-test");
    let path = dir.join(format!("{name}.png"));
    keyhold_e2e::app::capture_display(&path).expect("take a screenshot");
    println!("package check: screenshot {}", path.display());
}
