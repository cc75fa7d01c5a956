//! Tauri commands: adapters from IPC to one operation each, of the app state
//! (signing in and out) or of the current session (everything else). Each
//! returns `Result<_, AppError>`, which reaches the UI as `{code, message, field}`.

use std::sync::Arc;

use tauri::State;

use crate::app_state::AppState;

pub mod alerts;
pub mod auth;
pub mod bulk;
pub mod guardrails;
pub mod insights;
pub mod keys;
mod names;

pub use names::COMMANDS;

pub type AppStateRef<'a> = State<'a, Arc<AppState>>;

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::COMMANDS;

    fn repo_file(path: &str) -> String {
        let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    fn declared() -> BTreeSet<String> {
        COMMANDS.iter().map(|c| c.to_string()).collect()
    }

    /// Names after `marker` up to the next character that cannot be in a name.
    fn names_after(text: &str, marker: &str) -> BTreeSet<String> {
        text.split(marker)
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect::<String>()
                    .replace('-', "_")
            })
            .collect()
    }

    #[test]
    fn every_command_has_a_handler() {
        let text = repo_file("src-tauri/src/lib.rs");
        let start = text.find("generate_handler![").unwrap();
        let block = &text[start..start + text[start..].find("])").unwrap()];
        let handlers: BTreeSet<String> = block
            .lines()
            .filter_map(|l| {
                l.trim()
                    .trim_end_matches(',')
                    .rsplit("::")
                    .next()
                    .map(str::to_string)
            })
            .filter(|n| !n.is_empty() && !n.contains('['))
            .collect();
        assert_eq!(handlers, declared());
    }

    #[test]
    fn every_command_is_permitted_and_nothing_else() {
        let caps = repo_file("src-tauri/capabilities/default.json");
        assert_eq!(names_after(&caps, "\"allow-"), declared());
    }

    #[test]
    fn the_ui_gateway_calls_exactly_the_commands() {
        let api = repo_file("ui/src/lib/api.ts");
        let called: BTreeSet<String> = api
            .split(">(\"")
            .skip(1)
            .map(|rest| rest.chars().take_while(|c| *c != '"').collect())
            .collect();
        assert_eq!(called, declared());
    }
}
