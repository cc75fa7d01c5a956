//! One HTTP exchange: headers, the key, timeouts, and turning what came back
//! (or didn't) into either a body or an [`Error`]. No retries here.

use std::error::Error as _;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use url::Url;
use zeroize::Zeroizing;

use crate::config::{is_loopback_url, ClientConfig, ConfigError};
use crate::error::Error;
use crate::redact::redact;

/// Sent as `User-Agent`.
pub(crate) const USER_AGENT: &str = concat!("Keyhold/", env!("CARGO_PKG_VERSION"));

/// A request that failed before any status line arrived.
pub(crate) struct TransportFailure {
    pub error: Error,
    /// `false` only when the failure proves the request never left this
    /// machine (no connection could be opened). Create relies on it.
    pub may_have_reached_server: bool,
}

/// What came back: a status, perhaps a `Retry-After`, and the body — or the
/// error met while reading the body (after the status arrived).
pub(crate) struct Reply {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub body: Result<Vec<u8>, Error>,
}

impl Reply {
    /// The body of a 2xx answer, or the error this answer stands for.
    pub fn into_success_body(self) -> Result<Vec<u8>, Error> {
        if (200..300).contains(&self.status) {
            self.body
        } else {
            // The status decides; a broken error body just loses its message.
            Err(Error::from_status(
                self.status,
                self.body.as_deref().unwrap_or_default(),
                self.retry_after,
            ))
        }
    }
}

pub(crate) struct Http {
    client: reqwest::Client,
    base: Url,
    key: SecretString,
    max_body: usize,
}

