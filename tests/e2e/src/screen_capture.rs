//! Pictures of the screen: on request, and of the window as it was when a
//! scenario failed.

use std::path::PathBuf;
use std::time::Duration;

use crate::App;

impl App {
    /// Saves a PNG of the screen as
    /// `target/e2e-screenshots/<scenario>/<nn>-<screen>.png`.
    pub async fn screenshot(&self, screen: &str) -> PathBuf {
        let path = self.shots.next_path(screen);
        // Let the last DOM change reach the screen before it is read.
        let _ = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        if let Err(e) = capture_display(&path) {
            panic!("taking the screenshot {screen:?} failed: {e}");
        }
        path
    }
}

/// What the X server shows, read from the display itself. WebDriver's own
/// screenshot asks WebKit for a snapshot, which never answers on some
/// screens when the app draws without accelerated compositing (as it does
/// on Linux); the display is also exactly what a person would see.
pub fn capture_display(path: &std::path::Path) -> Result<(), String> {
    let out = std::process::Command::new("import")
        .args(["-silent", "-window", "root"])
        .arg(path)
        .output()
        .map_err(|e| format!("could not run ImageMagick's import: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// When a scenario fails, the window as it was: a screenshot `failure` and
/// the page's text in the test output.
impl Drop for App {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        let client = self.client.clone();
        let path = self.shots.next_path("failure");
        // The session's connection lives on the test's runtime; talk to it
        // from a thread of our own while the test thread unwinds.
        let done = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let wait = Duration::from_secs(5);
                let _ = capture_display(&path);
                let text = tokio::time::timeout(
                    wait,
                    client.execute(
                        "return document.body ? document.body.innerText : '';",
                        vec![],
                    ),
                )
                .await
                .ok()?
                .ok()?;
                Some((path, text.as_str().unwrap_or_default().to_string()))
            })
        })
        .join();
        if let Ok(Some((path, text))) = done {
            eprintln!(
                "[e2e] at the failure ({}), the page read:\n{text:.2000}",
                path.display()
            );
        }
    }
}
