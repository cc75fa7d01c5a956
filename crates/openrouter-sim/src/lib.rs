//! In-memory simulator of OpenRouter's key-management API (placeholder; being written).
