//! The SDK's own diagnostics, through the `log` facade under the target `ayrshare_webhooks`:
//! one debug record per attempt, and warnings only for deprecations. Records hold no key,
//! profile key, secret or proxy credential: only the operation, the method and path, the
//! attempt's number, the answer's status or the error's kind, and timings.

use std::fmt;
use std::time::Duration;

use ureq::http::Method;

use crate::Error;

/// The target of every record the SDK logs.
pub const LOG_TARGET: &str = "ayrshare_webhooks";

/// What an attempt belongs to, for its log record.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Operation<'a> {
    /// The SDK method, e.g. `register_webhook`.
    pub name: &'static str,
    pub method: &'a Method,
    /// The request's path, e.g. `/api/hook/webhook`.
    pub path: &'a str,
}

/// How an attempt ended, for its log record.
pub(crate) enum Outcome<'a> {
    /// An answer with this HTTP status was read and decoded.
    Answered(u16),
    /// The attempt failed with this error.
    Failed(&'a Error),
}

/// Logs one attempt at debug level: `attempt` of `attempts` (the most that may be made),
/// how it ended, how long it took, and the wait before the next one when it will be retried.
pub(crate) fn attempt(
    operation: &Operation<'_>,
    attempt: u32,
    attempts: u32,
    outcome: &Outcome<'_>,
    elapsed: Duration,
    retry_in: Option<Duration>,
) {
    if !log::log_enabled!(target: LOG_TARGET, log::Level::Debug) {
        return;
    }
    let retry = RetryNote(retry_in);
    let Operation { name, method, path } = operation;
    match outcome {
        Outcome::Answered(status) => log::debug!(
            target: LOG_TARGET,
            "{name} {method} {path}: attempt {attempt} of {attempts}: HTTP {status} in {elapsed:.1?}{retry}"
        ),
        Outcome::Failed(error) => {
            let kind = error.kind();
            match error.status() {
                Some(status) => log::debug!(
                    target: LOG_TARGET,
                    "{name} {method} {path}: attempt {attempt} of {attempts}: {kind} (HTTP {status}) after {elapsed:.1?}{retry}"
                ),
                None => log::debug!(
                    target: LOG_TARGET,
                    "{name} {method} {path}: attempt {attempt} of {attempts}: {kind} after {elapsed:.1?}{retry}"
                ),
            }
        }
    }
}

/// Logs that a deprecated part of the API was used.
pub(crate) fn deprecated(what: &str) {
    log::warn!(target: LOG_TARGET, "{what}");
}

struct RetryNote(Option<Duration>);

impl fmt::Display for RetryNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(wait) => write!(f, "; retrying in {wait:.1?}"),
            None => Ok(()),
        }
    }
}
