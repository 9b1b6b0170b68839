//! How a mock behaves: its keys, the errors it gives on purpose, its timing.

use std::path::PathBuf;
use std::time::Duration;

/// The API key the mock accepts when none is configured.
pub const DEFAULT_API_KEY: &str = "mock-api-key";
/// Ayrshare retries a failed delivery twice: 5 s, then 30 s after the previous attempt.
pub const AYRSHARE_RETRY_DELAYS: [Duration; 2] = [Duration::from_secs(5), Duration::from_secs(30)];
/// Ayrshare waits 10 s for a receiver's answer.
pub const AYRSHARE_DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may sit without sending or taking a byte before the mock closes it.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// The settings of a [`Mock`](crate::Mock). `Default` is a mock on a free loopback port that
/// accepts [`DEFAULT_API_KEY`] and every profile key, answers at once, never rate-limits, and
/// retries deliveries as Ayrshare does.
/// It has no `Debug`: it holds the keys the mock accepts.
#[derive(Clone)]
pub struct MockConfig {
    /// The loopback port to listen on; 0 picks a free one.
    pub port: u16,
    /// The API key of the Primary Profile; any other `Authorization` is answered 401.
    pub api_key: String,
    /// API keys accepted as valid but on a plan without webhooks: answered 403.
    pub plan_without_webhooks_keys: Vec<String>,
    /// The User Profile keys that exist; `None` accepts every profile key. A key not listed
    /// is answered 403.
    pub profile_keys: Option<Vec<String>>,
    /// Added before answering each API request (not the `/_mock` endpoints).
    pub latency: Duration,
    /// A connection that sends nothing (or takes no byte of an answer) for this long is closed,
    /// so a stuck or abandoned client never holds a thread of the mock forever.
    pub idle_timeout: Duration,
    /// API requests allowed per profile (the Primary Profile counts as one) over the mock's
    /// life; each request past it is answered 429. `None` is no limit.
    pub request_budget: Option<u64>,
    /// The `Retry-After` (seconds) sent with a 429; `None` sends none, as Ayrshare documents.
    pub retry_after: Option<u64>,
    /// The waits before each retry of a failed delivery (their number is the number of retries).
    pub retry_delays: Vec<Duration>,
    /// How long a delivery waits for the receiver's answer.
    pub delivery_timeout: Duration,
    /// Deliver to `https://` URLs on a loopback host over plain HTTP (a receiver under
    /// development rarely has TLS; registration still requires `https`).
    pub deliver_over_http: bool,
    /// When set, each registration of a profile with a secret also writes the signed delivery
    /// it would send to `DIR/<profile or "primary">/<action>.body` and `.headers`.
    pub outbox: Option<PathBuf>,
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            port: 0,
            api_key: DEFAULT_API_KEY.to_owned(),
            plan_without_webhooks_keys: Vec::new(),
            profile_keys: None,
            latency: Duration::ZERO,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            request_budget: None,
            retry_after: None,
            retry_delays: AYRSHARE_RETRY_DELAYS.to_vec(),
            delivery_timeout: AYRSHARE_DELIVERY_TIMEOUT,
            deliver_over_http: false,
            outbox: None,
        }
    }
}
