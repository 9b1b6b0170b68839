//! The one error type every fallible operation of the SDK returns.

use std::fmt;
use std::time::Duration;

use crate::SignatureError;
use crate::retry;

/// What went wrong in a call to the SDK.
///
/// Messages never contain an API key, a profile key or a webhook secret: text that comes from
/// the server is scrubbed of them before it is stored here.
///
/// ```
/// use ayrshare_webhooks::{Client, Error};
///
/// let err = Client::new("").unwrap_err();
/// assert!(matches!(err, Error::InvalidInput { field: "api_key", .. }));
/// assert!(!err.is_retryable());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An argument broke one of the SDK's rules. Nothing was sent.
    InvalidInput {
        /// The argument at fault: `api_key`, `profile_key`, `action`, `url`, `secret`,
        /// `base_url`, `timeout`, `connect_timeout`, `max_retries`, `user_agent_suffix`,
        /// `ca_bundle`, `system_roots`, `proxy` or `tolerance`.
        field: &'static str,
        /// Why it was rejected. Never contains the value of a key or secret.
        reason: String,
    },
    /// The API answered with an error: an HTTP status outside 2xx (other than 429), or a 2xx
    /// whose JSON `status` is `"error"`.
    #[non_exhaustive]
    Api {
        /// The HTTP status of the answer.
        status: u16,
        /// Ayrshare's numeric error code, when the body carried one.
        code: Option<i64>,
        /// Ayrshare's message, or a description of the answer when it was not JSON.
        message: String,
        /// The entries of the body's `errors` array, if any.
        details: Vec<ApiErrorDetail>,
        /// The `Retry-After` the server sent, if any.
        retry_after: Option<Duration>,
    },
    /// HTTP 429: too many requests for this profile. Returned at once when the server gave no
    /// `Retry-After`, or one longer than 60 seconds; shorter waits are retried by the client.
    #[non_exhaustive]
    RateLimited {
        /// How long the server asked the caller to wait, if it said.
        retry_after: Option<Duration>,
        /// Ayrshare's numeric error code, when the body carried one.
        code: Option<i64>,
        /// Ayrshare's message, when the body carried one.
        message: String,
    },
    /// No complete answer arrived within the per-attempt timeout, on every attempt.
    Timeout {
        /// How many attempts were made.
        attempts: u32,
    },
    /// The connection failed on every attempt: DNS, refused, reset, closed early, TLS, or an
    /// answer that was not HTTP.
    Connection {
        /// What failed, without any credential.
        reason: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The TLS handshake failed for a reason retrying cannot fix, above all a server
    /// certificate the client does not trust (unknown issuer, expired, wrong host name). Never
    /// retried. The message names the host and the reason, and says what to set
    /// ([`ClientBuilder::ca_bundle`](crate::ClientBuilder::ca_bundle) or
    /// [`ClientBuilder::system_roots`](crate::ClientBuilder::system_roots)).
    Tls {
        /// What failed, naming the host.
        reason: String,
    },
    /// The proxy refused to open a tunnel to the API (`CONNECT` answered with, say, 403 or
    /// 407), or did not answer in HTTP. Never retried.
    Proxy {
        /// The proxy as `host:port` (never its credentials).
        proxy: String,
        /// The proxy's HTTP status, when it answered with one.
        status: Option<u16>,
        /// The proxy's answer in words.
        reason: String,
    },
    /// The client's cancellation check (see
    /// [`ClientBuilder::cancel_when`](crate::ClientBuilder::cancel_when)) asked the call to
    /// stop; the connection in use was dropped. Never retried.
    Cancelled,
    /// A 2xx answer whose body was not the JSON the operation expects, an answer larger than
    /// the 1 MiB cap, or a delivery body that is not a webhook payload.
    #[non_exhaustive]
    Decode {
        /// The HTTP status of the answer; `None` for a delivery body given to
        /// [`parse_delivery`](crate::parse_delivery).
        status: Option<u16>,
        /// What was wrong with the body.
        reason: String,
        /// The start of the body (at most 64 characters, control characters escaped, credentials
        /// removed), to help tell an HTML error page from a truncated JSON document.
        snippet: String,
    },
    /// A delivery failed verification in
    /// [`Verifier::verify_event`](crate::Verifier::verify_event): reject it.
    Signature(SignatureError),
}

/// One entry of the `errors` array some Ayrshare error bodies carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiErrorDetail {
    /// The action the entry is about, if given.
    pub action: Option<String>,
    /// The entry's status, usually `"error"`.
    pub status: Option<String>,
    /// Ayrshare's numeric error code.
    pub code: Option<i64>,
    /// Ayrshare's message.
    pub message: Option<String>,
    /// The social platform concerned, if any.
    pub platform: Option<String>,
}

