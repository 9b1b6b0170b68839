//! Why a command failed, its exit status, and the error kinds scripts and reports see.

use std::fmt;

use ayrshare_webhooks::Error;
use serde_json::{Value, json};

/// Exit status: success.
pub const EXIT_OK: u8 = 0;
/// Exit status: the API, the receiver or the verification refused.
pub const EXIT_REFUSED: u8 = 1;
/// Exit status: bad usage or input; nothing was sent.
pub const EXIT_USAGE: u8 = 2;
/// Exit status: no answer (timeout, connection failure); the outcome may be unknown.
pub const EXIT_NO_ANSWER: u8 = 3;
/// Exit status: the connection could not be set up (an untrusted TLS certificate, a proxy's
/// refusal); nothing reached the API.
pub const EXIT_CONNECTION_SETUP: u8 = 4;
/// Exit status: interrupted by Ctrl-C.
pub const EXIT_INTERRUPTED: u8 = 130;

/// What stopped a command.
#[derive(Debug)]
pub enum Failure {
    /// A flag, a file or an input the command cannot use; nothing was sent.
    Usage(String),
    /// An error of the SDK: invalid input (nothing sent), or the API's or the network's.
    Sdk(Error),
}

impl Failure {
    /// The exit status this failure ends the program with.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Sdk(error) => exit_code(error),
        }
    }

    /// What to try, for a failure the command line can fix: the setting to look at.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Failure::Sdk(Error::Tls { .. }) => Some(
                "to trust a private CA or a TLS-inspecting proxy, give its PEM file with --ca-bundle FILE (or AYRSHARE_CA_BUNDLE)",
            ),
            Failure::Sdk(Error::Proxy { .. }) => Some(
                "the proxy comes from --proxy, else HTTPS_PROXY or ALL_PROXY (NO_PROXY exempts hosts); --proxy \"\" connects directly",
            ),
            _ => None,
        }
    }

    /// The failure as the JSON object `--json` prints under `"error"`.
    pub fn to_json(&self) -> Value {
        match self {
            Failure::Usage(message) => json!({"kind": "usage", "message": message}),
            Failure::Sdk(error) => error_json(error),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Usage(message) => f.write_str(message),
            Failure::Sdk(error) => error.fmt(f),
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Sdk(error)
    }
}

/// The kind of an SDK error, as `--json` and the bulk report spell it.
pub fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::InvalidInput { .. } => "invalid_input",
        Error::Api { .. } => "api",
        Error::RateLimited { .. } => "rate_limited",
        Error::Timeout { .. } => "timeout",
        Error::Connection { .. } => "connection",
        Error::Tls { .. } => "tls",
        Error::Proxy { .. } => "proxy",
        Error::Cancelled => "cancelled",
        Error::Decode { .. } => "decode",
        Error::Signature(_) => "signature",
        _ => "other",
    }
}

/// The exit status for an SDK error: 2 when nothing was sent, 3 without an answer, 4 when the
/// connection could not be set up (TLS trust, a proxy's refusal), 130 when cancelled by
/// Ctrl-C, else 1.
pub fn exit_code(error: &Error) -> u8 {
    match error {
        Error::InvalidInput { .. } => EXIT_USAGE,
        Error::Timeout { .. } | Error::Connection { .. } => EXIT_NO_ANSWER,
        Error::Tls { .. } | Error::Proxy { .. } => EXIT_CONNECTION_SETUP,
        Error::Cancelled => EXIT_INTERRUPTED,
        _ => EXIT_REFUSED,
    }
}

/// `{"kind", "message", "status"?, "code"?, "field"?, "retryAfter"?, "proxy"?}` for an SDK
/// error (`status` of a proxy error is the proxy's). The SDK's messages never hold a key, a
/// secret or a proxy credential.
pub fn error_json(error: &Error) -> Value {
    let mut object = json!({"kind": error_kind(error), "message": error.to_string()});
    if let Error::Proxy { proxy, .. } = error {
        object["proxy"] = proxy.as_str().into();
    }
    if let Some(status) = error.status() {
        object["status"] = status.into();
    }
    if let Some(code) = error.api_code() {
        object["code"] = code.into();
    }
    if let Some(field) = error.invalid_field() {
        object["field"] = field.into();
    }
    if let Some(wait) = error.retry_after() {
        object["retryAfter"] = wait.as_secs().into();
    }
    object
}

#[cfg(test)]
mod tests {
    use super::*;
    use ayrshare_webhooks::Client;

    #[test]
    fn invalid_input_exits_2_with_its_field() {
        let error = Client::new("bad key").unwrap_err();
        assert_eq!(exit_code(&error), EXIT_USAGE);
        let json = error_json(&error);
        assert_eq!(json["kind"], "invalid_input");
        assert_eq!(json["field"], "api_key");
        assert!(!json.to_string().contains("bad key"));
    }
}
