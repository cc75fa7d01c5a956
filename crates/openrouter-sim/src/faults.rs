//! Fault injection: what can go wrong (the serde-able [`Faults`] description) and
//! the seeded engine that decides, request by request, which fault fires.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// When a fault fires. Both triggers may be set; the rule fires if either does.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FaultRule {
    /// Fire on the Nth, 2Nth, 3Nth… request that matches `methods` (counted from
    /// the moment the faults were set). `None` or `Some(0)` disables this trigger.
    pub every_nth: Option<u64>,
    /// Fire with this probability (0.0..=1.0), drawn from the simulator's seeded RNG.
    pub probability: f64,
    /// Upper-case HTTP methods this rule applies to; empty = every method.
    pub methods: Vec<String>,
}

impl FaultRule {
    /// Fires on every `n`th matching request.
    pub fn every_nth(n: u64) -> Self {
        FaultRule {
            every_nth: Some(n),
            ..FaultRule::default()
        }
    }

    /// Fires on every matching request.
    pub fn always() -> Self {
        FaultRule::every_nth(1)
    }

    /// Fires with probability `p` (seeded, so reproducible for a sequential client).
    pub fn with_probability(p: f64) -> Self {
        FaultRule {
            probability: p,
            ..FaultRule::default()
        }
    }

    /// Restricts the rule to these HTTP methods (case-insensitive).
    pub fn only_methods(mut self, methods: &[&str]) -> Self {
        self.methods = methods.iter().map(|m| m.to_ascii_uppercase()).collect();
        self
    }

    fn matches_method(&self, method: &str) -> bool {
        self.methods.is_empty() || self.methods.iter().any(|m| m.eq_ignore_ascii_case(method))
    }
}

/// Random extra latency of `0..=max_ms` milliseconds on every matching request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RandomLatency {
    pub max_ms: u64,
    /// Empty = every method.
    pub methods: Vec<String>,
}

/// `429 Rate limit exceeded` with a `Retry-After: <retry_after_secs>` header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RateLimitFault {
    #[serde(flatten)]
    pub rule: FaultRule,
    pub retry_after_secs: u64,
}

impl Default for RateLimitFault {
    fn default() -> Self {
        RateLimitFault {
            rule: FaultRule::default(),
            retry_after_secs: 1,
        }
    }
}

/// A 5xx error envelope (`status` is usually 500, 502 or 503).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerErrorFault {
    #[serde(flatten)]
    pub rule: FaultRule,
    pub status: u16,
    /// Sent as `Retry-After` when set (OpenRouter may send it on 503).
    pub retry_after_secs: Option<u64>,
}

impl Default for ServerErrorFault {
    fn default() -> Self {
        ServerErrorFault {
            rule: FaultRule::default(),
            status: 500,
            retry_after_secs: None,
        }
    }
}

/// Response headers are sent at once, the body is trickled over `duration_ms`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlowBodyFault {
    #[serde(flatten)]
    pub rule: FaultRule,
    pub duration_ms: u64,
}

impl Default for SlowBodyFault {
    fn default() -> Self {
        SlowBodyFault {
            rule: FaultRule::default(),
            duration_ms: 1000,
        }
    }
}

/// Every fault the simulator can inject into `/api/v1` traffic. `Default` = none.
///
/// Precedence for one request: `reset_before`, then `rate_limit`, then
/// `server_error` (these three skip the handler, so nothing is mutated); then the
/// request is handled; then `reset_after_create` (successful `POST /keys` only),
/// `malformed_json`, `truncated_body`, `slow_body` (these alter a response whose
/// side effects have already happened). At most one fault per request, plus latency.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    pub random_latency: Option<RandomLatency>,
    pub rate_limit: Option<RateLimitFault>,
    pub server_error: Option<ServerErrorFault>,
    /// Drop the connection before the request is handled (no response at all).
    pub reset_before: Option<FaultRule>,
    /// Apply a successful create, then drop the connection without a response.
    /// Counted over `POST /keys` requests that created a key; `methods` is ignored.
    pub reset_after_create: Option<FaultRule>,
    /// `200` with a body that is not valid JSON.
    pub malformed_json: Option<FaultRule>,
    /// `Content-Length` larger than the bytes sent, then the connection closes.
    pub truncated_body: Option<FaultRule>,
    pub slow_body: Option<SlowBodyFault>,
}

