//! Shared helpers of the core's integration tests.
#![allow(dead_code)]

use std::time::Duration;

use ayrshare_webhooks::Client;
use mockito::{Matcher, Mock, Server, ServerGuard};

/// The API key every test client uses.
pub const API_KEY: &str = "test-api-key-0123456789";
/// The path every webhook request goes to.
pub const HOOK_PATH: &str = "/api/hook/webhook";

/// A mock API server.
pub fn server() -> ServerGuard {
    Server::new()
}

/// The base URL of `server`'s stand-in API.
pub fn base_url(server: &ServerGuard) -> String {
    format!("{}/api", server.url())
}

/// A client for `server` with no retries and short timeouts.
pub fn client(server: &ServerGuard) -> Client {
    client_with_retries(server, 0)
}

/// A client for `server` with `max_retries` retries and short timeouts.
pub fn client_with_retries(server: &ServerGuard, max_retries: u32) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(base_url(server))
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .max_retries(max_retries)
        .build()
        .expect("valid test client")
}

/// Mocks that match any request at all and expect none: assert them to prove nothing was sent.
pub struct NoRequests(Vec<Mock>);

impl NoRequests {
    pub fn expect(server: &mut ServerGuard) -> NoRequests {
        NoRequests(
            ["GET", "POST", "DELETE", "PUT", "PATCH"]
                .into_iter()
                .map(|method| {
                    server
                        .mock(method, Matcher::Any)
                        .with_status(500)
                        .expect(0)
                        .create()
                })
                .collect(),
        )
    }

    pub fn assert(&self) {
        for mock in &self.0 {
            mock.assert();
        }
    }
}

/// A JSON error body in Ayrshare's shape.
pub fn error_body(code: i64, message: &str) -> String {
    serde_json::json!({"status": "error", "code": code, "message": message}).to_string()
}