impl Http {
    pub fn new(config: &ClientConfig, key: SecretString) -> Result<Http, ConfigError> {
        let base = config.validated_base_url()?;
        let exposed = key.expose_secret();
        if exposed.trim().is_empty() || !fits_in_a_header(exposed.trim()) {
            return Err(ConfigError::InvalidManagementKey);
        }
        let mut headers = HeaderMap::new();
        headers.insert("x-title", HeaderValue::from_static("Keyhold"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let mut builder = reqwest::Client::builder();
        if is_loopback_url(&base) {
            // Loopback is plain http:// (see `validated_base_url`): a proxy
            // from HTTP_PROXY / ALL_PROXY would read the key in clear text,
            // and could not reach this machine's server anyway.
            builder = builder.no_proxy();
        }
        let client = builder
            .user_agent(USER_AGENT)
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            // A redirect could carry the key elsewhere; the API never redirects.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ConfigError::Http {
                detail: describe(&e),
            })?;
        Ok(Http {
            client,
            base,
            key,
            max_body: config.max_response_bytes,
        })
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    /// The management key, for scrubbing it out of error texts.
    pub fn key(&self) -> &SecretString {
        &self.key
    }

    /// `base` + `/seg/seg`, each segment percent-encoded, no trailing slash.
    pub fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        // Validated http(s) URLs always have a path that can be extended.
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// Sends one request and reads the whole answer.
    pub async fn exchange(
        &self,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        json_body: Option<Vec<u8>>,
    ) -> Result<Reply, TransportFailure> {
        let auth = Zeroizing::new(bearer(self.key.expose_secret()));
        let mut auth = HeaderValue::from_str(&auth).map_err(|_| TransportFailure {
            error: Error::Config(ConfigError::InvalidManagementKey),
            may_have_reached_server: false,
        })?;
        // Keeps the header out of reqwest's and hyper's Debug output.
        auth.set_sensitive(true);

        // For the log line: method and path only (no query, no headers).
        let label = format!("{method} {}", url.path());
        let mut request = self.client.request(method, url).header(AUTHORIZATION, auth);
        if !query.is_empty() {
            request = request.query(query);
        }
        if let Some(body) = json_body {
            request = request
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }
        let response = request.send().await.map_err(|e| {
            let error = transport_error(&e);
            tracing::debug!(request = %label, code = %error.code(), "no response");
            TransportFailure {
                may_have_reached_server: !e.is_connect(),
                error,
            }
        })?;
        let status = response.status().as_u16();
        tracing::debug!(request = %label, status, "response");
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let body = read_body(response, self.max_body).await;
        Ok(Reply {
            status,
            retry_after,
            body,
        })
    }
}

/// Reads the body chunk by chunk, giving up as soon as it is known to be
/// longer than `limit`: from `Content-Length` before reading anything, else
/// when the bytes read so far pass it. Nothing beyond `limit` is kept.
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, Error> {
    let too_large = Error::ResponseTooLarge { limit };
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large);
    }
    // Pre-sized from Content-Length so a created key's secret is not left in
    // several freed buffers by regrowth.
    let mut body = Vec::with_capacity(declared.map_or(0, |n| n as usize).min(limit));
    while let Some(chunk) = response.chunk().await.map_err(|e| transport_error(&e))? {
        if chunk.len() > limit - body.len() {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Whether every byte may stand in a header value (the rule `HeaderValue`
/// applies), checked in place: building a header value just to test it
/// would leave a copy of the key that is never wiped.
fn fits_in_a_header(text: &str) -> bool {
    text.bytes().all(|b| b == b'\t' || (b >= 32 && b != 127))
}

fn bearer(key: &str) -> String {
    format!("Bearer {}", key.trim())
}

/// Classifies a reqwest failure. Timeouts first (a timed-out connect is also
/// a connect error); then "could not connect"; then a broken or truncated
/// body; anything else happened while the request was on the wire (e.g. the
/// connection was reset) and reads to people as being offline.
fn transport_error(e: &reqwest::Error) -> Error {
    let detail = describe(e);
    if e.is_timeout() {
        Error::Timeout { detail }
    } else if e.is_connect() {
        Error::Offline { detail }
    } else if e.is_body() || e.is_decode() {
        Error::InvalidResponse { detail }
    } else {
        Error::Offline { detail }
    }
}

/// The causes of a reqwest error (which are more telling than its own "error
/// sending request for url …"), redacted like everything else.
fn describe(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source = e.source();
    while let Some(cause) = source {
        parts.push(cause.to_string());
        source = cause.source();
    }
    let text = if parts.is_empty() {
        e.to_string()
    } else {
        parts.join(": ")
    };
    redact(&text, 300)
}

/// `Retry-After` as seconds (integer or decimal) or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("1"), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 2.5 "),
            Some(Duration::from_millis(2500))
        );
        assert_eq!(parse_retry_after("-3"), None);
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let future = (chrono::Utc::now() + chrono::Duration::seconds(60)).to_rfc2822();
        let wait = parse_retry_after(&future).unwrap();
        assert!(wait > Duration::from_secs(50) && wait <= Duration::from_secs(60));
    }

    #[test]
    fn urls_have_no_trailing_slash_and_encode_segments() {
        for base in ["https://example.com/api/v1", "https://example.com/api/v1/"] {
            let config = ClientConfig::default().with_base_url(base);
            let http = Http::new(&config, SecretString::from("test-key-123")).unwrap();
            assert_eq!(
                http.url(&["keys"]).as_str(),
                "https://example.com/api/v1/keys"
            );
            assert_eq!(
                http.url(&["keys", "a/b?c"]).as_str(),
                "https://example.com/api/v1/keys/a%2Fb%3Fc"
            );
        }
    }

    #[test]
    fn rejects_unusable_keys() {
        let config = ClientConfig::default();
        for key in ["", "   ", "bad\nkey", "bad\u{7f}key", "nul\0key"] {
            assert!(matches!(
                Http::new(&config, SecretString::from(key)),
                Err(ConfigError::InvalidManagementKey)
            ));
        }
    }

    /// The check agrees with what a header value accepts, byte by byte.
    #[test]
    fn the_header_check_matches_header_value() {
        for b in 0..=255u8 {
            let text = format!("sk-or-{}", b as char);
            let bytes = [b"Bearer sk-or-".as_slice(), &[b]].concat();
            if b.is_ascii() {
                assert_eq!(
                    fits_in_a_header(&text),
                    HeaderValue::from_bytes(&bytes).is_ok(),
                    "byte {b}"
                );
            }
        }
        assert!(fits_in_a_header("sk-or-v1-abc\tÜ"));
    }
}
