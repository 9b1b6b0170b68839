//! The fault cases of issue 5, against the scripted fault server: each ends with the exact
//! typed error (or success), after the exact number of requests, within a bounded time.

mod faultkit;

use std::time::Duration;

use ayrshare_faultserver::{FaultServer, closed_base_url, error_code, error_message};
use ayrshare_webhooks::{Action, Error, MAX_RESPONSE_BYTES};
use faultkit::{
    MARGIN, MAX_BACKOFF_TWO_RETRIES, TIMEOUT, assert_elapsed, client, client_with_timeout,
    register, timed,
};

/// Three attempts that each run into the 1 s timeout, and two backoffs in between.
fn three_timeouts_bounds() -> (Duration, Duration) {
    let min = TIMEOUT * 3 - Duration::from_millis(50);
    (min, TIMEOUT * 3 + MAX_BACKOFF_TWO_RETRIES + MARGIN)
}

fn assert_connection_error(case: &str, err: &Error, attempts: u32, reason_has: &str) {
    match err {
        Error::Connection {
            reason,
            attempts: made,
        } => {
            assert_eq!(*made, attempts, "{case}: {err:?}");
            assert!(reason.contains(reason_has), "{case}: {reason}");
        }
        other => panic!("{case}: expected a connection error, got {other:?}"),
    }
}

/// Case 1: the server accepts, reads the request and never answers.
#[test]
fn case_01_silent_server_times_out_after_every_attempt() {
    let server = FaultServer::start("silent");
    let (result, elapsed) = timed(|| register(&client(&server.base_url(), 2)));
    assert_eq!(result.unwrap_err(), Error::Timeout { attempts: 3 });
    assert_eq!((server.requests(), server.connections()), (3, 3));
    let (min, max) = three_timeouts_bounds();
    assert_elapsed("silent", elapsed, min, max);
}

/// Case 2: headers with a Content-Length, then no body.
#[test]
fn case_02_stalled_body_times_out() {
    let server = FaultServer::start("stall-body");
    let (result, elapsed) = timed(|| client(&server.base_url(), 2).list_webhooks());
    assert_eq!(result.unwrap_err(), Error::Timeout { attempts: 3 });
    assert_eq!((server.requests(), server.connections()), (3, 3));
    let (min, max) = three_timeouts_bounds();
    assert_elapsed("stall-body", elapsed, min, max);
}

/// Case 3: half an answer, then a TCP reset. ureq reads a reset during the body as the peer
/// going away, so the reason speaks of a closed connection.
#[test]
fn case_03_reset_mid_response_is_a_retried_connection_error() {
    let server = FaultServer::start("reset");
    let (result, elapsed) =
        timed(|| client(&server.base_url(), 2).unregister_webhook(Action::Feed));
    assert_connection_error("reset", &result.unwrap_err(), 3, "closed");
    assert_eq!((server.requests(), server.connections()), (3, 3));
    assert_elapsed(
        "reset",
        elapsed,
        Duration::from_millis(750),
        MAX_BACKOFF_TWO_RETRIES + MARGIN,
    );
}

/// Case 4: the request is read, then the connection is closed without an answer.
#[test]
fn case_04_close_before_answering_is_a_retried_connection_error() {
    let server = FaultServer::start("close");
    let (result, elapsed) =
        timed(|| client(&server.base_url(), 2).unregister_webhook(Action::Feed));
    assert_connection_error("close", &result.unwrap_err(), 3, "closed");
    assert_eq!((server.requests(), server.connections()), (3, 3));
    assert_elapsed(
        "close",
        elapsed,
        Duration::from_millis(750),
        MAX_BACKOFF_TWO_RETRIES + MARGIN,
    );
}

/// Case 5: a complete, valid success body, but a Content-Length 100 bytes longer; then close.
#[test]
fn case_05_truncated_body_is_never_a_success() {
    let server = FaultServer::start("truncated");
    let (result, elapsed) = timed(|| register(&client(&server.base_url(), 2)));
    assert_connection_error("truncated", &result.unwrap_err(), 3, "closed");
    assert_eq!((server.requests(), server.connections()), (3, 3));
    assert_elapsed(
        "truncated",
        elapsed,
        Duration::from_millis(750),
        MAX_BACKOFF_TWO_RETRIES + MARGIN,
    );
}

/// Case 6: a valid 10 MiB JSON success body ends at the 1 MiB cap with a decode error, which
/// is not retried (the same answer would come again). Memory is measured in `fault_memory.rs`.
#[test]
fn case_06_huge_body_stops_at_the_cap() {
    let server = FaultServer::start("huge");
    let (result, elapsed) = timed(|| client(&server.base_url(), 2).list_webhooks());
    match result.unwrap_err() {
        Error::Decode {
            status: Some(200),
            reason,
            snippet,
            ..
        } => {
            assert!(
                reason.contains(&format!("{MAX_RESPONSE_BYTES}-byte limit")),
                "{reason}"
            );
            assert!(snippet.is_empty(), "{snippet}");
        }
        other => panic!("huge: {other:?}"),
    }
    assert_eq!((server.requests(), server.connections()), (1, 1));
    assert_elapsed("huge", elapsed, Duration::ZERO, MARGIN);
}

