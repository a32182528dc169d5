//! A small blocking JSON-over-HTTP client (ureq) with errors that say which
//! URL failed and how. Shared by the node client, the deploy tool and the
//! advisor (node and model endpoints).

use crate::error::{ChainError, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

/// Most characters of an error body quoted in an error.
const BODY_EXCERPT: usize = 300;
/// Largest answer read (a code listing or a transaction with its events).
const MAX_BODY: u64 = 32 * 1024 * 1024;

/// A JSON HTTP client with one timeout for every request.
#[derive(Clone)]
pub struct Http {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Http {
    /// A client whose requests time out after `timeout` (connect to last byte).
    pub fn new(timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("steward/", env!("CARGO_PKG_VERSION")))
            .build();
        Http {
            agent: ureq::Agent::new_with_config(config),
            timeout,
        }
    }

    /// The timeout of each request.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// `GET url`, JSON answer.
    pub fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T> {
        self.get_json_with(url, &[])
    }

    /// `GET url` with extra headers, JSON answer.
    pub fn get_json_with<T: DeserializeOwned>(
        &self,
        url: &str,
        headers: &[(&str, &str)],
    ) -> Result<T> {
        check_scheme(url)?;
        let mut request = self.agent.get(url).header("Accept", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.call().map_err(|e| self.transport_error(url, e))?;
        self.read_json(url, response)
    }

    /// `POST url` with a JSON body and extra headers, JSON answer.
    pub fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        url: &str,
        body: &B,
        headers: &[(&str, &str)],
    ) -> Result<T> {
        check_scheme(url)?;
        let body = serde_json::to_vec(body).expect("request bodies always serialise");
        let mut request = self
            .agent
            .post(url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request
            .send(&body[..])
            .map_err(|e| self.transport_error(url, e))?;
        self.read_json(url, response)
    }

    /// `GET url`, the body as text (any 2xx status).
    pub fn get_text(&self, url: &str) -> Result<String> {
        check_scheme(url)?;
        let response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| self.transport_error(url, e))?;
        self.read_text(url, response)
    }

    /// The body of a 2xx answer (at most MAX_BODY bytes); any other status is
    /// an error carrying an excerpt of the body.
    fn read_text(
        &self,
        url: &str,
        mut response: ureq::http::Response<ureq::Body>,
    ) -> Result<String> {
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_string()
            .map_err(|e| self.transport_error(url, e))?;
        if !(200..300).contains(&status) {
            return Err(ChainError::HttpStatus {
                url: url.to_string(),
                status,
                body: excerpt(&text),
            });
        }
        Ok(text)
    }

    fn read_json<T: DeserializeOwned>(
        &self,
        url: &str,
        response: ureq::http::Response<ureq::Body>,
    ) -> Result<T> {
        let text = self.read_text(url, response)?;
        serde_json::from_str(&text).map_err(|e| ChainError::BadResponse {
            url: url.to_string(),
            reason: format!("{e}: {}", excerpt(&text)),
        })
    }

    fn transport_error(&self, url: &str, e: ureq::Error) -> ChainError {
        match e {
            ureq::Error::Timeout(_) => ChainError::Timeout {
                url: url.to_string(),
                seconds: self.timeout.as_secs().max(1),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                ChainError::Timeout {
                    url: url.to_string(),
                    seconds: self.timeout.as_secs().max(1),
                }
            }
            ureq::Error::TlsRequired | ureq::Error::Tls(_) if !cfg!(feature = "tls") => {
                ChainError::TlsDisabled {
                    url: url.to_string(),
                }
            }
            other => ChainError::Unreachable {
                url: url.to_string(),
                reason: other.to_string(),
            },
        }
    }
}

/// Refuses `https://` early when this build has no TLS, with a clear error.
fn check_scheme(url: &str) -> Result<()> {
    if !cfg!(feature = "tls")
        && url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    {
        return Err(ChainError::TlsDisabled {
            url: url.to_string(),
        });
    }
    Ok(())
}

fn excerpt(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(BODY_EXCERPT) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_string(),
    }
}

/// Joins a base URL and a path with exactly one slash.
pub fn join(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_handles_slashes() {
        assert_eq!(join("http://a:1/", "/b/c"), "http://a:1/b/c");
        assert_eq!(join("http://a:1/v1", "chat"), "http://a:1/v1/chat");
    }

    #[test]
    fn excerpt_cuts_long_bodies() {
        let long = "x".repeat(1_000);
        assert_eq!(excerpt(&long).len(), BODY_EXCERPT + 3);
        assert_eq!(excerpt(" short "), "short");
    }

    #[cfg(not(feature = "tls"))]
    #[test]
    fn https_without_tls_is_a_clear_error() {
        let err = Http::new(Duration::from_secs(1))
            .get_json::<serde_json::Value>("https://example.invalid/x")
            .unwrap_err();
        assert!(matches!(err, ChainError::TlsDisabled { .. }), "{err}");
    }

    #[test]
    fn closed_port_is_unreachable() {
        // Bind then drop: the port is (almost certainly) closed afterwards.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = Http::new(Duration::from_secs(2))
            .get_json::<serde_json::Value>(&format!("http://127.0.0.1:{port}/x"))
            .unwrap_err();
        assert!(matches!(err, ChainError::Unreachable { .. }), "{err}");
    }
}