impl Faults {
    /// No faults at all (same as `Default`).
    pub fn none() -> Self {
        Faults::default()
    }
}

/// What the engine decided for a request before it is handled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PreFault {
    None,
    ResetBefore,
    RateLimit {
        retry_after_secs: u64,
    },
    ServerError {
        status: u16,
        retry_after_secs: Option<u64>,
    },
}

/// What the engine decided for the response, once the request was handled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PostFault {
    None,
    MalformedJson,
    TruncatedBody,
    SlowBody { duration_ms: u64 },
}

/// The engine's verdict for one request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    /// Applied instead of handling the request.
    pub pre: PreFault,
    /// Applied to the response if `pre` is `None`.
    pub post: PostFault,
}

/// Per-rule counters, in the order of the `Faults` fields.
#[derive(Debug, Default)]
struct Counters {
    rate_limit: u64,
    server_error: u64,
    reset_before: u64,
    reset_after_create: u64,
    malformed_json: u64,
    truncated_body: u64,
    slow_body: u64,
}

/// The seeded decision engine. Reseeded whenever faults are set, so a given
/// (seed, faults, request sequence) always produces the same faults.
#[derive(Debug)]
pub(crate) struct FaultEngine {
    seed: u64,
    faults: Faults,
    rng: StdRng,
    counters: Counters,
}

/// Mixed into the seed so fault draws differ from data-generation draws.
const FAULT_SEED_SALT: u64 = 0x6661_756c_7473_0001;

impl FaultEngine {
    pub(crate) fn new(seed: u64, faults: Faults) -> Self {
        FaultEngine {
            seed,
            faults,
            rng: StdRng::seed_from_u64(seed ^ FAULT_SEED_SALT),
            counters: Counters::default(),
        }
    }

    pub(crate) fn set(&mut self, faults: Faults) {
        *self = FaultEngine::new(self.seed, faults);
    }

    pub(crate) fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Extra latency in ms for this request (0 when not configured).
    pub(crate) fn extra_latency_ms(&mut self, method: &str) -> u64 {
        match &self.faults.random_latency {
            Some(l) if l.max_ms > 0 && matches_methods(&l.methods, method) => {
                self.rng.random_range(0..=l.max_ms)
            }
            _ => 0,
        }
    }

    /// Decides, on arrival, which fault (if any) this request gets. Every rule
    /// whose methods match counts the request, whether or not another rule wins,
    /// so "every Nth" always means the Nth matching request received.
    pub(crate) fn decide(&mut self, method: &str) -> Decision {
        let f = self.faults.clone();
        let c = &mut self.counters;
        let rng = &mut self.rng;
        let mut check = |rule: Option<&FaultRule>, counter: &mut u64| {
            rule.is_some_and(|r| fires(r, method, counter, rng))
        };
        let reset_before = check(f.reset_before.as_ref(), &mut c.reset_before);
        let rate_limit = check(f.rate_limit.as_ref().map(|x| &x.rule), &mut c.rate_limit);
        let server_error = check(
            f.server_error.as_ref().map(|x| &x.rule),
            &mut c.server_error,
        );
        let malformed = check(f.malformed_json.as_ref(), &mut c.malformed_json);
        let truncated = check(f.truncated_body.as_ref(), &mut c.truncated_body);
        let slow = check(f.slow_body.as_ref().map(|x| &x.rule), &mut c.slow_body);

        let pre = match (&f.rate_limit, &f.server_error) {
            _ if reset_before => PreFault::ResetBefore,
            (Some(rl), _) if rate_limit => PreFault::RateLimit {
                retry_after_secs: rl.retry_after_secs,
            },
            (_, Some(se)) if server_error => PreFault::ServerError {
                status: se.status,
                retry_after_secs: se.retry_after_secs,
            },
            _ => PreFault::None,
        };
        let post = match &f.slow_body {
            _ if malformed => PostFault::MalformedJson,
            _ if truncated => PostFault::TruncatedBody,
            Some(sb) if slow => PostFault::SlowBody {
                duration_ms: sb.duration_ms,
            },
            _ => PostFault::None,
        };
        Decision { pre, post }
    }

