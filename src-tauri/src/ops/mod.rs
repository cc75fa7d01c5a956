//! The operations of a signed-in [`Session`](crate::session::Session),
//! grouped by what a person does. Commands call exactly one of them.

pub mod alerts;
pub mod batch_reveal;
pub mod bulk_create;
pub mod bulk_edit;
pub mod export;
pub mod files;
pub mod guardrails;
pub mod insights;
pub mod keys;
pub mod reconcile;
pub mod retirement;
pub mod reveal;
pub mod rotation;
