//! The retry policy: which failures are retried, how long to wait, and the loop that does it.
//! The only place in the SDK that decides to send a request again.

use std::time::{Duration, Instant};

use ring::rand::{SecureRandom, SystemRandom};

use crate::logging::{self, Operation, Outcome};
use crate::{Error, call};

/// Wait before the first retry; doubles for each further retry.
pub(crate) const INITIAL_BACKOFF: Duration = Duration::from_millis(500);
/// Longest computed backoff between two attempts.
pub(crate) const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// Longest `Retry-After` the client waits out by itself; a longer one is returned to the caller.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Whether an HTTP status means "try again": 408, 500, 502, 503, 504.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 500 | 502 | 503 | 504)
}

/// How long to wait before retrying after `error`, or `None` when it must not be retried.
/// `retry_index` is 0 before the first retry.
///
/// A 429 is retried only when the server said how long to wait and the wait is at most
/// [`MAX_RETRY_AFTER`]: Ayrshare suspends a profile after 1,000 429s a day, so blind retries
/// are worse than returning. Other 4xx are never retried.
pub(crate) fn delay_before_retry(error: &Error, retry_index: u32) -> Option<Duration> {
    match error {
        Error::Timeout { .. } | Error::Connection { .. } => Some(backoff(retry_index)),
        Error::RateLimited { retry_after, .. } => retry_after.filter(|d| *d <= MAX_RETRY_AFTER),
        Error::Api {
            status,
            retry_after,
            ..
        } if is_retryable_status(*status) => match retry_after {
            Some(wait) if *wait <= MAX_RETRY_AFTER => Some(*wait),
            Some(_) => None,
            None => Some(backoff(retry_index)),
        },
        _ => None,
    }
}

/// Exponential backoff with jitter: 0.5 s, 1 s, 2 s, ... capped at 8 s, each drawn uniformly
/// from the upper half of that value so concurrent clients do not retry in lockstep.
pub(crate) fn backoff(retry_index: u32) -> Duration {
    let ceiling = INITIAL_BACKOFF
        .saturating_mul(2u32.saturating_pow(retry_index.min(16)))
        .min(MAX_BACKOFF);
    let half = ceiling / 2;
    half + half.mul_f64(random_unit())
}

/// A uniform draw from [0, 1); 1.0 if the system's random source fails (no jitter, still safe).
fn random_unit() -> f64 {
    let mut bytes = [0u8; 4];
    match SystemRandom::new().fill(&mut bytes) {
        Ok(()) => f64::from(u32::from_le_bytes(bytes)) / (f64::from(u32::MAX) + 1.0),
        Err(_) => 1.0,
    }
}

/// Whether an operation may be sent again after its request may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resend {
    /// Registering, unregistering and listing: sending one again does no harm.
    Allowed,
    /// Rotating the secret: a second rotation would push the secret receivers still hold out
    /// of its grace window, so it is retried only when nothing of the request was sent (a
    /// failed name lookup, a refused connection, a failed TLS handshake).
    OnlyIfUnsent,
}

/// How one attempt failed, and whether any of its request may have reached the server.
pub(crate) struct Failure {
    pub error: Error,
    pub sent: bool,
}

/// What [`run`] needs besides the attempt itself.
pub(crate) struct Plan<'a> {
    pub operation: Operation<'a>,
    pub resend: Resend,
    pub max_retries: u32,
    /// Sleeps between attempts; `Err` when the caller cancelled the wait.
    pub sleep: &'a dyn Fn(Duration) -> Result<(), call::Cancelled>,
}

/// Runs `attempt` until it succeeds (giving its value and the answer's status), fails in a
/// way that must not be retried, or has run `max_retries + 1` times, sleeping between
/// attempts. Each attempt is logged (see [`crate::logging`]). A returned timeout or connection
/// error carries the number of attempts made.
pub(crate) fn run<T>(
    plan: &Plan<'_>,
    mut attempt: impl FnMut() -> Result<(T, u16), Failure>,
) -> Result<T, Error> {
    let attempts = plan.max_retries + 1;
    let mut made = 0;
    loop {
        made += 1;
        let started = Instant::now();
        let failure = match attempt() {
            Ok((value, status)) => {
                let outcome = Outcome::Answered(status);
                logging::attempt(
                    &plan.operation,
                    made,
                    attempts,
                    &outcome,
                    started.elapsed(),
                    None,
                );
                return Ok(value);
            }
            Err(failure) => failure,
        };
        let retries_done = made - 1;
        let resendable = plan.resend == Resend::Allowed || !failure.sent;
        let wait = delay_before_retry(&failure.error, retries_done)
            .filter(|_| resendable && retries_done < plan.max_retries);
        let outcome = Outcome::Failed(&failure.error);
        logging::attempt(
            &plan.operation,
            made,
            attempts,
            &outcome,
            started.elapsed(),
            wait,
        );
        match wait {
            Some(wait) => {
                if (plan.sleep)(wait).is_err() {
                    return Err(Error::Cancelled);
                }
            }
            None => return Err(with_attempts(failure.error, made)),
        }
    }
}

