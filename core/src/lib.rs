//! A blocking, validated Rust SDK for [Ayrshare](https://www.ayrshare.com) webhooks: register,
//! list, replace and remove webhooks, rotate their signing secret, and verify and parse the
//! deliveries your endpoint receives.
//!
//! ```no_run
//! use ayrshare_webhooks::{Action, Client, RegisterWebhook};
//!
//! let client = Client::from_env()?; // AYRSHARE_API_KEY, AYRSHARE_PROFILE_KEY, AYRSHARE_BASE_URL
//! let hook = client.register_webhook(
//!     &RegisterWebhook::new(Action::Scheduled, "https://example.com/hooks/ayrshare")
//!         .secret("my-signing-secret"),
//! )?;
//! assert_eq!(hook.action, Action::Scheduled);
//!
//! for (action, url) in client.list_webhooks()?.iter() {
//!     println!("{action} -> {url}");
//! }
//! client.unregister_webhook(Action::Scheduled)?;
//! # Ok::<(), ayrshare_webhooks::Error>(())
//! ```
//!
//! Receiving a delivery: verify the exact bytes received and get a typed event.
//!
//! ```
//! use ayrshare_webhooks::{Event, Verifier};
//!
//! fn handle(headers: &[(String, String)], body: &[u8]) -> Result<(), ayrshare_webhooks::Error> {
//!     let verifier = Verifier::new("my-signing-secret")?;
//!     match verifier.verify_event(headers, body)? {
//!         Event::Scheduled(post) => {
//!             for result in &post.post_ids {
//!                 println!("{:?} {:?} {:?}", result.platform, result.status, result.post_url);
//!             }
//!         }
//!         Event::Social(account) => println!("{:?} {:?}", account.kind, account.platform),
//!         other => println!("{:?} (hookId {:?})", other.action(), other.hook_id()),
//!     }
//!     Ok(())
//! }
//! ```
//!
//! Testing a receiver: [`sign_delivery`] makes the headers Ayrshare would send.
//!
//! # Guarantees
//! - **Validation first.** Every argument is checked before any I/O; a bad one is an
//!   [`Error::InvalidInput`] naming the field, and nothing is sent. Keys must be non-empty,
//!   at most 512 bytes, printable ASCII without spaces; webhook URLs absolute
//!   `https` with a host, no credentials, at most 2,048 bytes; secrets 1 to 1,024 bytes
//!   without control characters; the base URL `https`, or `http` to a loopback host only.
//! - **No hang.** Each attempt is bounded by `timeout` (default 30 s) from connecting to the
//!   last byte of the answer, and connecting by `connect_timeout` (default 10 s). Answers are
//!   read up to 1 MiB.
//! - **Retries in one place.** Up to `max_retries` (default 2) more attempts after timeouts,
//!   connection failures and HTTP 408, 500, 502, 503 and 504, waiting 0.5 s, 1 s, 2 s, ...
//!   (capped at 8 s, with jitter) or the server's `Retry-After` when at most 60 s. A 429 is
//!   retried only when `Retry-After` is present and at most 60 s; otherwise
//!   [`Error::RateLimited`] comes back at once, carrying the wait. No other 4xx is retried,
//!   nor a TLS or proxy error. A secret rotation is not idempotent: it is retried only after a
//!   failure before anything was sent (lookup, refused connection, TLS handshake).
//! - **The production path.** HTTPS with Mozilla's roots by default,
//!   [`ClientBuilder::system_roots`] or [`ClientBuilder::ca_bundle`] (`AYRSHARE_CA_BUNDLE`) for
//!   a private CA; HTTP `CONNECT` proxies from [`ClientBuilder::proxy`] or `HTTPS_PROXY` /
//!   `ALL_PROXY` / `NO_PROXY` (SOCKS refused, never bypassed); host names resolved only to open
//!   a connection, and cached for [`DNS_CACHE_TTL`]; a forked child process never uses its
//!   parent's connections.
//! - **Interruptible.** Every wait wakes at least every 100 ms to run the
//!   [`ClientBuilder::cancel_when`] check; `true` ends the call with [`Error::Cancelled`].
//! - **Secrets stay secret.** `Debug` and `Display` of the client, requests, verifiers and
//!   errors never show an API key, profile key, webhook secret or proxy credential; server
//!   text kept in errors is scrubbed of them. The HTTP layer is handed only same-length
//!   placeholders for the keys, so its trace logs cannot show them; the SDK's own records (one
//!   debug record per attempt, target [`LOG_TARGET`]) hold none either.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod action;
mod builder;
mod call;
mod client;
mod coalesce;
mod delivery;
mod dial;
mod error;
mod event;
mod headers;
mod logging;
mod proxy;
mod request;
mod resolve;
mod retry;
mod seal;
mod secret;
mod sign;
mod signature;
mod tcp;
mod tls;
mod transport;
mod validate;
mod verifier;
mod webhook;
mod wire;

