//! What one attempt hands down to the transport: the caller's cancellation check, the
//! credentials to put on the wire, and whether any byte of the request has been sent.
//!
//! ureq runs a request on the calling thread from the first byte to the last (connecting, the
//! TLS handshake, writing, reading the answer), and the connector and transport traits carry
//! nothing per request. So the attempt's context lives in a thread-local for exactly the span of
//! [`run`], and the transport reads it there: [`check_cancel`] at every wake-up of a wait,
//! [`on_transmit`] when output leaves the top of the transport stack.

use std::cell::RefCell;
use std::fmt;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::seal::{self, Credentials};

/// The caller's "should this call stop?" check, polled at least every [`WAKE_INTERVAL`]
/// while a call waits. `true` stops the call with [`Error::Cancelled`](crate::Error::Cancelled).
pub(crate) type CancelCheck = Arc<dyn Fn() -> bool + Send + Sync>;

/// Longest a wait inside a call (DNS, connect, write, read, backoff) sleeps before it checks
/// whether the caller wants to stop.
pub(crate) const WAKE_INTERVAL: Duration = Duration::from_millis(100);

/// The context of one attempt.
pub(crate) struct Attempt {
    cancel: Option<CancelCheck>,
    credentials: Credentials,
    /// The request head still holds the credentials' placeholders.
    head_pending: bool,
    /// Some output of this attempt has left the top of the transport stack.
    sent: bool,
    /// When the cancellation check last ran (see [`check_cancel_if_due`]).
    last_check: Instant,
}

impl Attempt {
    pub(crate) fn new(cancel: Option<CancelCheck>, credentials: Credentials) -> Self {
        Self {
            cancel,
            credentials,
            head_pending: true,
            sent: false,
            last_check: Instant::now(),
        }
    }

    /// Whether any byte of the request may have reached the server.
    pub(crate) fn sent(&self) -> bool {
        self.sent
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Attempt>> = const { RefCell::new(None) };
}

/// Runs `body` with `attempt` as the current context, and gives the context back with what the
/// transport recorded in it. The previous context (none, unless a cancellation check itself
/// made a call) is restored afterwards, also when `body` panics.
pub(crate) fn run<T>(attempt: Attempt, body: impl FnOnce() -> T) -> (T, Attempt) {
    struct Restore(Option<Option<Attempt>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(previous) = self.0.take() {
                CURRENT.with(|current| *current.borrow_mut() = previous);
            }
        }
    }
    let previous = CURRENT.with(|current| current.borrow_mut().replace(attempt));
    let mut restore = Restore(Some(previous));
    let value = body();
    let previous = restore.0.take().unwrap_or_default();
    let attempt = CURRENT.with(|current| std::mem::replace(&mut *current.borrow_mut(), previous));
    (
        value,
        attempt.expect("the attempt's context is in place until it ends"),
    )
}

/// The error a wait returns when the caller asked to stop; [`is_cancelled`] recognises it
/// wherever ureq or rustls passes it up.
#[derive(Debug)]
pub(crate) struct Cancelled;

impl fmt::Display for Cancelled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the call was cancelled by the caller")
    }
}

impl std::error::Error for Cancelled {}

/// `Err` when the current call's cancellation check says stop. The check runs with no borrow
/// of the context held, so it may itself run code that calls the SDK.
pub(crate) fn check_cancel() -> io::Result<()> {
    let check = CURRENT.with(|current| {
        current
            .borrow()
            .as_ref()
            .and_then(|attempt| attempt.cancel.clone())
    });
    match check {
        Some(check) if check() => Err(io::Error::other(Cancelled)),
        _ => Ok(()),
    }
}

/// [`check_cancel`] when it last ran [`WAKE_INTERVAL`] ago or more: called before every read
/// and write, so a wait whose reads each return quickly (a server dripping its answer) still
/// checks as often as one that times out.
pub(crate) fn check_cancel_if_due() -> io::Result<()> {
    let due = CURRENT.with(|current| {
        let mut current = current.borrow_mut();
        match current.as_mut() {
            Some(attempt) if attempt.cancel.is_some() => {
                let now = Instant::now();
                let due = now.duration_since(attempt.last_check) >= WAKE_INTERVAL;
                if due {
                    attempt.last_check = now;
                }
                due
            }
            _ => false,
        }
    });
    if due { check_cancel() } else { Ok(()) }
}

/// Whether `error` is, or wraps, the error of [`check_cancel`].
pub(crate) fn is_cancelled(error: &io::Error) -> bool {
    error.get_ref().is_some_and(|inner| inner.is::<Cancelled>())
}

/// Sleeps for `wait`, waking every [`WAKE_INTERVAL`] to check for cancellation.
pub(crate) fn sleep(wait: Duration, cancel: Option<&CancelCheck>) -> Result<(), Cancelled> {
    let until = Instant::now() + wait;
    loop {
        if cancel.is_some_and(|check| check()) {
            return Err(Cancelled);
        }
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(());
        }
        std::thread::sleep(left.min(WAKE_INTERVAL));
    }
}

/// Called with the bytes about to leave the top of the transport stack: the first output of
/// an attempt is its request head, whose credential placeholders are filled in here, as late
/// as possible (see [`crate::seal`]); any output marks the attempt as sent.
pub(crate) fn on_transmit(output: &mut [u8]) -> io::Result<()> {
    CURRENT.with(|current| {
        let mut current = current.borrow_mut();
        let Some(attempt) = current.as_mut() else {
            return Ok(());
        };
        if attempt.head_pending {
            seal::unseal(output, &attempt.credentials)?;
            attempt.head_pending = false;
        }
        attempt.sent = true;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn attempt(cancel: Option<CancelCheck>) -> Attempt {
        Attempt::new(cancel, Credentials::default())
    }

    #[test]
    fn the_context_is_visible_only_inside_run() {
        assert!(check_cancel().is_ok());
        let stop: CancelCheck = Arc::new(|| true);
        let ((), done) = run(attempt(Some(stop)), || {
            assert!(is_cancelled(&check_cancel().unwrap_err()));
        });
        assert!(!done.sent());
        assert!(check_cancel().is_ok(), "restored after the call");
    }

    #[test]
    fn transmitting_marks_the_attempt_sent() {
        let ((), done) = run(attempt(None), || {
            let mut bytes = *b"GET / HTTP/1.1\r\nhost: x\r\n\r\n";
            on_transmit(&mut bytes).unwrap();
        });
        assert!(done.sent());
    }

    #[test]
    fn a_panic_inside_run_restores_the_previous_context() {
        let result = std::panic::catch_unwind(|| {
            run(attempt(Some(Arc::new(|| true))), || panic!("inside"));
        });
        assert!(result.is_err());
        assert!(check_cancel().is_ok());
    }

    #[test]
    fn sleep_wakes_to_check_and_stops_early() {
        let flag = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&flag);
        let check: CancelCheck = Arc::new(move || seen.load(Ordering::SeqCst));
        let setter = std::thread::spawn({
            let flag = Arc::clone(&flag);
            move || {
                std::thread::sleep(Duration::from_millis(150));
                flag.store(true, Ordering::SeqCst);
            }
        });
        let started = Instant::now();
        assert!(sleep(Duration::from_secs(10), Some(&check)).is_err());
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_millis(400), "{elapsed:?}");
        setter.join().unwrap();
        assert!(sleep(Duration::from_millis(1), None).is_ok());
    }
}
