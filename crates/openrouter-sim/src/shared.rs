//! State shared by the server, the handlers and the [`crate::Sim`] handle, and
//! the bearer-token check every `/api/v1` handler starts with.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::http::{header, HeaderMap};
use chrono::{DateTime, Duration as ChronoDuration, Utc};

use crate::api_error::{ApiError, KEY_DISABLED, KEY_EXPIRED, MISSING_AUTH, USER_NOT_FOUND};
use crate::faults::FaultEngine;
use crate::state::{Caller, Store};
use crate::{Faults, LoggedRequest, SimConfig};

/// What an endpoint requires of the caller.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Access {
    /// /keys*, /credits, /workspaces, /activity, /guardrails*, /organization/*.
    Management,
    /// /key: any valid key.
    AnyKey,
}

pub(crate) struct Shared {
    pub config: SimConfig,
    pub root_url: String,
    store: Mutex<Store>,
    faults: Mutex<FaultEngine>,
    latency: Mutex<Duration>,
    log: Mutex<Vec<LoggedRequest>>,
    /// The simulator's clock runs at real speed, this far from the real one.
    clock_offset: Mutex<ChronoDuration>,
}

fn offset_for(start: Option<DateTime<Utc>>) -> ChronoDuration {
    start.map_or(ChronoDuration::zero(), |t| t - Utc::now())
}

/// A poisoned lock only means a handler panicked mid-request; the data is still
/// the best we have, so keep serving instead of cascading panics.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    pub(crate) fn new(config: SimConfig, root_url: String) -> Shared {
        let offset = offset_for(config.now);
        Shared {
            store: Mutex::new(Store::initial(&config, Utc::now() + offset)),
            clock_offset: Mutex::new(offset),
            faults: Mutex::new(FaultEngine::new(config.seed, config.faults.clone())),
            latency: Mutex::new(config.latency),
            log: Mutex::new(Vec::new()),
            config,
            root_url,
        }
    }

    /// The simulator's "now": the real time, or [`SimConfig::now`] / the
    /// last `set_now`, moving on at real speed from there.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        Utc::now() + *lock(&self.clock_offset)
    }

    /// Moves the clock; data stays as it is, so usage windows and activity
    /// follow the calendar of the new date.
    pub(crate) fn set_now(&self, now: DateTime<Utc>) {
        *lock(&self.clock_offset) = offset_for(Some(now));
    }

    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        lock(&self.store)
    }

    pub(crate) fn fault_engine(&self) -> MutexGuard<'_, FaultEngine> {
        lock(&self.faults)
    }

    pub(crate) fn set_faults(&self, faults: Faults) {
        self.fault_engine().set(faults);
    }

    pub(crate) fn latency(&self) -> Duration {
        *lock(&self.latency)
    }

    pub(crate) fn set_latency(&self, latency: Duration) {
        *lock(&self.latency) = latency;
    }

    pub(crate) fn log_request(&self, entry: LoggedRequest) {
        lock(&self.log).push(entry);
    }

    pub(crate) fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.log).clone()
    }

    pub(crate) fn clear_requests(&self) {
        lock(&self.log).clear();
    }

    /// Back to the seeded initial state: data, faults, latency, log and hooks.
    pub(crate) fn reset(&self) {
        *lock(&self.clock_offset) = offset_for(self.config.now);
        *self.store() = Store::initial(&self.config, self.now());
        self.set_faults(self.config.faults.clone());
        self.set_latency(self.config.latency);
        self.clear_requests();
    }

    /// Resolves the bearer token: 401 for missing/unknown/disabled/expired keys,
    /// 403 for an inference key on a management endpoint.
    pub(crate) fn authorize(
        &self,
        headers: &HeaderMap,
        access: Access,
    ) -> Result<Caller, ApiError> {
        let token = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(bearer_token)
            .ok_or_else(|| ApiError::unauthorized(MISSING_AUTH))?;
        let caller = self.store().authenticate(token, self.now());
        match caller {
            Caller::Unknown => Err(ApiError::unauthorized(USER_NOT_FOUND)),
            Caller::Disabled => Err(ApiError::unauthorized(KEY_DISABLED)),
            Caller::Expired => Err(ApiError::unauthorized(KEY_EXPIRED)),
            Caller::Inference(_) if access == Access::Management => Err(ApiError::forbidden()),
            ok => Ok(ok),
        }
    }
}

/// `Bearer <token>` (scheme case-insensitive); `None` when absent or empty.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn bearer_parsing() {
        assert_eq!(bearer_token("Bearer abc"), Some("abc"));
        assert_eq!(bearer_token("bearer  abc "), Some("abc"));
        assert_eq!(bearer_token("Basic abc"), None);
        assert_eq!(bearer_token("Bearer "), None);
        assert_eq!(bearer_token("abc"), None);
    }
}
