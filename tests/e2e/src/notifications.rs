//! A real notification server on the test session bus (`dunst`, under the
//! Xvfb display) and a `dbus-monitor` recording every `Notify` call it gets,
//! so a scenario can read what the app told the desktop.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

use crate::eventually;

pub struct NotificationServer {
    daemon: Child,
    monitor: Child,
    received: Arc<Mutex<String>>,
}

fn name_has_owner() -> bool {
    Command::new("dbus-send")
        .args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.Notifications",
        ])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
}

impl NotificationServer {
    /// Starts both and waits until the server owns its bus name.
    pub async fn start() -> NotificationServer {
        let mut monitor = Command::new("dbus-monitor")
            .args([
                "--session",
                "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-monitor runs (package dbus-bin; scripts/setup.sh installs it)");
        let mut out = monitor.stdout.take().expect("monitor output");
        let received = Arc::new(Mutex::new(String::new()));
        let sink = received.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let daemon = Command::new("dunst")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dunst runs (scripts/setup.sh installs it)");
        eventually("the notification server on the session bus", || async {
            name_has_owner().then_some(())
        })
        .await;
        NotificationServer {
            daemon,
            monitor,
            received,
        }
    }

    /// Everything the server was sent so far, as `dbus-monitor` prints it.
    pub fn received(&self) -> String {
        self.received.lock().unwrap().clone()
    }

    /// Waits until a notification containing `text` arrived; returns all received.
    pub async fn wait_for(&self, text: &str) -> String {
        eventually(&format!("a desktop notification with {text:?}"), || async {
            let all = self.received();
            all.contains(text).then_some(all)
        })
        .await
    }
}

impl NotificationServer {
    /// Takes every notification off the screen (they stay in its history).
    pub fn close_all(&self) {
        let status = Command::new("dunstctl")
            .arg("close-all")
            .status()
            .expect("dunstctl runs (it comes with dunst)");
        assert!(status.success(), "dunstctl close-all: {status}");
    }

    /// Clicks the notification on screen, as a person would: the server
    /// invokes its default action and tells the app over the bus.
    pub async fn click_newest(&self) {
        eventually("a notification on screen to click", || async {
            let shown = Command::new("dunstctl")
                .arg("count")
                .arg("displayed")
                .output()
                .ok()?;
            let count: u32 = String::from_utf8_lossy(&shown.stdout).trim().parse().ok()?;
            (count > 0).then_some(())
        })
        .await;
        let status = Command::new("dunstctl")
            .args(["action", "0"])
            .status()
            .expect("dunstctl runs");
        assert!(status.success(), "dunstctl action: {status}");
    }
}

impl Drop for NotificationServer {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.monitor.kill();
        let _ = self.daemon.wait();
        let _ = self.monitor.wait();
    }
}