    /// Called once per `POST /keys` that created a key.
    pub(crate) fn reset_after_create(&mut self) -> bool {
        let Some(rule) = self.faults.reset_after_create.clone() else {
            return false;
        };
        let any_method = FaultRule {
            methods: Vec::new(),
            ..rule
        };
        fires(
            &any_method,
            "POST",
            &mut self.counters.reset_after_create,
            &mut self.rng,
        )
    }
}

fn matches_methods(methods: &[String], method: &str) -> bool {
    methods.is_empty() || methods.iter().any(|m| m.eq_ignore_ascii_case(method))
}

/// Counts a matching request and decides whether the rule fires. The RNG is only
/// drawn from when a probability is configured, so adding an `every_nth` rule
/// does not shift the random sequence of other rules.
fn fires(rule: &FaultRule, method: &str, counter: &mut u64, rng: &mut StdRng) -> bool {
    if !rule.matches_method(method) {
        return false;
    }
    *counter += 1;
    let by_count = matches!(rule.every_nth, Some(n) if n > 0 && counter.is_multiple_of(n));
    let by_chance = rule.probability > 0.0 && rng.random::<f64>() < rule.probability;
    by_count || by_chance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_nth_counts_only_matching_methods() {
        let faults = Faults {
            server_error: Some(ServerErrorFault {
                rule: FaultRule::every_nth(2).only_methods(&["get"]),
                status: 503,
                retry_after_secs: None,
            }),
            ..Faults::none()
        };
        let mut engine = FaultEngine::new(7, faults);
        let seq: Vec<bool> = ["GET", "POST", "GET", "GET", "GET"]
            .iter()
            .map(|m| engine.decide(m).pre != PreFault::None)
            .collect();
        assert_eq!(seq, vec![false, false, true, false, true]);
    }

    #[test]
    fn probability_is_reproducible_for_a_seed() {
        let faults = Faults {
            malformed_json: Some(FaultRule::with_probability(0.5)),
            ..Faults::none()
        };
        let run = |seed| {
            let mut e = FaultEngine::new(seed, faults.clone());
            (0..64)
                .map(|_| e.decide("GET").post == PostFault::MalformedJson)
                .collect::<Vec<_>>()
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
        let hits = run(3).iter().filter(|h| **h).count();
        assert!((16..=48).contains(&hits), "p=0.5 gave {hits}/64");
    }

    #[test]
    fn every_rule_counts_requests_even_when_another_rule_wins() {
        let faults = Faults {
            reset_before: Some(FaultRule::every_nth(2)),
            rate_limit: Some(RateLimitFault {
                rule: FaultRule::every_nth(2),
                retry_after_secs: 5,
            }),
            ..Faults::none()
        };
        let mut engine = FaultEngine::new(1, faults);
        let pres: Vec<PreFault> = (0..4).map(|_| engine.decide("GET").pre).collect();
        // The 2nd and 4th requests trigger both rules; reset_before takes precedence.
        assert_eq!(
            pres,
            vec![
                PreFault::None,
                PreFault::ResetBefore,
                PreFault::None,
                PreFault::ResetBefore
            ]
        );
    }

    #[test]
    fn reset_after_create_ignores_methods() {
        let faults = Faults {
            reset_after_create: Some(FaultRule::every_nth(2).only_methods(&["GET"])),
            ..Faults::none()
        };
        let mut engine = FaultEngine::new(1, faults);
        let fired: Vec<bool> = (0..4).map(|_| engine.reset_after_create()).collect();
        assert_eq!(fired, vec![false, true, false, true]);
    }

    #[test]
    fn faults_round_trip_through_json_with_flattened_rules() {
        let json = r#"{"rate_limit":{"every_nth":3,"retry_after_secs":2,"methods":["POST"]}}"#;
        let f: Faults = serde_json::from_str(json).unwrap();
        let rl = f.rate_limit.clone().unwrap();
        assert_eq!(rl.rule.every_nth, Some(3));
        assert_eq!(rl.retry_after_secs, 2);
        assert_eq!(rl.rule.methods, vec!["POST".to_string()]);
        let back: Faults = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
        assert_eq!(back, f);
        assert!(serde_json::from_str::<Faults>(r#"{"nope":{}}"#).is_err());
    }
}
