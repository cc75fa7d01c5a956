//! One scenario's world: its own simulator, a fresh app profile (the app's
//! XDG data/config/cache folders), an empty keychain entry, its own folder for
//! saved files, and the app window over WebDriver. Scenarios start from here,
//! signed out or signed in, and end with [`Fixture::finish`] (a secrets scan).

use std::path::PathBuf;

use openrouter_sim::{Sim, SimConfig};
use tokio::sync::MutexGuard;

use crate::app::{Match, Role, Scope};
use crate::keys_screen::wait_key_count;
use crate::{
    app_binary, desktop, eventually, keychain, one_app_at_a_time, require_environment, scan, step,
    target_dir, App, Driver,
};

/// A running scenario: simulator, tauri-driver and the app window.
pub struct Fixture {
    pub app: App,
    pub driver: Driver,
    pub sim: Sim,
    /// The key the simulator accepts for key management.
    pub management_key: String,
    /// Where the app saves files instead of asking with a native dialog
    /// (`KEYHOLD_DIALOG_DIR`): `target/e2e-dialog/<scenario>`.
    pub dialog_dir: PathBuf,
    /// The scenario's name (labels its logs, screenshots and dialog folder).
    pub name: String,
    /// Held until the scenario ends: scenarios never overlap.
    pub(crate) _one_at_a_time: MutexGuard<'static, ()>,
}

/// Waits until no earlier app process is left: one still running would
/// take the new launch as a second instance and show itself instead.
pub async fn no_app_running() {
    eventually("no Keyhold process left from before", || async {
        desktop::app_processes().is_empty().then_some(())
    })
    .await;
}

/// Takes the one-app lock, then empties the keychain entry and the app's
/// profile so that nothing carries over from another scenario.
async fn fresh_start(name: &str) -> MutexGuard<'static, ()> {
    require_environment();
    let guard = one_app_at_a_time().await;
    no_app_running().await;
    step(&format!(
        "{name}: fresh keychain and app profile, then start the app"
    ));
    keychain::delete_stored_key().await;
    assert_eq!(
        keychain::stored_key().await,
        None,
        "setup: keychain entry removed"
    );
    for dir in scan::app_dirs() {
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .unwrap_or_else(|e| panic!("setup: remove the app profile {}: {e}", dir.display()));
        }
    }
    guard
}

impl Fixture {
    /// Starts the app against `sim` on a fresh profile; it shows the sign-in screen.
    pub async fn launch(name: &str, sim: Sim) -> Fixture {
        Self::launch_with(name, sim, &[]).await
    }

    /// [`Fixture::launch`] with more developer switches set.
    pub async fn launch_with(name: &str, sim: Sim, switches: &[(&str, String)]) -> Fixture {
        let guard = fresh_start(name).await;
        let dialog_dir = target_dir().join("e2e-dialog").join(name);
        let _ = std::fs::remove_dir_all(&dialog_dir);
        std::fs::create_dir_all(&dialog_dir).expect("create the dialog directory");
        let dialog_dir = dialog_dir.canonicalize().expect("canonical dialog dir");
        let mut env = vec![
            ("KEYHOLD_API_BASE", sim.base_url()),
            ("KEYHOLD_DIALOG_DIR", dialog_dir.display().to_string()),
        ];
        env.extend(switches.iter().cloned());
        let driver = Driver::start(name, &app_binary(), &env);
        let app = App::launch(&driver, &[]).await;
        Fixture {
            app,
            driver,
            management_key: sim.management_key(),
            sim,
            dialog_dir,
            name: name.to_string(),
            _one_at_a_time: guard,
        }
    }

