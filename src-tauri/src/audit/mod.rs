//! The audit log: every change made from the app, appended as one JSON line
//! to `audit.jsonl` in the app's data directory (owner-only file). The demo
//! writes `audit-demo.jsonl` instead, emptied at each demo start, so demo
//! changes never mix with the real account's history. Without a data
//! directory (tests) the log is kept in memory.
//!
//! Entries hold names, hashes, field values and error codes: never a key
//! string, never the management key (a test scans the file for both).
//!
//! `log` is the file and its versioned record, `changes` builds entries for
//! each kind of change to keys, `guardrails` those of guardrails, `csv` exports them.

mod changes;
mod csv;
mod guardrails;
mod log;

pub use changes::*;
pub use csv::to_csv;
pub use guardrails::*;
pub use log::AuditLog;

#[cfg(test)]
mod tests;
