//! The binary's interface, as the C and Python suites use it: two URLs on stdout, the control
//! endpoint, scripted answers, and exiting when stdin closes.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Sends one HTTP/1.1 request to `url` (`http://127.0.0.1:PORT/path`) and returns the status
/// and body.
fn call(method: &str, url: &str, body: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").expect("http URL");
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(authority).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read answer");
    let status = answer[9..12].parse().expect("status");
    let body = answer.split_once("\r\n\r\n").expect("head").1.to_owned();
    (status, body)
}

fn spawn(args: &[&str]) -> (Child, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ayrshare-faultserver"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start ayrshare-faultserver");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = lines.next().unwrap().unwrap();
    let control = lines.next().unwrap().unwrap();
    (child, base, control)
}

#[test]
fn serves_the_script_reports_stats_and_resets() {
    let (mut child, base, control) = spawn(&["--exit-on-stdin-eof", "503,200", "404"]);
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/api"),
        "{base}"
    );
    assert!(control.starts_with("http://127.0.0.1:"), "{control}");

    let hook = format!("{base}/hook/webhook");
    assert_eq!(call("GET", &hook, "").0, 503);
    let (status, listed) = call("GET", &hook, "");
    assert_eq!(status, 200);
    assert!(
        listed.contains(r#""feed":"https://example.com/hooks/feed""#),
        "{listed}"
    );
    let (status, error) = call("DELETE", &hook, r#"{"action":"feed"}"#);
    assert_eq!(status, 404);
    assert!(error.contains(r#""code":1404"#), "{error}");

    let (status, stats) = call("GET", &format!("{control}/stats"), "");
    assert_eq!(status, 200);
    assert_eq!(
        stats,
        r#"{"connections":3,"requests":3,"handshakes":0,"tls_connections":0,"script":"503,200,404"}"#
    );

    let (status, stats) = call("POST", &format!("{control}/reset"), "429:7");
    assert_eq!(status, 200);
    assert_eq!(
        stats,
        r#"{"connections":0,"requests":0,"handshakes":0,"tls_connections":0,"script":"429:7"}"#
    );
    let (status, limited) = call("POST", &format!("{base}/hook/webhook/secret"), "{}");
    assert_eq!(status, 429);
    assert!(limited.contains("Too Many Requests"), "{limited}");
    assert_eq!(call("POST", &format!("{control}/reset"), "nope").0, 400);
    assert_eq!(call("GET", &format!("{control}/other"), "").0, 404);

    drop(child.stdin.take()); // closing stdin ends the server
    assert!(child.wait().expect("exit").success());
}

#[test]
fn rejects_a_bad_script_and_prints_a_closed_url() {
    let status = Command::new(env!("CARGO_BIN_EXE_ayrshare-faultserver"))
        .arg("teapot")
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));

    let output = Command::new(env!("CARGO_BIN_EXE_ayrshare-faultserver"))
        .arg("--closed-url")
        .output()
        .unwrap();
    let url = String::from_utf8(output.stdout).unwrap();
    let authority = url
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches("/api");
    let refused = TcpStream::connect(authority).unwrap_err();
    assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);
}
