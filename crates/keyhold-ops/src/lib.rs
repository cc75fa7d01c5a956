//! Keyhold's bulk and finance logic, free of any window so it is tested on
//! its own (the app in `src-tauri/` adapts it to IPC):
//!
//! - [`pattern`]: names from a pattern like `Workshop – {n}` or `{n:2}`.
//! - [`names_csv`]: names (and optional limits) from a pasted or imported CSV.
//! - [`audit`]: what an audit entry says: the action, each field's before and after.
//! - [`diff`]: the before → after of a bulk edit on one key, and its PATCH.
//! - [`edit_row`]: one key of a bulk edit: skip, PATCH or DELETE, and what the answer means.
//! - [`insights`]: daily spend per model, burn rate, runway, last active.
//! - [`guardrails`]: the guardrail form's rules, edits, and what an assignment replaces.
//! - [`conflict`]: the key versions shown, and what someone else changed since.
//! - [`batch`]: running many requests with a bound on those in flight, and cancel.
//! - [`csv_out`]: writing CSV files (key list, audit log, key strings, the last
//!   owner-only).
//! - [`status`]: a key's status as the exports name it.
//! - [`jsonl`]: the append-only JSON-lines file behind the audit log.
//! - [`owner_only`]: files only their owner may read, on every OS.
//! - [`reconcile`]: which listed key is which row of a bulk create whose answers were lost.
//! - [`rotation`]: the replacement key of a rotation.
//! - [`retirement`]: retiring the old key of a rotation when its grace period ends.
//! - [`limit_stop`]: whether a limit change stops a working key at once.
//! - [`key_name`]: the rule for a key's name ([`validate_key_name`]).
//! - [`alerts`]: warning rules, what holds for an account snapshot, told once.

pub mod alerts;
pub mod audit;
pub mod batch;
pub mod conflict;
pub mod csv_out;
pub mod diff;
pub mod edit_row;
pub mod guardrails;
pub mod insights;
pub mod jsonl;
pub mod key_name;
pub mod limit_stop;
pub mod names_csv;
pub mod owner_only;
pub mod pattern;
pub mod reconcile;
pub mod retirement;
pub mod rotation;
pub mod status;

pub use key_name::{validate_key_name, NameProblem};

/// Bad input, with the form field it concerns. Messages are for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub field: &'static str,
    pub message: String,
}

impl InputError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InputError {}

/// The longest key name Keyhold sends (the app's own validation uses the same).
pub const NAME_MAX: usize = 200;

/// [`validate_key_name`], with the problem as an [`InputError`] on `name`.
pub fn check_name(raw: &str) -> Result<String, InputError> {
    validate_key_name(raw).map_err(|p| InputError::new("name", p.message()))
}