/// Case 6, variant: a 10 KiB gzip body that inflates to 10 MiB is cut at the same cap, which
/// counts inflated bytes.
#[test]
fn case_06b_gzip_bomb_stops_at_the_cap() {
    let server = FaultServer::start("gzip-bomb");
    let (result, elapsed) = timed(|| register(&client(&server.base_url(), 2)));
    match result.unwrap_err() {
        Error::Decode {
            status: Some(200),
            reason,
            ..
        } => assert!(
            reason.contains(&format!("{MAX_RESPONSE_BYTES}-byte limit")),
            "{reason}"
        ),
        other => panic!("gzip-bomb: {other:?}"),
    }
    assert_eq!((server.requests(), server.connections()), (1, 1));
    assert_elapsed("gzip-bomb", elapsed, Duration::ZERO, MARGIN);
}

/// Case 7: bytes that are not HTTP.
#[test]
fn case_07_garbage_is_a_connection_error() {
    let server = FaultServer::start("garbage");
    let (result, elapsed) = timed(|| client(&server.base_url(), 2).list_webhooks());
    assert_connection_error("garbage", &result.unwrap_err(), 3, "not valid HTTP");
    assert_eq!((server.requests(), server.connections()), (3, 3));
    assert_elapsed(
        "garbage",
        elapsed,
        Duration::ZERO,
        MAX_BACKOFF_TWO_RETRIES + MARGIN,
    );
}

/// Case 7, variant: the request's own bytes sent back (a request line is not a status line).
#[test]
fn case_07b_mirrored_request_is_a_connection_error() {
    let server = FaultServer::start("mirror");
    let (result, _) = timed(|| register(&client(&server.base_url(), 0)));
    assert_connection_error("mirror", &result.unwrap_err(), 1, "not valid HTTP");
    assert_eq!((server.requests(), server.connections()), (1, 1));
}

/// Case 8: nothing listens on the port. With 10 s timeouts, finishing in a few seconds proves
/// no timeout was waited for; only the two backoffs are.
#[test]
fn case_08_refused_connection_fails_quickly() {
    let (result, elapsed) = timed(|| {
        client_with_timeout(&closed_base_url(), 2, Duration::from_secs(10)).list_webhooks()
    });
    assert_connection_error("refused", &result.unwrap_err(), 3, "refused");
    assert_elapsed(
        "refused",
        elapsed,
        Duration::from_millis(750),
        MAX_BACKOFF_TWO_RETRIES + MARGIN,
    );
}

/// Case 9: a valid answer, one byte every 100 ms. Each read succeeds quickly, so only a bound
/// on the whole attempt can stop it.
#[test]
fn case_09_drip_times_out_at_the_whole_attempt_bound() {
    let server = FaultServer::start("drip");
    let (result, elapsed) = timed(|| register(&client(&server.base_url(), 2)));
    assert_eq!(result.unwrap_err(), Error::Timeout { attempts: 3 });
    assert_eq!((server.requests(), server.connections()), (3, 3));
    let (min, max) = three_timeouts_bounds();
    assert_elapsed("drip", elapsed, min, max);
}

/// Case 9, variant: the headers at once, the body one byte every 100 ms.
#[test]
fn case_09b_body_drip_times_out_at_the_whole_attempt_bound() {
    let server = FaultServer::start("drip-body");
    let (result, elapsed) = timed(|| client(&server.base_url(), 2).list_webhooks());
    assert_eq!(result.unwrap_err(), Error::Timeout { attempts: 3 });
    assert_eq!((server.requests(), server.connections()), (3, 3));
    let (min, max) = three_timeouts_bounds();
    assert_elapsed("drip-body", elapsed, min, max);
}

/// Case 10: 503, 503, 200 succeeds with exactly three requests, on one kept-alive connection.
#[test]
fn case_10_two_503s_then_success() {
    let server = FaultServer::start("503,503,200");
    let (result, elapsed) = timed(|| register(&client(&server.base_url(), 2)));
    let hook = result.unwrap();
    assert_eq!(hook.action, Action::Scheduled);
    assert_eq!(hook.ref_id.as_deref(), Some(ayrshare_faultserver::REF_ID));
    assert_eq!((server.requests(), server.connections()), (3, 1));
    assert_elapsed(
        "503,503,200",
        elapsed,
        Duration::from_millis(750),
        MAX_BACKOFF_TWO_RETRIES + MARGIN,
    );
}

