//! Typed client for OpenRouter's key-management API (placeholder; being written).
