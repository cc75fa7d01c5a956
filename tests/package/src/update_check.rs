//! The update path end to end, in the real window of the debug app: a
//! throwaway signing key pair made now with the Tauri CLI (the product's
//! private key never comes near a test), a signed "newer build" served from
//! loopback, and the app pointed at it through its debug-only switches.
//!
//! 1. The quiet check at start offers the newer signed build (version and
//!    notes); About shows version and license and its manual check agrees.
//! 2. A manifest whose signature does not match the download: "Install" is
//!    refused with a plain message and nothing is installed.
//! 3. Update server down: nothing is said at start; the manual check says so
//!    plainly. Then "check at start" is turned off in About.
//! 4. With the setting off, a newer build is not announced at start.
//!
//! Run by scripts/test.sh under `scripts/with-keyring.sh xvfb-run …` after
//! `cargo build -p keyhold`.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use keyhold_e2e::app::{dialog, Match, Role, Scope};
use keyhold_e2e::{app_binary, require_environment, step, target_dir, workspace_root, App, Driver};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const NEW_VERSION: &str = "9.9.9";
const NOTES: &str = "Faster key list.";
const REFUSED: &str = "The update was refused: its signature does not match";
const UNREACHABLE: &str = "Keyhold could not reach the update server";

#[tokio::main]
async fn main() {
    require_environment();
    let app = app_binary();
    let dir = target_dir().join("update-test");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create target/update-test");

    step("a throwaway update key pair and a signed newer build");
    let key = dir.join("throwaway.key");
    tauri_cli(&[
        "signer",
        "generate",
        "--ci",
        "-p",
        "",
        "-f",
        "-w",
        path_str(&key),
    ]);
    let pubkey = read(&dir.join("throwaway.key.pub"));
    let artifact = dir.join("Keyhold_9.9.9_amd64.AppImage");
    std::fs::write(&artifact, b"a newer Keyhold (test payload)").unwrap();
    let good_sig = sign(&key, &artifact);
    let other = dir.join("something-else.bin");
    std::fs::write(&other, b"not the payload that is served").unwrap();
    let wrong_sig = sign(&key, &other);

    let server = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", server.local_addr().unwrap());
    let routes = Arc::new(vec![
        (
            "/good.json".to_string(),
            manifest(&base, &good_sig).into_bytes(),
        ),
        (
            "/bad.json".to_string(),
            manifest(&base, &wrong_sig).into_bytes(),
        ),
        (
            "/Keyhold_9.9.9_amd64.AppImage".to_string(),
            std::fs::read(&artifact).unwrap(),
        ),
    ]);
    tokio::spawn(serve(server, routes));
    let down = {
        let l = StdListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/latest.json", l.local_addr().unwrap())
    };
    let app_before = std::fs::read(&app).expect("read the app binary");

    newer_build_offered(&app, &format!("{base}/good.json"), &pubkey).await;
    wrong_signature_refused(&app, &format!("{base}/bad.json"), &pubkey).await;
    assert!(
        std::fs::read(&app).expect("read the app binary") == app_before,
        "the app binary changed although the update was refused"
    );
    server_down(&app, &down, &pubkey).await;
    setting_off_keeps_start_quiet(&app, &format!("{base}/good.json"), &pubkey).await;
    println!("update check: all update scenarios passed");
}

fn env(endpoint: &str, pubkey: &str) -> Vec<(&'static str, String)> {
    vec![
        ("KEYHOLD_UPDATE_ENDPOINT", endpoint.to_string()),
        ("KEYHOLD_UPDATE_PUBKEY", pubkey.to_string()),
    ]
}

async fn launch(name: &str, app: &Path, endpoint: &str, pubkey: &str) -> (Driver, App) {
    let driver = Driver::start(name, app, &env(endpoint, pubkey));
    let window = App::launch(&driver, &["--demo"]).await;
    wait_for_text(&window, "CI pipeline").await;
    (driver, window)
}

