//! Signed updates and the About dialog's facts.
//!
//! The updater plugin reads the release manifest (`latest.json`) and verifies
//! every download against the public key in tauri.conf.json before anything
//! is installed, so a tampered or foreign build is refused. The web view gets
//! no updater permission: it calls these commands only. Failures come back as
//! plain sentences (`Failed { message }`), not as errors, because a failed
//! check is an expected outcome (offline, server down) and the quiet check at
//! start must be able to ignore it.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_updater::{Error as UpdaterError, Update, Updater, UpdaterExt};
use ts_rs::TS;

use crate::error::{AppError, AppResult};

/// Developer switches (debug builds and `dev-switches` only, like the rest):
/// the manifest URL and the public key, so tests can use a loopback server and
/// a throwaway key pair.
pub const ENDPOINT_ENV: &str = "KEYHOLD_UPDATE_ENDPOINT";
pub const PUBKEY_ENV: &str = "KEYHOLD_UPDATE_PUBKEY";

const SETTINGS_FILE: &str = "update-settings.json";
const TIMEOUT: Duration = Duration::from_secs(20);

pub const SIGNATURE_REFUSED: &str = "The update was refused: its signature does not match \
     Keyhold's publisher key, so it may have been tampered with. Nothing was installed.";
pub const UNREACHABLE: &str = "Keyhold could not reach the update server. Check your internet \
     connection and try again later.";

/// The update found by the last check, waiting for "Install".
#[derive(Default)]
pub struct Updates {
    pending: Mutex<Option<Update>>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AboutInfo {
    pub name: String,
    pub version: String,
    pub license: String,
    pub copyright: String,
    pub homepage: String,
    /// Check quietly for updates when Keyhold starts (on unless turned off).
    pub check_at_start: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
#[ts(export)]
pub enum UpdateCheck {
    UpToDate {
        version: String,
    },
    Available {
        version: String,
        notes: Option<String>,
        date: Option<String>,
    },
    Failed {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "status", rename_all = "snake_case")]
#[ts(export)]
pub enum UpdateInstall {
    /// Verified and installed; Keyhold restarts into it.
    Installed {
        version: String,
    },
    Failed {
        message: String,
    },
}

#[derive(Serialize, Deserialize)]
struct StoredSettings {
    check_at_start: bool,
}

fn settings_path(app: &AppHandle) -> Option<PathBuf> {
    app.path()
        .app_data_dir()
        .ok()
        .map(|dir| dir.join(SETTINGS_FILE))
}

fn check_at_start(app: &AppHandle) -> bool {
    settings_path(app)
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|bytes| serde_json::from_slice::<StoredSettings>(&bytes).ok())
        .is_none_or(|s| s.check_at_start)
}

fn updater(app: &AppHandle) -> Result<Updater, UpdaterError> {
    let mut builder = app.updater_builder().timeout(TIMEOUT);
    if crate::switches::ENABLED {
        let set = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        if let Some(url) = set(ENDPOINT_ENV) {
            builder = builder.endpoints(vec![url.trim().parse()?])?;
        }
        if let Some(key) = set(PUBKEY_ENV) {
            builder = builder.pubkey(key.trim());
        }
    }
    builder.build()
}

/// What a person is told about an updater failure.
pub fn plain_message(error: &UpdaterError) -> String {
    match error {
        UpdaterError::Minisign(_)
        | UpdaterError::Base64(_)
        | UpdaterError::SignatureUtf8(_)
        | UpdaterError::SignedVersionMismatch { .. }
        | UpdaterError::MissingSignedVersion => SIGNATURE_REFUSED.into(),
        UpdaterError::Reqwest(_) | UpdaterError::Network(_) => UNREACHABLE.into(),
        UpdaterError::ReleaseNotFound
        | UpdaterError::Serialization(_)
        | UpdaterError::Semver(_)
        | UpdaterError::TargetNotFound(_)
        | UpdaterError::TargetsNotFound(_) => {
            "The update server's answer could not be read. Try again later.".into()
        }
        UpdaterError::UnsupportedOs | UpdaterError::UnsupportedArch => {
            "Automatic updates are not available for this system.".into()
        }
        UpdaterError::EmptyEndpoints
        | UpdaterError::UrlParse(_)
        | UpdaterError::InsecureTransportProtocol => {
            "Updates are not set up in this build of Keyhold.".into()
        }
        _ => "The update could not be installed. Download the new version from Keyhold's \
              releases page instead."
            .into(),
    }
}

#[tauri::command]
pub async fn about_info(app: AppHandle) -> AppResult<AboutInfo> {
    let info = app.package_info();
    // The bundle section of tauri.conf.json does not reach the running app
    // whole, so these come from Cargo.toml's package metadata.
    let copyright = app
        .config()
        .bundle
        .copyright
        .clone()
        .filter(|c| !c.trim().is_empty())
        .unwrap_or_else(|| format!("Copyright © {}", env!("CARGO_PKG_AUTHORS")));
    Ok(AboutInfo {
        name: info.name.clone(),
        version: info.version.to_string(),
        license: env!("CARGO_PKG_LICENSE").to_string(),
        copyright,
        homepage: env!("CARGO_PKG_HOMEPAGE").to_string(),
        check_at_start: check_at_start(&app),
    })
}

#[tauri::command]
pub async fn set_update_check_at_start(app: AppHandle, enabled: bool) -> AppResult<()> {
    let path = settings_path(&app)
        .ok_or_else(|| AppError::file("Keyhold has no folder for its settings."))?;
    let saved = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| {
            std::fs::write(
                &path,
                serde_json::to_vec(&StoredSettings {
                    check_at_start: enabled,
                })
                .unwrap_or_default(),
            )
        });
    saved.map_err(|_| AppError::file("The update setting could not be saved."))
}

#[tauri::command]
pub async fn check_for_update(
    app: AppHandle,
    updates: State<'_, Updates>,
) -> AppResult<UpdateCheck> {
    let outcome = match updater(&app) {
        Ok(updater) => updater.check().await,
        Err(e) => Err(e),
    };
    let check = match outcome {
        Ok(Some(update)) => {
            let check = UpdateCheck::Available {
                version: update.version.clone(),
                notes: update.body.clone().filter(|b| !b.trim().is_empty()),
                date: update.date.map(|d| d.to_string()),
            };
            *updates.pending.lock().unwrap_or_else(|p| p.into_inner()) = Some(update);
            check
        }
        Ok(None) => UpdateCheck::UpToDate {
            version: app.package_info().version.to_string(),
        },
        Err(e) => UpdateCheck::Failed {
            message: plain_message(&e),
        },
    };
    Ok(check)
}

/// Downloads the update found by the last check, verifies its signature
/// (the plugin refuses a mismatch before installing anything), installs it
/// and restarts Keyhold.
#[tauri::command]
pub async fn install_update(
    app: AppHandle,
    updates: State<'_, Updates>,
) -> AppResult<UpdateInstall> {
    let pending = updates
        .pending
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .take();
    let Some(update) = pending else {
        return Ok(UpdateInstall::Failed {
            message: "Check for updates first.".into(),
        });
    };
    let installed = match update.download(|_, _| {}, || {}).await {
        Ok(bytes) => update.install(bytes),
        Err(e) => Err(e),
    };
    if let Err(e) = installed {
        return Ok(UpdateInstall::Failed {
            message: plain_message(&e),
        });
    }
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        // A moment for the UI to say so before the window goes away.
        tokio::time::sleep(Duration::from_millis(800)).await;
        handle.restart();
    });
    Ok(UpdateInstall::Installed {
        version: update.version.clone(),
    })
}
