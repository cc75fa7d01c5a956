//! The tauri-driver process (which starts WebKitWebDriver, which starts the app).

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::target_dir;

/// A running `tauri-driver`; killed (with its WebKitWebDriver) on drop.
pub struct Driver {
    child: Child,
    pub port: u16,
    pub native_port: u16,
    /// tauri-driver's and WebKitWebDriver's stdout/stderr.
    pub log: PathBuf,
    /// The app's own stdout/stderr (captured by the launcher script).
    pub app_log: PathBuf,
    /// The script passed as `application`: it runs the real binary with its
    /// output appended to `app_log`.
    pub launcher: PathBuf,
    /// This scenario's screenshot folder and counter.
    pub screenshots: Arc<Screenshots>,
}

/// One scenario's screenshots: `target/e2e-screenshots/<scenario>/NN-<screen>.png`,
/// numbered in the order taken (across restarts of the app).
pub struct Screenshots {
    pub dir: PathBuf,
    taken: AtomicUsize,
}

impl Screenshots {
    /// Empties the scenario's folder (screenshots of an earlier run of it).
    fn fresh(dir: PathBuf) -> Screenshots {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
        Screenshots {
            dir,
            taken: AtomicUsize::new(0),
        }
    }

    /// The file for the next screenshot of `screen`.
    pub fn next_path(&self, screen: &str) -> PathBuf {
        let n = self.taken.fetch_add(1, Ordering::SeqCst) + 1;
        self.dir.join(format!("{n:02}-{screen}.png"))
    }
}

/// Where screenshots go, one folder per scenario.
pub fn screenshot_dir() -> PathBuf {
    target_dir().join("e2e-screenshots")
}

/// The line the launcher writes to the app log before starting the app.
pub const LAUNCH_MARKER: &str = "[keyhold-e2e launcher] starting keyhold with args:";

/// Where logs of the end-to-end run go.
pub fn log_dir() -> PathBuf {
    target_dir().join("e2e-logs")
}

fn tauri_driver_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let candidate = dir.join("tauri-driver");
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    let candidate = cargo_home.join("bin").join("tauri-driver");
    assert!(
        candidate.is_file(),
        "tauri-driver not found on PATH nor in {}: install it with \
         `cargo install tauri-driver --version '^2' --locked`",
        candidate.display()
    );
    candidate
}

/// Two distinct free loopback ports.
fn free_ports() -> (u16, u16) {
    let a = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let b = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    let ports = (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    );
    drop((a, b));
    ports
}

fn accepts(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}

fn write_launcher(path: &Path, app: &Path, app_log: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let quote = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
    let script = format!(
        "#!/bin/sh\n# Written by keyhold-e2e: runs the app with its output captured.\n\
         echo \"{LAUNCH_MARKER} $*\" >>{log}\nexec {app} \"$@\" >>{log} 2>&1\n",
        app = quote(app),
        log = quote(app_log)
    );
    std::fs::write(path, script).expect("write the app launcher script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .expect("make the app launcher executable");
}

impl Driver {
    /// Starts tauri-driver with `env` added to its environment (the app
    /// inherits it) and waits until both of its ports accept connections.
    /// `name` (the scenario) labels the log files and the screenshot folder.
    pub fn start(name: &str, app: &Path, env: &[(&str, String)]) -> Driver {
        let dir = log_dir();
        std::fs::create_dir_all(&dir).expect("create target/e2e-logs");
        let log = dir.join(format!("tauri-driver-{name}.log"));
        let app_log = dir.join(format!("app-{name}.log"));
        let launcher = dir.join(format!("keyhold-{name}.sh"));
        write_launcher(&launcher, app, &app_log);
        // Fresh logs for this run.
        File::create(&app_log).expect("create the app log");
        let out = File::create(&log).expect("create the tauri-driver log");
        let err = out.try_clone().expect("clone the log handle");
        let screenshots = Arc::new(Screenshots::fresh(screenshot_dir().join(name)));

        let binary = tauri_driver_binary();
        let mut last_error = String::new();
        for _attempt in 0..3 {
            let (port, native_port) = free_ports();
            let mut cmd = Command::new(&binary);
            cmd.arg("--port")
                .arg(port.to_string())
                .arg("--native-port")
                .arg(native_port.to_string())
                .stdin(Stdio::null())
                .stdout(out.try_clone().unwrap())
                .stderr(err.try_clone().unwrap());
            for (k, v) in env {
                cmd.env(k, v);
            }
            let child = cmd
                .spawn()
                .unwrap_or_else(|e| panic!("could not start {}: {e}", binary.display()));
            let mut driver = Driver {
                child,
                port,
                native_port,
                log: log.clone(),
                app_log: app_log.clone(),
                launcher: launcher.clone(),
                screenshots: screenshots.clone(),
            };
            // Connecting as soon as the first port opens fails: wait for both.
            let start = Instant::now();
            loop {
                if let Ok(Some(status)) = driver.child.try_wait() {
                    last_error = format!("tauri-driver exited early with {status}");
                    break;
                }
                if accepts(port) && accepts(native_port) {
                    // A moment for WebKitWebDriver to finish starting up.
                    std::thread::sleep(Duration::from_millis(300));
                    return driver;
                }
                if start.elapsed() > Duration::from_secs(20) {
                    last_error = format!(
                        "tauri-driver ports {port} and {native_port} did not both accept connections within 20 s"
                    );
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            // Port race or slow start: Drop kills it; try again on new ports.
        }
        let log_text = std::fs::read_to_string(&log).unwrap_or_default();
        panic!("{last_error}; its log ({}):\n{log_text}", log.display());
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // tauri-driver kills WebKitWebDriver on SIGTERM, but an app whose
        // session was not ended (a failed test) would outlive it: end the
        // processes this driver started, by their ids, then the driver.
        let pid = self.child.id();
        let mut pids = descendants(pid);
        pids.reverse();
        pids.push(pid);
        for p in pids {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(p.to_string())
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// All descendants of `root` (children first, then theirs), from /proc.
fn descendants(root: u32) -> Vec<u32> {
    let mut parent_of: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for e in entries.flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
                continue;
            };
            // "pid (comm) state ppid ...": comm may hold spaces, so split after ')'.
            let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
                continue;
            };
            if let Some(ppid) = rest.split_whitespace().nth(1).and_then(|s| s.parse().ok()) {
                parent_of.push((pid, ppid));
            }
        }
    }
    let mut out = Vec::new();
    let mut frontier = vec![root];
    while let Some(p) = frontier.pop() {
        for &(child, parent) in &parent_of {
            if parent == p && !out.contains(&child) {
                out.push(child);
                frontier.push(child);
            }
        }
    }
    out
}
