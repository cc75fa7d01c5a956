//! The model endpoints spend runs on, as `/activity` names them.

use sha2::{Digest, Sha256};

/// A model served by one provider: one `endpoint_id` in `/activity`.
#[derive(Debug)]
pub(crate) struct Endpoint {
    pub model: &'static str,
    pub permaslug: &'static str,
    pub provider: &'static str,
    /// USD per million prompt / completion tokens.
    pub prompt_price: f64,
    pub completion_price: f64,
    pub reasoning: bool,
}

const fn ep(
    model: &'static str,
    permaslug: &'static str,
    provider: &'static str,
    prompt_price: f64,
    completion_price: f64,
    reasoning: bool,
) -> Endpoint {
    Endpoint {
        model,
        permaslug,
        provider,
        prompt_price,
        completion_price,
        reasoning,
    }
}

/// Popular endpoints with list prices of the time; the first is where spend
/// added through the control API lands when a key has no history.
pub(crate) const ENDPOINTS: &[Endpoint] = &[
    ep(
        "openai/gpt-4.1",
        "openai/gpt-4.1-2025-04-14",
        "OpenAI",
        2.0,
        8.0,
        false,
    ),
    ep(
        "openai/gpt-4.1-mini",
        "openai/gpt-4.1-mini-2025-04-14",
        "OpenAI",
        0.4,
        1.6,
        false,
    ),
    ep(
        "openai/o4-mini",
        "openai/o4-mini-2025-04-16",
        "OpenAI",
        1.1,
        4.4,
        true,
    ),
    ep(
        "anthropic/claude-sonnet-4",
        "anthropic/claude-4-sonnet-20250522",
        "Anthropic",
        3.0,
        15.0,
        false,
    ),
    ep(
        "anthropic/claude-sonnet-4",
        "anthropic/claude-4-sonnet-20250522",
        "Google Vertex",
        3.0,
        15.0,
        false,
    ),
    ep(
        "google/gemini-2.5-flash",
        "google/gemini-2.5-flash",
        "Google AI Studio",
        0.3,
        2.5,
        true,
    ),
    ep(
        "google/gemini-2.5-pro",
        "google/gemini-2.5-pro",
        "Google Vertex",
        1.25,
        10.0,
        true,
    ),
    ep(
        "meta-llama/llama-3.3-70b-instruct",
        "meta-llama/llama-3.3-70b-instruct",
        "DeepInfra",
        0.23,
        0.4,
        false,
    ),
    ep(
        "meta-llama/llama-4-maverick",
        "meta-llama/llama-4-maverick-17b-128e-instruct",
        "Together",
        0.27,
        0.85,
        false,
    ),
    ep(
        "deepseek/deepseek-r1",
        "deepseek/deepseek-r1",
        "DeepSeek",
        0.55,
        2.19,
        true,
    ),
    ep(
        "mistralai/mistral-small-3.2-24b-instruct",
        "mistralai/mistral-small-3.2-24b-instruct-2506",
        "Mistral",
        0.1,
        0.3,
        false,
    ),
];

/// Where BYOK spend runs: the customer's own Anthropic key.
pub(crate) const BYOK_ENDPOINT: usize = 3;

/// A stable uuid-shaped id per endpoint, the same on every run.
pub(crate) fn endpoint_id(index: usize) -> String {
    let e = &ENDPOINTS[index];
    let digest = Sha256::digest(format!("{}|{}", e.permaslug, e.provider));
    let h = hex::encode(&digest[..16]);
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}
