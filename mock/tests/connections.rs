//! The mock's own connections: an idle or misbehaving client is closed, never served forever.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use ayrshare_webhooks::Client;
use support::{API_KEY, MockProcess};

fn connect(mock: &MockProcess) -> TcpStream {
    let authority = mock
        .base_url
        .trim_start_matches("http://")
        .trim_end_matches("/api");
    let stream = TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

/// Reads until the mock closes the connection: what it sent, and how long that took.
fn read_to_close(stream: &mut TcpStream) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .expect("the mock closes the connection before the test's 5 s read timeout");
    (answer, started.elapsed())
}

/// Sends an authorised listing with `extra_headers` (each ending in CRLF) and reads the answer
/// until the mock closes the connection.
fn listing_until_closed(mock: &MockProcess, extra_headers: &str) -> String {
    let mut stream = connect(mock);
    write!(
        stream,
        "GET /api/hook/webhook HTTP/1.1\r\n{extra_headers}authorization: Bearer {API_KEY}\r\n\r\n"
    )
    .unwrap();
    let (answer, _) = read_to_close(&mut stream);
    String::from_utf8(answer).unwrap()
}

fn still_serves(mock: &MockProcess) {
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(&mock.base_url)
        .max_retries(0)
        .build()
        .unwrap();
    assert!(client.list_webhooks().unwrap().is_empty());
}

#[test]
fn a_connection_that_sends_nothing_is_closed_after_the_idle_timeout() {
    let mock = MockProcess::start(&["--idle-timeout-ms", "300"]);
    let mut silent = connect(&mock);
    let (answer, waited) = read_to_close(&mut silent);
    assert!(answer.is_empty(), "{answer:?}");
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(3),
        "closed after {waited:?}"
    );
    still_serves(&mock);
}

#[test]
fn a_kept_alive_connection_is_closed_once_idle_after_its_answer() {
    let mock = MockProcess::start(&["--idle-timeout-ms", "300"]);
    let answer = listing_until_closed(&mock, "host: x\r\n");
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
}

#[test]
fn an_overlong_header_line_closes_the_connection_unanswered() {
    let mock = MockProcess::start(&[]);
    let mut stream = connect(&mock);
    let long = "a".repeat(64 * 1024);
    // The mock may close while the line is still being written; what matters is what it answers.
    let _ = write!(
        stream,
        "GET /api/hook/webhook HTTP/1.1\r\nx-long: {long}\r\n\r\n"
    );
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    assert!(answer.is_empty(), "{:?}", String::from_utf8_lossy(&answer));
    still_serves(&mock);
}

#[test]
fn a_line_just_under_the_limit_is_served() {
    let mock = MockProcess::start(&[]);
    let long = "a".repeat(16 * 1024 - "x-long: \r\n".len());
    let answer = listing_until_closed(&mock, &format!("x-long: {long}\r\nconnection: close\r\n"));
    assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
}
