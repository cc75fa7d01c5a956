//! The audit log: every change made from the app, appended as one JSON line
//! to `audit.jsonl` in the app's data directory (owner-only file). The demo
//! writes `audit-demo.jsonl` instead, emptied at each demo start, so demo
//! changes never mix with the real account's history. Without a data
//! directory (tests) the log is kept in memory.
//!
//! Entries hold names, hashes, field values and error codes: never a key
//! string, never the management key (a test scans the file for both).
//!
//! What an entry says is built by `keyhold_ops::audit` (re-exported here
//! for the operations); `changes` turns it into the screen's entry, `log` is
//! the file and its versioned record, `csv` exports them.

mod changes;
mod csv;
mod log;

pub use changes::*;
pub use csv::to_csv;
pub use keyhold_ops::audit::{
    bulk_edited, created, deleted, field, guardrail_deleted, guardrail_rules, key_guardrail,
    planned_create, retirement_dropped, retirement_planned, toggle_failed, toggled, updated,
    Action, Entry,
};
pub use log::AuditLog;

#[cfg(test)]
mod tests;