/// Like `App::wait_text`, with a longer wait (the first start of a debug
/// build can be slow on a busy machine) and the page's text when it fails.
async fn wait_for_text(window: &App, text: &str) {
    for _ in 0..300 {
        if window.body_text().await.contains(text) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let body = window.body_text().await;
    panic!("timed out waiting for {text:?}; the page reads:\n{body}");
}

fn banner() -> Scope {
    Scope::Css("[aria-label=\"Update available\"]".into())
}

async fn open_about(window: &App) {
    window.click(Role::Button, "About").await;
    window.wait_dialog("About Keyhold").await;
}

async fn newer_build_offered(app: &Path, endpoint: &str, pubkey: &str) {
    step("newer signed build: offered at start, and by About's check");
    let (_driver, window) = launch("update-offered", app, endpoint, pubkey).await;
    window
        .wait_text(&format!("Update available: {NEW_VERSION}"))
        .await;
    window.wait_text(NOTES).await;
    window
        .wait_in(&banner(), Role::Button, "Install", Match::Exact)
        .await;
    open_about(&window).await;
    let about = dialog("About Keyhold");
    let text = window.body_text().await;
    assert!(
        text.contains("version 0.1.0"),
        "About shows no version:\n{text}"
    );
    assert!(
        text.contains("MIT license"),
        "About shows no license:\n{text}"
    );
    assert!(
        text.contains("Keyhold contributors"),
        "About shows no copyright:\n{text}"
    );
    window
        .click_in(&about, Role::Button, "Check for updates")
        .await;
    window
        .wait_in(&about, Role::Button, "Install", Match::Exact)
        .await;
    window.close().await;
}

async fn wrong_signature_refused(app: &Path, endpoint: &str, pubkey: &str) {
    step("wrong signature: Install is refused with a plain message");
    let (_driver, window) = launch("update-bad-signature", app, endpoint, pubkey).await;
    window
        .wait_text(&format!("Update available: {NEW_VERSION}"))
        .await;
    window.click_in(&banner(), Role::Button, "Install").await;
    window.wait_text(REFUSED).await;
    window.wait_text("Nothing was installed.").await;
    // Keyhold keeps running as it was.
    window.wait_text("CI pipeline").await;
    window.close().await;
}

async fn server_down(app: &Path, endpoint: &str, pubkey: &str) {
    step("update server down: quiet at start, a plain message on the manual check");
    let (_driver, window) = launch("update-server-down", app, endpoint, pubkey).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let text = window.body_text().await;
    assert!(
        !text.contains("Update available") && !text.contains("update server"),
        "the check at start was not quiet with the server down:\n{text}"
    );
    open_about(&window).await;
    let about = dialog("About Keyhold");
    window
        .click_in(&about, Role::Button, "Check for updates")
        .await;
    window.wait_text(UNREACHABLE).await;
    step("turning off the check at start");
    window
        .click_in(
            &about,
            Role::Checkbox,
            "Check for updates when Keyhold starts",
        )
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    window.close().await;
}

async fn setting_off_keeps_start_quiet(app: &Path, endpoint: &str, pubkey: &str) {
    step("check at start turned off: a newer build is not announced at start");
    let (_driver, window) = launch("update-setting-off", app, endpoint, pubkey).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let text = window.body_text().await;
    assert!(
        !text.contains("Update available"),
        "an update was announced although the check at start is off:\n{text}"
    );
    open_about(&window).await;
    let about = dialog("About Keyhold");
    let checkbox = window
        .wait_in(
            &about,
            Role::Checkbox,
            "Check for updates when Keyhold starts",
            Match::Exact,
        )
        .await;
    assert!(
        !window.is_checked(&checkbox).await,
        "the setting did not stay off"
    );
    window.close().await;
}

fn manifest(base: &str, signature: &str) -> String {
    let entry = serde_json::json!({
        "signature": signature,
        "url": format!("{base}/Keyhold_9.9.9_amd64.AppImage"),
    });
    let mut platforms = serde_json::Map::new();
    for target in [
        "linux-x86_64",
        "linux-x86_64-appimage",
        "linux-x86_64-deb",
        "linux-x86_64-rpm",
    ] {
        platforms.insert(target.into(), entry.clone());
    }
    serde_json::json!({
        "version": NEW_VERSION,
        "notes": format!("{NOTES}\nExports remember their folder."),
        "pub_date": "2026-12-01T12:00:00Z",
        "platforms": platforms,
    })
    .to_string()
}

/// A minimal HTTP/1.1 file server: GET of a known path, else 404.
async fn serve(listener: TcpListener, routes: Arc<Vec<(String, Vec<u8>)>>) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            continue;
        };
        let routes = routes.clone();
        tokio::spawn(async move {
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let text = String::from_utf8_lossy(&request);
            let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
            let path = path.split('?').next().unwrap_or("/");
            let (status, body) = match routes.iter().find(|(p, _)| p == path) {
                Some((_, body)) => ("200 OK", body.clone()),
                None => ("404 Not Found", b"not found".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        });
    }
}

fn tauri_cli(args: &[&str]) {
    let cli = workspace_root().join("ui/node_modules/.bin/tauri");
    let out = Command::new(&cli)
        .args(args)
        .env_remove("TAURI_SIGNING_PRIVATE_KEY")
        .env_remove("TAURI_SIGNING_PRIVATE_KEY_PASSWORD")
        .output()
        .unwrap_or_else(|e| panic!("could not run {}: {e}", cli.display()));
    assert!(
        out.status.success(),
        "tauri {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Signs `file` with the throwaway key; returns the signature text.
fn sign(key: &Path, file: &Path) -> String {
    tauri_cli(&[
        "signer",
        "sign",
        "-f",
        path_str(key),
        "-p",
        "",
        path_str(file),
    ]);
    let mut sig = PathBuf::from(file);
    sig.as_mut_os_string().push(".sig");
    read(&sig)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .trim()
        .to_string()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}
