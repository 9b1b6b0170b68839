//! Shared helpers of the tests that run the SDK against the scripted fault server.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook, Webhook};

/// The API key of the fault tests' clients.
pub const API_KEY: &str = "fault-test-api-key";
/// The per-attempt timeout of the fault tests' clients.
pub const TIMEOUT: Duration = Duration::from_secs(1);
/// The longest total backoff of two retries: 0.5 s then 1 s at most (jitter only shortens).
pub const MAX_BACKOFF_TWO_RETRIES: Duration = Duration::from_millis(1500);
/// Slack added to every upper bound on elapsed time, for a loaded two-core machine.
pub const MARGIN: Duration = Duration::from_secs(3);

/// A client of `base_url` with a 1 s attempt timeout, a 1 s connect timeout and
/// `max_retries` retries.
pub fn client(base_url: &str, max_retries: u32) -> Client {
    client_with_timeout(base_url, max_retries, TIMEOUT)
}

/// A client of `base_url` with `timeout` per attempt (and as connect timeout).
pub fn client_with_timeout(base_url: &str, max_retries: u32, timeout: Duration) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .timeout(timeout)
        .connect_timeout(timeout)
        .max_retries(max_retries)
        .build()
        .expect("valid fault-test client")
}

/// Registers `scheduled` at a fixed URL with a secret.
pub fn register(client: &Client) -> Result<Webhook, Error> {
    client.register_webhook(
        &RegisterWebhook::new(Action::Scheduled, "https://example.com/hooks/ayrshare")
            .secret("fault-test-secret"),
    )
}

/// Runs `call` and returns its result with the time it took.
pub fn timed<T>(call: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let result = call();
    (result, started.elapsed())
}

/// Asserts `min <= elapsed <= max` (and shows the time with `--nocapture`).
pub fn assert_elapsed(case: &str, elapsed: Duration, min: Duration, max: Duration) {
    eprintln!("{case}: {elapsed:.2?}");
    assert!(
        elapsed >= min && elapsed <= max,
        "{case}: took {elapsed:?}, expected between {min:?} and {max:?}"
    );
}