/// Case 10: 503 forever is a server error after exactly three requests.
#[test]
fn case_10b_503_forever_is_a_server_error_after_three_requests() {
    let server = FaultServer::start("503");
    let (result, _) = timed(|| client(&server.base_url(), 2).list_webhooks());
    match result.unwrap_err() {
        Error::Api {
            status: 503,
            code,
            message,
            retry_after: None,
            ..
        } => {
            assert_eq!(code, Some(error_code(503)));
            assert_eq!(message, error_message(503));
        }
        other => panic!("503: {other:?}"),
    }
    assert_eq!((server.requests(), server.connections()), (3, 1));
}

/// Case 11: `Retry-After: 1` is waited out, then the call succeeds.
#[test]
fn case_11_short_retry_after_is_waited_out() {
    let server = FaultServer::start("429:1,200");
    let (result, elapsed) = timed(|| client(&server.base_url(), 2).list_webhooks());
    let list = result.unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!((server.requests(), server.connections()), (2, 1));
    assert_elapsed(
        "429:1",
        elapsed,
        Duration::from_secs(1),
        Duration::from_secs(1) + MARGIN,
    );
}

/// Case 11: `Retry-After: 3600` comes back at once as `RateLimited`, carrying the wait.
#[test]
fn case_11b_long_retry_after_returns_at_once() {
    let server = FaultServer::start("429:3600");
    let (result, elapsed) = timed(|| register(&client(&server.base_url(), 2)));
    match result.unwrap_err() {
        Error::RateLimited {
            retry_after, code, ..
        } => {
            assert_eq!(retry_after, Some(Duration::from_secs(3600)));
            assert_eq!(code, Some(error_code(429)));
        }
        other => panic!("429:3600: {other:?}"),
    }
    assert_eq!(server.requests(), 1);
    assert_elapsed("429:3600", elapsed, Duration::ZERO, MARGIN);
}

/// Case 11: a 429 without `Retry-After` is not retried.
#[test]
fn case_11c_429_without_retry_after_returns_at_once() {
    let server = FaultServer::start("429");
    let (result, elapsed) = timed(|| client(&server.base_url(), 2).list_webhooks());
    match result.unwrap_err() {
        Error::RateLimited { retry_after, .. } => assert_eq!(retry_after, None),
        other => panic!("429: {other:?}"),
    }
    assert_eq!(server.requests(), 1);
    assert_elapsed("429", elapsed, Duration::ZERO, MARGIN);
}

/// Case 11: 400, 401, 403 and 404 are never retried.
#[test]
fn case_11d_client_errors_are_not_retried() {
    for status in [400u16, 401, 403, 404] {
        let server = FaultServer::start(&status.to_string());
        let (result, elapsed) = timed(|| register(&client(&server.base_url(), 2)));
        match result.unwrap_err() {
            Error::Api {
                status: got,
                code,
                message,
                ..
            } => {
                assert_eq!(got, status);
                assert_eq!(code, Some(error_code(status)));
                assert_eq!(message, error_message(status));
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(server.requests(), 1, "{status}");
        assert_elapsed(&status.to_string(), elapsed, Duration::ZERO, MARGIN);
    }
}

/// A server that closes each connection right after a complete answer (a short keep-alive
/// timeout): every call succeeds on a new connection. (Should a request race the server's
/// close on a pooled connection, that attempt fails before the server reads it, and the retry
/// opens a new connection: the counts are the same.)
#[test]
fn connections_closed_after_an_answer_are_not_reused() {
    let server = FaultServer::start("hangup");
    let client = client(&server.base_url(), 2);
    for _ in 0..3 {
        assert_eq!(client.list_webhooks().unwrap().len(), 2);
    }
    assert_eq!((server.requests(), server.connections()), (3, 3));
}

/// A pooled connection the server closed while it sat idle is checked before it is used and
/// never gets a request: with no retries at all, every call still succeeds, each on a new
/// connection, and the server sees each request exactly once.
#[test]
fn a_connection_closed_while_idle_is_dropped_before_use() {
    let server = FaultServer::start("hangup");
    let client = client(&server.base_url(), 0);
    for closed in 1..=3 {
        assert_eq!(client.list_webhooks().unwrap().len(), 2);
        // The server has closed the pooled connection (its FIN is on the loopback at once).
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while server.closed() < closed && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(server.closed(), closed);
    }
    assert_eq!((server.requests(), server.connections()), (3, 3));
}

/// Well-formed answers keep the connection: four operations, one connection.
#[test]
fn keep_alive_carries_every_operation_on_one_connection() {
    let server = FaultServer::start("200");
    let client = client(&server.base_url(), 0);
    assert_eq!(register(&client).unwrap().action, Action::Scheduled);
    assert_eq!(client.list_webhooks().unwrap().len(), 2);
    client.unregister_webhook(Action::Scheduled).unwrap();
    client.rotate_webhook_secret("new-secret").unwrap();
    assert_eq!((server.requests(), server.connections()), (4, 1));
}