    /// Signs in with the management key, "Remember on this computer" set to
    /// `remember`, and waits for the keys screen to list every key of the simulator.
    pub async fn sign_in(&self, remember: bool) {
        let app = &self.app;
        step(&format!("{}: sign in (remembered: {remember})", self.name));
        let key_field = app.wait(Role::Textbox, "Management key").await;
        app.type_into(&key_field, &self.management_key).await;
        let remember_box = if remember {
            Some(app.wait(Role::Checkbox, "Remember on this computer").await)
        } else {
            app.find(
                &Scope::Page,
                Role::Checkbox,
                "Remember on this computer",
                Match::Exact,
            )
            .await
        };
        if let Some(remember_box) = remember_box {
            if app.is_checked(&remember_box).await != remember {
                app.click_el(&remember_box, "\"Remember on this computer\"")
                    .await;
            }
            assert_eq!(
                app.is_checked(&remember_box).await,
                remember,
                "sign-in: \"Remember on this computer\" should be {}",
                if remember { "checked" } else { "unchecked" }
            );
        }
        app.click(Role::Button, "Sign in").await;
        wait_key_count(app, self.sim.key_count(), "after sign-in").await;
    }

    /// Ends the WebDriver session (which closes the app) and starts the app
    /// again on the same profile, keychain and simulator.
    pub async fn restart(&mut self) {
        self.restart_with_args(&[]).await;
    }

    /// [`Fixture::restart`] with these command-line arguments for the app.
    pub async fn restart_with_args(&mut self, args: &[&str]) {
        step(&format!("{}: restart the app {args:?}", self.name));
        if let Err(e) = self.app.client.clone().close().await {
            eprintln!("[e2e] ending the WebDriver session failed: {e}");
        }
        no_app_running().await;
        self.app = App::launch(&self.driver, args).await;
    }

    /// After a restart with a remembered key: the app runs against the
    /// simulator (a non-default API), so it names that server on the sign-in
    /// screen and sends the stored key nowhere until asked; then it is asked.
    /// `sent_before`: how many requests the simulator had seen before the restart.
    pub async fn use_stored_key_after_restart(&self, sent_before: usize) {
        step(&format!("{}: the stored key waits for a click", self.name));
        let base = self.sim.base_url();
        let banner = self.app.wait_text("Not OpenRouter").await;
        assert!(
            banner.contains(&base),
            "the banner should name the server in use ({base}): {banner}"
        );
        assert!(
            self.sim.requests()[sent_before..]
                .iter()
                .all(|r| !r.path.ends_with("/keys")),
            "no key may be listed before the person agrees to use the stored key"
        );
        self.app
            .click(Role::Button, "Use the stored key with this server")
            .await;
    }
}

/// A simulator started from `config`.
pub async fn sim(config: SimConfig) -> Sim {
    Sim::start(config).await.expect("start the simulator")
}

/// The app on the sign-in screen, against a simulator started from `config`.
pub async fn signed_out(name: &str, config: SimConfig) -> Fixture {
    Fixture::launch(name, sim(config).await).await
}

/// Signed in for this session only (the key is not remembered).
pub async fn signed_in(name: &str, config: SimConfig) -> Fixture {
    signed_in_to(name, sim(config).await).await
}

/// Signed in (not remembered) to a simulator prepared by the caller.
pub async fn signed_in_to(name: &str, sim: Sim) -> Fixture {
    let f = Fixture::launch(name, sim).await;
    f.sign_in(false).await;
    f
}

/// Signed in with "Remember on this computer": the keychain holds the key.
pub async fn signed_in_remembered(name: &str, config: SimConfig) -> Fixture {
    let f = signed_out(name, config).await;
    f.sign_in(true).await;
    f
}

/// The app in demo mode (`--demo`, no simulator), on a fresh profile.
pub struct Demo {
    pub app: App,
    pub driver: Driver,
    _one_at_a_time: MutexGuard<'static, ()>,
}

pub async fn demo(name: &str) -> Demo {
    let guard = fresh_start(name).await;
    let driver = Driver::start(name, &app_binary(), &[]);
    let app = App::launch(&driver, &["--demo"]).await;
    Demo {
        app,
        driver,
        _one_at_a_time: guard,
    }
}

impl Demo {
    pub async fn finish(self) {
        self.app.close().await;
    }
}
