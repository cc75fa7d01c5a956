//! Integration tests against the real simulator over HTTP (no mocks). One
//! test binary with modules keeps link time down.

mod common;
mod create;
mod endpoints;
mod insights;
mod pagination;
mod retries;
mod secrets;
