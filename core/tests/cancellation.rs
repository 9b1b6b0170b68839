//! Calls stop early when the client's cancellation check says so, whatever they are waiting
//! for, and a rotation is never re-sent once it may have reached the server.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ayrshare_faultserver::FaultServer;
use ayrshare_webhooks::{Client, Error};

/// A client of `server` whose calls stop once the returned flag is set, with a long timeout
/// (the call must end because of the flag, not the timeout).
fn cancellable(server: &FaultServer, max_retries: u32) -> (Client, Arc<AtomicBool>) {
    let flag = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&flag);
    let client = Client::builder()
        .api_key("cancel-test-key")
        .base_url(server.base_url())
        .timeout(Duration::from_secs(30))
        .max_retries(max_retries)
        .cancel_when(move || seen.load(Ordering::SeqCst))
        .build()
        .unwrap();
    (client, flag)
}

/// Sets `flag` after `delay`, on another thread.
fn set_after(flag: &Arc<AtomicBool>, delay: Duration) -> std::thread::JoinHandle<()> {
    let flag = Arc::clone(flag);
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        flag.store(true, Ordering::SeqCst);
    })
}

fn assert_cancelled_soon(what: &str, err: &Error, elapsed: Duration) {
    assert_eq!(*err, Error::Cancelled, "{what}");
    assert!(!err.is_retryable());
    // Set at 300 ms; the wait wakes at least every 100 ms, so the call ends by about 400 ms
    // (1.5 s allows for a busy machine; the timeout it would otherwise reach is 30 s).
    assert!(
        elapsed >= Duration::from_millis(290) && elapsed < Duration::from_millis(1500),
        "{what}: {elapsed:?}"
    );
}

#[test]
fn a_call_waiting_for_a_silent_server_stops_when_cancelled() {
    let server = FaultServer::start("silent");
    let (client, flag) = cancellable(&server, 2);
    let started = Instant::now();
    let setter = set_after(&flag, Duration::from_millis(300));
    let err = client.list_webhooks().unwrap_err();
    assert_cancelled_soon("silent", &err, started.elapsed());
    setter.join().unwrap();
    assert_eq!(server.requests(), 1, "not retried");
}

#[test]
fn a_call_reading_a_slow_answer_stops_when_cancelled() {
    let server = FaultServer::start("drip-body");
    let (client, flag) = cancellable(&server, 2);
    let started = Instant::now();
    let setter = set_after(&flag, Duration::from_millis(300));
    let err = client.list_webhooks().unwrap_err();
    assert_cancelled_soon("drip-body", &err, started.elapsed());
    setter.join().unwrap();
}

#[test]
fn the_wait_before_a_retry_stops_when_cancelled() {
    // A 503 with Retry-After: 30 s would be waited out; cancelled 300 ms into it.
    let server = FaultServer::start("503:30");
    let (client, flag) = cancellable(&server, 2);
    let started = Instant::now();
    let setter = set_after(&flag, Duration::from_millis(300));
    let err = client.list_webhooks().unwrap_err();
    assert_cancelled_soon("backoff", &err, started.elapsed());
    setter.join().unwrap();
    assert_eq!(server.requests(), 1);
}

#[test]
fn a_clone_can_carry_its_own_check() {
    let server = FaultServer::start("silent");
    let (client, _never) = cancellable(&server, 0);
    let flag = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&flag);
    let per_call = client.with_cancel_when(move || seen.load(Ordering::SeqCst));
    let started = Instant::now();
    let setter = set_after(&flag, Duration::from_millis(300));
    let err = per_call.list_webhooks().unwrap_err();
    assert_cancelled_soon("with_cancel_when", &err, started.elapsed());
    setter.join().unwrap();
}

/// A rotation may have reached the server once its request was written: it is not re-sent
/// after a timeout, a 5xx or a reset, although the client allows two retries.
#[test]
fn a_rotation_is_sent_once() {
    for script in ["silent", "503", "reset"] {
        let server = FaultServer::start(script);
        let client = Client::builder()
            .api_key("rotation-test-key")
            .base_url(server.base_url())
            .timeout(Duration::from_secs(1))
            .max_retries(2)
            .build()
            .unwrap();
        let err = client.rotate_webhook_secret("new-secret").unwrap_err();
        assert_eq!(server.requests(), 1, "{script}: {err:?}");
        if script == "silent" {
            assert_eq!(err, Error::Timeout { attempts: 1 });
        }
        // Registering stays retried.
        server.reset(None);
        let _ = client.list_webhooks();
        assert_eq!(server.requests(), 3, "{script}: a listing is retried");
    }
    // Refused before anything was sent: a rotation is retried like any call.
    let closed = ayrshare_faultserver::closed_base_url();
    let client = Client::builder()
        .api_key("rotation-test-key")
        .base_url(closed)
        .max_retries(2)
        .build()
        .unwrap();
    let err = client.rotate_webhook_secret("new-secret").unwrap_err();
    assert!(
        matches!(err, Error::Connection { attempts: 3, .. }),
        "{err:?}"
    );
}