fn with_attempts(error: Error, made: u32) -> Error {
    match error {
        Error::Timeout { .. } => Error::Timeout { attempts: made },
        Error::Connection { reason, .. } => Error::Connection {
            reason,
            attempts: made,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, retry_after: Option<u64>) -> Error {
        Error::Api {
            status,
            code: None,
            message: String::new(),
            details: vec![],
            retry_after: retry_after.map(Duration::from_secs),
        }
    }

    fn limited(retry_after: Option<u64>) -> Error {
        Error::RateLimited {
            retry_after: retry_after.map(Duration::from_secs),
            code: None,
            message: String::new(),
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        for (index, ceiling_ms) in [
            (0, 500),
            (1, 1000),
            (2, 2000),
            (3, 4000),
            (4, 8000),
            (30, 8000),
        ] {
            for _ in 0..50 {
                let wait = backoff(index).as_millis();
                assert!(
                    wait >= ceiling_ms / 2 && wait <= ceiling_ms,
                    "{index}: {wait}"
                );
            }
        }
    }

    #[test]
    fn which_errors_are_retried() {
        for status in [408, 500, 502, 503, 504] {
            assert!(
                delay_before_retry(&api(status, None), 0).is_some(),
                "{status}"
            );
        }
        for status in [400, 401, 402, 403, 404, 405, 409, 422, 501] {
            assert_eq!(delay_before_retry(&api(status, None), 0), None, "{status}");
        }
        assert_eq!(
            delay_before_retry(&api(503, Some(2)), 0),
            Some(Duration::from_secs(2))
        );
        assert_eq!(delay_before_retry(&api(503, Some(61)), 0), None);
        assert_eq!(delay_before_retry(&limited(None), 0), None);
        assert_eq!(delay_before_retry(&limited(Some(3600)), 0), None);
        assert_eq!(
            delay_before_retry(&limited(Some(60)), 0),
            Some(Duration::from_secs(60))
        );
        assert!(delay_before_retry(&Error::Timeout { attempts: 1 }, 0).is_some());
        assert_eq!(delay_before_retry(&Error::invalid("url", "x"), 0), None);
    }

    fn plan<'a>(
        resend: Resend,
        max_retries: u32,
        sleep: &'a dyn Fn(Duration) -> Result<(), call::Cancelled>,
    ) -> Plan<'a> {
        Plan {
            operation: Operation {
                name: "test",
                method: &ureq::http::Method::POST,
                path: "/api/hook/webhook",
            },
            resend,
            max_retries,
            sleep,
        }
    }

    fn failed(error: Error, sent: bool) -> Failure {
        Failure { error, sent }
    }

    #[test]
    fn loop_stops_after_max_retries_and_counts_attempts() {
        let mut calls = 0;
        let sleeps = std::cell::Cell::new(0);
        let sleep = |_| {
            sleeps.set(sleeps.get() + 1);
            Ok(())
        };
        let result: Result<(), Error> = run(&plan(Resend::Allowed, 2, &sleep), || {
            calls += 1;
            Err(failed(Error::Timeout { attempts: 1 }, true))
        });
        assert_eq!(calls, 3);
        assert_eq!(sleeps.get(), 2);
        assert_eq!(result.unwrap_err(), Error::Timeout { attempts: 3 });
    }

    #[test]
    fn loop_returns_first_success_and_does_not_retry_4xx() {
        let mut calls = 0;
        let result = run(&plan(Resend::Allowed, 5, &|_| Ok(())), || {
            calls += 1;
            if calls < 3 {
                Err(failed(api(503, None), true))
            } else {
                Ok((calls, 200))
            }
        });
        assert_eq!(result.unwrap(), 3);

        let mut calls = 0;
        let result: Result<(), Error> = run(&plan(Resend::Allowed, 5, &|_| Ok(())), || {
            calls += 1;
            Err(failed(api(404, None), true))
        });
        assert_eq!(calls, 1);
        assert_eq!(result.unwrap_err().status(), Some(404));
    }

    #[test]
    fn a_rotation_is_retried_only_while_nothing_was_sent() {
        let mut calls = 0;
        let result: Result<(), Error> = run(&plan(Resend::OnlyIfUnsent, 2, &|_| Ok(())), || {
            calls += 1;
            Err(failed(Error::Timeout { attempts: 1 }, true))
        });
        assert_eq!(
            (calls, result.unwrap_err()),
            (1, Error::Timeout { attempts: 1 })
        );

        let mut calls = 0;
        let refused = || Error::Connection {
            reason: "connection refused".into(),
            attempts: 1,
        };
        let result: Result<(), Error> = run(&plan(Resend::OnlyIfUnsent, 2, &|_| Ok(())), || {
            calls += 1;
            Err(failed(refused(), false))
        });
        assert_eq!(calls, 3);
        assert!(matches!(result, Err(Error::Connection { attempts: 3, .. })));
    }

    #[test]
    fn a_cancelled_wait_ends_the_loop() {
        let mut calls = 0;
        let result: Result<(), Error> =
            run(&plan(Resend::Allowed, 5, &|_| Err(call::Cancelled)), || {
                calls += 1;
                Err(failed(api(503, None), true))
            });
        assert_eq!((calls, result.unwrap_err()), (1, Error::Cancelled));
    }
}
