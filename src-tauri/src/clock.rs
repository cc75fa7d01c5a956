//! The time the app acts on: the system's, or in tests one they move on, so
//! a grace period of an hour can end without waiting an hour.

use std::sync::Arc;

use chrono::{DateTime, Utc};

type Source = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

#[derive(Clone, Default)]
pub struct Clock(Option<Source>);

impl Clock {
    /// A clock that reads `source` instead of the system time.
    pub fn from_fn(source: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) -> Self {
        Self(Some(Arc::new(source)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            Some(source) => source(),
            None => Utc::now(),
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Clock(test)"
        } else {
            "Clock(system)"
        })
    }
}
