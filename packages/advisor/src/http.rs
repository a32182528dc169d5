//! JSON over HTTP for the node and model endpoints: the shared client of
//! `steward-chain`, with its errors as advisor errors.

use crate::error::Result;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;

pub use steward_chain::http::join;

/// A JSON HTTP client with one timeout for every request.
#[derive(Clone)]
pub struct Http(steward_chain::http::Http);

impl Http {
    /// A client whose requests time out after `timeout` (connect to last byte).
    pub fn new(timeout: Duration) -> Self {
        Http(steward_chain::http::Http::new(timeout))
    }

    /// The timeout of each request.
    pub fn timeout(&self) -> Duration {
        self.0.timeout()
    }

    /// `GET url`, JSON answer.
    pub fn get_json<T: DeserializeOwned>(&self, url: &str) -> Result<T> {
        Ok(self.0.get_json(url)?)
    }

    /// `GET url` with extra headers, JSON answer.
    pub fn get_json_with<T: DeserializeOwned>(
        &self,
        url: &str,
        headers: &[(&str, &str)],
    ) -> Result<T> {
        Ok(self.0.get_json_with(url, headers)?)
    }

    /// `POST url` with a JSON body and extra headers, JSON answer.
    pub fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        url: &str,
        body: &B,
        headers: &[(&str, &str)],
    ) -> Result<T> {
        Ok(self.0.post_json(url, body, headers)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AdvisorError;

    #[cfg(not(feature = "tls"))]
    #[test]
    fn https_without_tls_is_a_clear_error() {
        let err = Http::new(Duration::from_secs(1))
            .get_json::<serde_json::Value>("https://example.invalid/x")
            .unwrap_err();
        assert!(matches!(err, AdvisorError::TlsDisabled { .. }), "{err}");
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
        assert!(matches!(err, AdvisorError::Unreachable { .. }), "{err}");
    }
}
