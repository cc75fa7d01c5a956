//! Client settings: base URL, timeouts,
//! retries and the default list concurrency.

use std::net::Ipv4Addr;
use std::time::Duration;

use url::{Host, Url};

use crate::redact::redact;
use crate::retry::RetryPolicy;

/// OpenRouter's API root (`servers[0].url` of the spec).
pub const DEFAULT_BASE_URL: &str = "https://openrouter.ai/api/v1";

/// Largest response body the client reads (16 MiB). A list page of 100 keys
/// is about 100 KB; anything near this size is broken or hostile, and reading
/// it whole could exhaust memory.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Settings for [`Client`](crate::Client). Start from [`ClientConfig::default`]
/// (production URL), then override fields; an
/// explicit `with_base_url` always wins over the environment.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// API root, without or with a trailing slash. Validated by
    /// [`ClientConfig::validated_base_url`] when the client is built.
    pub base_url: String,
    /// Time allowed to open a connection (default 10 s).
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, body included (default 30 s).
    pub request_timeout: Duration,
    /// Retries of GET/PATCH/DELETE.
    pub retry: RetryPolicy,
    /// Largest response body accepted, in bytes (default
    /// [`MAX_RESPONSE_BYTES`]); a longer one fails with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge).
    pub max_response_bytes: usize,
}

impl Default for ClientConfig {
    fn default() -> ClientConfig {
        ClientConfig {
            base_url: DEFAULT_BASE_URL.to_string(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }
}

impl ClientConfig {
    /// Sets the base URL (wins over the environment).
    pub fn with_base_url(mut self, base_url: impl Into<String>) -> ClientConfig {
        self.base_url = base_url.into();
        self
    }

    pub fn with_timeouts(mut self, connect: Duration, request: Duration) -> ClientConfig {
        self.connect_timeout = connect;
        self.request_timeout = request;
        self
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> ClientConfig {
        self.retry = retry;
        self
    }

    /// Sets the largest response body accepted (tests use small values).
    pub fn with_max_response_bytes(mut self, limit: usize) -> ClientConfig {
        self.max_response_bytes = limit;
        self
    }

    /// Parses and checks the base URL: `https://` anywhere, `http://` only for
    /// loopback hosts (127.0.0.0/8, ::1, localhost) so a management key never
    /// crosses a network in clear text; no credentials, query or fragment.
    pub fn validated_base_url(&self) -> Result<Url, ConfigError> {
        let raw = self.base_url.trim();
        // Echoed in errors: redacted in case a key was pasted into the URL field.
        let shown = || redact(raw, 200);
        let url = Url::parse(raw).map_err(|e| ConfigError::InvalidUrl {
            url: shown(),
            reason: e.to_string(),
        })?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ConfigError::CredentialsInUrl);
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(ConfigError::InvalidUrl {
                url: shown(),
                reason: "a base URL cannot have a query or fragment".into(),
            });
        }
        let host = url.host().ok_or_else(|| ConfigError::InvalidUrl {
            url: shown(),
            reason: "no host".into(),
        })?;
        match url.scheme() {
            "https" => {}
            "http" if is_loopback(&host) => {}
            "http" => {
                return Err(ConfigError::InsecureHttp {
                    host: redact(&host.to_string(), 200),
                })
            }
            other => {
                return Err(ConfigError::UnsupportedScheme {
                    scheme: other.to_string(),
                })
            }
        }
        Ok(url)
    }
}

/// Whether the URL's host is this machine (127.0.0.0/8, ::1, `localhost`).
pub(crate) fn is_loopback_url(url: &Url) -> bool {
    url.host().is_some_and(|host| is_loopback(&host))
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => {
            // Only the name itself: `*.localhost` is not guaranteed to resolve locally.
            name.trim_end_matches('.').eq_ignore_ascii_case("localhost")
        }
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => {
            ip.is_loopback()
                || ip
                    .to_ipv4_mapped()
                    .is_some_and(|v4: Ipv4Addr| v4.is_loopback())
        }
    }
}

/// Why the client's settings are unusable.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    #[error("\"{url}\" is not a valid base URL ({reason})")]
    InvalidUrl { url: String, reason: String },
    /// Plain `http://` to a host that is not this machine.
    #[error(
        "refusing plain http:// to {host}; use https:// (http:// is allowed only for localhost)"
    )]
    InsecureHttp { host: String },
    #[error("unsupported URL scheme \"{scheme}\"; use https://")]
    UnsupportedScheme { scheme: String },
    /// `https://user:pass@host`: refused so that nothing secret sits in a URL.
    #[error("the base URL must not contain a user name or password")]
    CredentialsInUrl,
    /// Empty, or with characters that cannot go in an HTTP header.
    #[error("the management key is empty or contains invalid characters")]
    InvalidManagementKey,
    #[error("could not set up HTTP: {detail}")]
    Http { detail: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str) -> Result<Url, ConfigError> {
        ClientConfig::default()
            .with_base_url(url)
            .validated_base_url()
    }

    #[test]
    fn accepts_https_and_loopback_http() {
        for ok in [
            "https://openrouter.ai/api/v1",
            "https://example.com/api/v1/",
            "https://10.0.0.5:8443/api/v1",
            "http://127.0.0.1:8080/api/v1",
            "http://127.8.9.10/api/v1",
            "http://localhost:3000/api/v1",
            "http://LOCALHOST/api/v1",
            "http://[::1]:9000/api/v1",
        ] {
            assert!(check(ok).is_ok(), "{ok}: {:?}", check(ok));
        }
    }

    #[test]
    fn refuses_plain_http_elsewhere_and_other_oddities() {
        for (bad, want) in [
            ("http://openrouter.ai/api/v1", "InsecureHttp"),
            ("http://192.168.1.10/api/v1", "InsecureHttp"),
            ("http://10.0.0.1/api/v1", "InsecureHttp"),
            ("http://localhost.evil.com/api/v1", "InsecureHttp"),
            ("http://[::2]/api/v1", "InsecureHttp"),
            ("ftp://openrouter.ai/api/v1", "UnsupportedScheme"),
            ("https://u:p@openrouter.ai/api/v1", "CredentialsInUrl"),
            ("https://openrouter.ai/api/v1?x=1", "InvalidUrl"),
            ("openrouter.ai/api/v1", "InvalidUrl"),
            ("", "InvalidUrl"),
        ] {
            let err = check(bad).expect_err(bad);
            assert!(format!("{err:?}").starts_with(want), "{bad}: {err:?}");
        }
    }

    #[test]
    fn a_key_pasted_as_the_url_is_not_echoed() {
        let key = format!("sk-or-v1-{}", "12".repeat(32));
        for url in [
            key.clone(),
            format!("http://{key}/api/v1"),
            format!("https://x.com/?{key}"),
        ] {
            let err = check(&url).unwrap_err();
            assert!(!format!("{err} {err:?}").contains(&key), "{err:?}");
        }
    }

    #[test]
    fn an_explicit_base_url_replaces_the_default() {
        assert_eq!(ClientConfig::default().base_url, DEFAULT_BASE_URL);
        let explicit = ClientConfig::default().with_base_url("https://example.com/api/v1");
        assert_eq!(explicit.base_url, "https://example.com/api/v1");
    }
}
