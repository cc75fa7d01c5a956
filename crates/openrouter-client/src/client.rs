//! [`Client`]: one method per endpoint of the key-management API.

mod insights;

use std::fmt;
use std::sync::Arc;

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use url::Url;
use zeroize::Zeroizing;

use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::http::{Http, TransportFailure};
use crate::pagination::{walk, ListOptions, Window};
use crate::patch::KeyPatch;
use crate::redact::scrub_exact;
use crate::retry::{self, Attempt, RetryPolicy};
use crate::types::{
    CreateResponse, CreatedKey, Credits, CurrentKey, DataEnvelope, DeleteResponse, Key, NewKey,
    Workspace,
};

/// A handle on the API for one management key. Cheap to clone (an `Arc`
/// inside) and safe to share between tasks.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: Http,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url().as_str())
            .field("management_key", &"[REDACTED]")
            .field("retry", &self.inner.retry)
            .finish()
    }
}

impl Client {
    /// Checks the configuration (base URL, key usable in a header) and
    /// builds the client. Fails only with [`Error::Config`].
    pub fn new(config: ClientConfig, management_key: SecretString) -> Result<Client> {
        let http = Http::new(&config, management_key)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                retry: config.retry,
            }),
        })
    }

    /// The validated API root in use.
    pub fn base_url(&self) -> &Url {
        self.inner.http.base()
    }

    /// Every key (all pages), newest first, without duplicates; see
    /// [`ListOptions`] for filters and how many pages are fetched at once.
    pub async fn list_keys(&self, options: &ListOptions) -> Result<Vec<Key>> {
        let window = Arc::new(Window::new(options.concurrency));
        let page_size = options.page_size.max(1);
        let url = self.inner.http.url(&["keys"]);
        let fetch = {
            let client = self.clone();
            let options = options.clone();
            let window = window.clone();
            move |page: u64| {
                let client = client.clone();
                let url = url.clone();
                let window = window.clone();
                let query = options.query(page * page_size as u64);
                async move {
                    let shrink_on_429 = |e: &Error| {
                        if matches!(e, Error::RateLimited { .. }) {
                            window.shrink();
                        }
                    };
                    client
                        .idempotent(
                            "list keys",
                            Method::GET,
                            url,
                            &query,
                            None,
                            shrink_on_429,
                            |_, body| parse::<DataEnvelope<Vec<Key>>>(body).map(|d| d.data),
                        )
                        .await
                }
            }
        };
        walk(page_size, window, fetch).await
    }

    /// Keys named exactly `name` in the default workspace, disabled and
    /// expired ones included. After [`Error::CreateOutcomeUnknown`], call this
    /// (or [`Client::find_created_keys`]) before creating again.
    pub async fn find_keys_by_name(&self, name: &str) -> Result<Vec<Key>> {
        self.find_in(name, ListOptions::everything()).await
    }

    /// Keys that match a create request's name in its workspace: the
    /// reconciliation step after [`Error::CreateOutcomeUnknown`].
    pub async fn find_created_keys(&self, request: &NewKey) -> Result<Vec<Key>> {
        let mut options = ListOptions::everything();
        options.workspace_id = request.workspace_id.clone();
        self.find_in(&request.name, options).await
    }

    async fn find_in(&self, name: &str, options: ListOptions) -> Result<Vec<Key>> {
        let mut keys = self.list_keys(&options).await?;
        keys.retain(|k| k.name == name);
        Ok(keys)
    }

    /// One key by hash. Unknown hash → [`Error::NotFound`].
    pub async fn get_key(&self, hash: &str) -> Result<Key> {
        let url = self.key_url(hash)?;
        self.get_data("get key", url, &[]).await
    }

    /// Creates a key and returns it with its secret (shown only this once).
    ///
    /// Never retried: a second POST could create a second key. When the
    /// request may have reached OpenRouter but no clear answer came back
    /// (dropped connection, timeout, 5xx, unreadable body), the error is
    /// [`Error::CreateOutcomeUnknown`]: look for the key with
    /// [`Client::find_created_keys`] before trying again. Answers that prove
    /// nothing happened (4xx, 429, no connection at all) come back as-is.
    pub async fn create_key(&self, request: &NewKey) -> Result<CreatedKey> {
        let url = self.inner.http.url(&["keys"]);
        let body = to_json(request)?;
        let unknown = |cause: Error| Error::CreateOutcomeUnknown {
            name: request.name.clone(),
            cause: Box::new(cause),
        };
        let result = match self
            .inner
            .http
            .exchange(Method::POST, url, &[], Some(body))
            .await
        {
            Err(TransportFailure {
                error,
                may_have_reached_server: false,
            }) => Err(error),
            Err(failure) => Err(unknown(failure.error)),
            Ok(reply) => match reply.into_success_body() {
                Ok(body) => {
                    // The body holds the new secret: wipe our copy when done.
                    let body = Zeroizing::new(body);
                    serde_json::from_slice::<CreateResponse>(&body)
                        .map(|r| CreatedKey {
                            key: r.data,
                            secret: r.key,
                        })
                        .map_err(|e| unknown(Error::invalid_body(&e)))
                }
                Err(
                    e @ (Error::BadRequest { .. }
                    | Error::Unauthorized { .. }
                    | Error::NotManagementKey { .. }
                    | Error::Forbidden { .. }
                    | Error::NotFound { .. }
                    | Error::RateLimited { .. }),
                ) => Err(e),
                Err(e) => Err(unknown(e)),
            },
        };
        self.scrub(result)
    }

    /// Applies a partial update and returns the key as it is now.
    pub async fn update_key(&self, hash: &str, patch: &KeyPatch) -> Result<Key> {
        let url = self.key_url(hash)?;
        let body = to_json(patch)?;
        self.idempotent(
            "update key",
            Method::PATCH,
            url,
            &[],
            Some(body),
            |_| {},
            |_, body| parse::<DataEnvelope<Key>>(body).map(|d| d.data),
        )
        .await
    }

    /// Deletes a key. If a retried DELETE meets 404 after an earlier try whose
    /// outcome is unknown (timeout, dropped connection, 5xx), the earlier try
    /// most likely deleted it, so that counts as success. A 404 on the first
    /// try is still [`Error::NotFound`].
    pub async fn delete_key(&self, hash: &str) -> Result<()> {
        let url = self.key_url(hash)?;
        self.idempotent(
            "delete key",
            Method::DELETE,
            url,
            &[],
            None,
            |_| {},
            |attempt, body| match body {
                Ok(bytes) => check_deleted(&bytes),
                Err(Error::NotFound { .. }) if attempt.earlier_outcome_unknown => Ok(()),
                Err(e) => Err(e),
            },
        )
        .await
    }

    /// The key this client uses (`GET /key`); tells whether it is a
    /// management key.
    pub async fn current_key(&self) -> Result<CurrentKey> {
        let url = self.inner.http.url(&["key"]);
        self.get_data("current key", url, &[]).await
    }

    /// Credits bought and used by the account.
    pub async fn credits(&self) -> Result<Credits> {
        let url = self.inner.http.url(&["credits"]);
        self.get_data("credits", url, &[]).await
    }

    /// Every workspace (all pages of 100), in the API's order, without
    /// duplicates.
    pub async fn list_workspaces(&self) -> Result<Vec<Workspace>> {
        let url = self.inner.http.url(&["workspaces"]);
        self.walk_listing("list workspaces", url, &[], |w: &Workspace| w.id.clone())
            .await
    }

    /// `/keys/{hash}`; hashes that cannot name a key are refused locally.
    fn key_url(&self, hash: &str) -> Result<Url> {
        let hash = hash.trim();
        if hash.is_empty() || hash == "." || hash == ".." {
            return Err(Error::NotFound {
                message: Some("no key has an empty hash".into()),
            });
        }
        Ok(self.inner.http.url(&["keys", hash]))
    }

    /// A GET whose answer is `{ "data": T }`, retried like every idempotent call.
    pub(crate) async fn get_data<T: serde::de::DeserializeOwned>(
        &self,
        what: &'static str,
        url: Url,
        query: &[(&str, String)],
    ) -> Result<T> {
        self.idempotent(
            what,
            Method::GET,
            url,
            query,
            None,
            |_| {},
            |_, body| parse::<DataEnvelope<T>>(body).map(|d| d.data),
        )
        .await
    }

    /// Runs one idempotent request under the retry policy. `parse` sees each
    /// try's outcome (body of a 2xx, or the error) so that unreadable bodies
    /// are retried too and DELETE can reinterpret a 404.
    #[allow(clippy::too_many_arguments)]
    async fn idempotent<T>(
        &self,
        what: &'static str,
        method: Method,
        url: Url,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        on_retry: impl FnMut(&Error),
        parse: impl Fn(Attempt, Result<Vec<u8>>) -> Result<T>,
    ) -> Result<T> {
        let http = &self.inner.http;
        let result = retry::run(&self.inner.retry, what, on_retry, |attempt| {
            let (method, url, body) = (method.clone(), url.clone(), body.clone());
            let parse = &parse;
            async move {
                let outcome = match http.exchange(method, url, query, body).await {
                    Ok(reply) => reply.into_success_body(),
                    Err(failure) => Err(failure.error),
                };
                parse(attempt, outcome)
            }
        })
        .await;
        self.scrub(result)
    }

    /// Last line of defence: the management key never leaves in an error,
    /// even if a server echoed it in an unusual format.
    fn scrub<T>(&self, result: Result<T>) -> Result<T> {
        result.map_err(|e| {
            let key = self.inner.http.key().expose_secret();
            e.map_text(&|text| scrub_exact(text, key))
        })
    }
}