pub use action::Action;
pub use builder::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
    ENV_API_KEY, ENV_BASE_URL, ENV_PROFILE_KEY,
};
pub use client::Client;
pub use delivery::{Delivery, DeliveryAction, parse_delivery};
pub use error::{ApiErrorDetail, Error};
pub use event::{
    AccountActivityEvent, DirectMessageEvent, Event, Message, MessageMedia, MessageParticipant,
    MessagesEvent, PostResult, ScheduledEvent, SocialDetails, SocialEvent, SocialKind,
    UnknownEvent, UntypedEvent, parse_event,
};
pub use headers::{HeaderPair, HeaderText, is_delivery_header};
pub use logging::LOG_TARGET;
pub use request::RegisterWebhook;
pub use resolve::CACHE_TTL as DNS_CACHE_TTL;
pub use sign::{SignedHeaders, sign_delivery};
pub use signature::{SignatureError, verify_signature};
pub use tls::ENV_CA_BUNDLE;
pub use transport::MAX_RESPONSE_BYTES;
pub use validate::{
    MAX_DURATION, MAX_KEY_BYTES, MAX_RETRIES_LIMIT, MAX_SECRET_BYTES, MAX_URL_BYTES,
    MAX_USER_AGENT_SUFFIX_BYTES, at_most_a_year, duration_from_secs_f64, max_retries_from_i64,
};
pub use verifier::{
    DEFAULT_TOLERANCE, DeliveryHeaders, SIGNATURE_HEADER, SIGNATURE_V2_HEADER, TIMESTAMP_HEADER,
    Verifier,
};
pub use webhook::{Webhook, WebhookList};

/// Entry points for the fuzz targets in `fuzz/`: the pure answer decoders, fed raw bytes.
/// Not part of the supported API.
#[doc(hidden)]
pub mod fuzzing {
    use std::time::Duration;

    use crate::wire::{self, Answer};
    use crate::{Action, Error, Webhook, WebhookList};

    fn answer(status: u16, body: &[u8]) -> Answer {
        Answer {
            status,
            retry_after: Some(Duration::from_secs(1)),
            body: body.to_vec(),
        }
    }

    /// Decodes an answer to a registration of `feed` at `https://example.com/`.
    ///
    /// # Panics
    /// When the fast path for plain answers and the general decoder disagree (a bug for the
    /// fuzzer to find).
    pub fn decode_registration(status: u16, body: &[u8]) -> Result<Webhook, Error> {
        let answer = answer(status, body);
        let decoded =
            wire::decode_registration(&answer, Action::Feed, "https://example.com/", &["KEY"]);
        let general =
            wire::decode_any_registration(&answer, Action::Feed, "https://example.com/", &["KEY"]);
        assert_eq!(
            decoded, general,
            "the fast path disagrees with the general decoder"
        );
        decoded
    }

    /// Decodes an answer to a listing.
    pub fn decode_list(status: u16, body: &[u8]) -> Result<WebhookList, Error> {
        wire::decode_list(&answer(status, body), &["KEY"])
    }

    /// Decodes an answer to an unregistration or a secret rotation.
    pub fn decode_acknowledgement(status: u16, body: &[u8]) -> Result<(), Error> {
        wire::decode_acknowledgement(&answer(status, body), &["KEY"])
    }

    /// Reads a `Retry-After` header value.
    pub fn parse_retry_after(value: &str) -> Option<Duration> {
        crate::transport::parse_retry_after(value, std::time::SystemTime::now())
    }
}

/// Counters of what the SDK did in this process, for the tests that prove a pooled call does no
/// name lookup. Not part of the supported API.
#[doc(hidden)]
pub mod diagnostics {
    /// Name lookups started (each runs on a new thread; nothing else in the SDK starts one).
    pub fn name_lookups() -> u64 {
        crate::resolve::lookups_started()
    }
}