impl Error {
    /// Builds an [`Error::InvalidInput`].
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }

    /// The HTTP status of the answer behind this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::Proxy { status, .. } => *status,
            Error::Decode { status, .. } => *status,
            Error::RateLimited { .. } => Some(429),
            _ => None,
        }
    }

    /// Ayrshare's numeric error code, if the answer carried one.
    pub fn api_code(&self) -> Option<i64> {
        match self {
            Error::Api { code, .. } | Error::RateLimited { code, .. } => *code,
            _ => None,
        }
    }

    /// The wait the server asked for in `Retry-After`, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } | Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A stable identifier of the error's kind, for logs and reports: `invalid_input`,
    /// `api_error`, `rate_limited`, `timeout`, `connection_error`, `tls_error`, `proxy_error`,
    /// `cancelled`, `decode_error` or `signature_error`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidInput { .. } => "invalid_input",
            Error::Api { .. } => "api_error",
            Error::RateLimited { .. } => "rate_limited",
            Error::Timeout { .. } => "timeout",
            Error::Connection { .. } => "connection_error",
            Error::Tls { .. } => "tls_error",
            Error::Proxy { .. } => "proxy_error",
            Error::Cancelled => "cancelled",
            Error::Decode { .. } => "decode_error",
            Error::Signature(_) => "signature_error",
        }
    }

    /// The argument at fault, for an [`Error::InvalidInput`].
    pub fn invalid_field(&self) -> Option<&'static str> {
        match self {
            Error::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }

    /// Whether the same call may succeed later: timeouts, connection failures, rate limits and
    /// the HTTP statuses 408, 500, 502, 503 and 504. The client has already retried these up to
    /// `max_retries` times before returning them (a rotation only while nothing was sent).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } | Error::Connection { .. } | Error::RateLimited { .. } => true,
            Error::Api { status, .. } => retry::is_retryable_status(*status),
            Error::InvalidInput { .. }
            | Error::Decode { .. }
            | Error::Signature(_)
            | Error::Tls { .. }
            | Error::Proxy { .. }
            | Error::Cancelled => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput { field, reason } => {
                write!(f, "invalid {field}: {reason} (no request was sent)")
            }
            Error::Api {
                status,
                code,
                message,
                ..
            } => {
                write!(f, "Ayrshare API error (HTTP {status}")?;
                if let Some(code) = code {
                    write!(f, ", code {code}")?;
                }
                write!(f, "): {message}")
            }
            Error::RateLimited {
                retry_after,
                message,
                ..
            } => {
                write!(f, "rate limited by Ayrshare (HTTP 429)")?;
                if let Some(wait) = retry_after {
                    write!(f, "; retry after {} s", wait.as_secs())?;
                }
                if !message.is_empty() {
                    write!(f, ": {message}")?;
                }
                Ok(())
            }
            Error::Timeout { attempts } => {
                write!(f, "request timed out ({})", plural_attempts(*attempts))
            }
            Error::Connection { reason, attempts } => write!(
                f,
                "connection to the API failed ({}): {reason}",
                plural_attempts(*attempts)
            ),
            Error::Tls { reason } => write!(f, "TLS error: {reason}"),
            Error::Proxy {
                proxy,
                status: Some(_),
                reason,
            } => write!(
                f,
                "the proxy {proxy} refused to connect to the API: {reason}"
            ),
            Error::Proxy { proxy, reason, .. } => {
                write!(
                    f,
                    "the proxy {proxy} did not open a tunnel to the API: {reason}"
                )
            }
            Error::Cancelled => write!(f, "the call was cancelled"),
            Error::Decode {
                status,
                reason,
                snippet,
            } => {
                match status {
                    Some(status) => write!(f, "unexpected response body (HTTP {status})")?,
                    None => write!(f, "unexpected delivery body")?,
                }
                write!(f, ": {reason}; body starts with {snippet:?}")
            }
            Error::Signature(error) => write!(f, "delivery rejected: {error}"),
        }
    }
}

fn plural_attempts(n: u32) -> String {
    if n == 1 {
        "1 attempt".to_owned()
    } else {
        format!("{n} attempts")
    }
}

impl std::error::Error for Error {}

impl From<SignatureError> for Error {
    fn from(error: SignatureError) -> Error {
        Error::Signature(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers_report_status_code_and_retryability() {
        let api = Error::Api {
            status: 503,
            code: Some(7),
            message: "down".into(),
            details: vec![],
            retry_after: None,
        };
        assert_eq!(api.status(), Some(503));
        assert_eq!(api.api_code(), Some(7));
        assert!(api.is_retryable());
        assert_eq!(
            api.to_string(),
            "Ayrshare API error (HTTP 503, code 7): down"
        );

        let limited = Error::RateLimited {
            retry_after: Some(Duration::from_secs(3600)),
            code: None,
            message: String::new(),
        };
        assert_eq!(limited.status(), Some(429));
        assert_eq!(limited.retry_after(), Some(Duration::from_secs(3600)));
        assert_eq!(
            limited.to_string(),
            "rate limited by Ayrshare (HTTP 429); retry after 3600 s"
        );

        let not_found = Error::Api {
            status: 404,
            code: None,
            message: "x".into(),
            details: vec![],
            retry_after: None,
        };
        assert!(!not_found.is_retryable());
        assert_eq!(
            Error::Timeout { attempts: 3 }.to_string(),
            "request timed out (3 attempts)"
        );
    }
}