pub(crate) fn parse<T: DeserializeOwned>(body: Result<Vec<u8>>) -> Result<T> {
    serde_json::from_slice(&body?).map_err(|e| Error::invalid_body(&e))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| Error::InvalidResponse {
        detail: format!("could not encode the request: {e}"),
    })
}

/// `{"deleted": true}` per contract; an empty body or a missing flag is
/// accepted (the 2xx status already says it worked), an explicit `false` is not.
pub(crate) fn check_deleted(body: &[u8]) -> Result<()> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let reply: DeleteResponse =
        serde_json::from_slice(body).map_err(|e| Error::invalid_body(&e))?;
    match reply.deleted {
        Some(false) => Err(Error::InvalidResponse {
            detail: "the server answered deleted: false".into(),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_shareable_and_its_debug_hides_the_key() {
        fn assert_traits<T: Clone + Send + Sync + 'static>() {}
        assert_traits::<Client>();
        let key = format!("sk-or-v1-{}", "ef".repeat(32));
        let client = Client::new(ClientConfig::default(), SecretString::from(key.clone())).unwrap();
        let debug = format!("{client:?}");
        assert!(!debug.contains(&key), "{debug}");
        assert!(debug.contains("[REDACTED]"));
    }

    #[test]
    fn delete_bodies() {
        assert!(check_deleted(b"{\"deleted\":true}").is_ok());
        assert!(check_deleted(b"").is_ok());
        assert!(check_deleted(b"{}").is_ok());
        assert!(check_deleted(b"{\"deleted\":false}").is_err());
        assert!(check_deleted(b"{\"del").is_err());
    }
}
