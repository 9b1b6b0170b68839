//! The benchmark's server: a minimal HTTP/1.1 keep-alive server answering
//! `POST /api/hook/webhook` with the documented success body, one thread per connection,
//! counting the connections it accepts and the requests it answers.
//!
//! It is kept cheap on purpose so it is never the bottleneck: the answers are pre-built bytes,
//! and a request is parsed only as far as needed to find where it ends (the header block, then
//! `Content-Length` bytes of body) and which answer it gets.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// The documented success body of a registration.
pub const SUCCESS_BODY: &str = r#"{"status":"success","action":"scheduled","url":"https://mysite.com/hook","refId":"3dc079614bdc3f281d9"}"#;
const NOT_FOUND_BODY: &str = r#"{"status":"error","code":404,"message":"not found"}"#;
const BAD_REQUEST_BODY: &str = r#"{"status":"error","code":400,"message":"unsupported request"}"#;
/// The path every client calls.
pub const ROUTE: &[u8] = b"POST /api/hook/webhook ";
/// Largest request accepted (header block plus body).
const MAX_REQUEST: usize = 64 * 1024;

/// What the server has done so far.
#[derive(Default)]
pub struct Counters {
    connections: AtomicU64,
    requests: AtomicU64,
    errors: AtomicU64,
}

/// A snapshot of [`Counters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Snapshot {
    pub connections: u64,
    pub requests: u64,
    pub errors: u64,
}

impl Counters {
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            connections: self.connections.load(Ordering::SeqCst),
            requests: self.requests.load(Ordering::SeqCst),
            errors: self.errors.load(Ordering::SeqCst),
        }
    }
}

impl std::ops::Sub for Snapshot {
    type Output = Snapshot;
    fn sub(self, earlier: Snapshot) -> Snapshot {
        Snapshot {
            connections: self.connections - earlier.connections,
            requests: self.requests - earlier.requests,
            errors: self.errors - earlier.errors,
        }
    }
}

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
    pub counters: Arc<Counters>,
}

fn response(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Starts the server on an ephemeral loopback port; its threads live as long as the process.
pub fn start() -> io::Result<Server> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let counters = Arc::new(Counters::default());
    let answers = Arc::new(Answers {
        ok: response("200 OK", SUCCESS_BODY),
        not_found: response("404 Not Found", NOT_FOUND_BODY),
        bad_request: response("400 Bad Request", BAD_REQUEST_BODY),
    });
    let shared = Arc::clone(&counters);
    thread::Builder::new()
        .name("bench-accept".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                shared.connections.fetch_add(1, Ordering::SeqCst);
                let counters = Arc::clone(&shared);
                let answers = Arc::clone(&answers);
                let spawned = thread::Builder::new()
                    .name("bench-conn".into())
                    .stack_size(256 * 1024)
                    .spawn(move || serve_connection(stream, &counters, &answers));
                if spawned.is_err() {
                    shared.errors.fetch_add(1, Ordering::SeqCst);
                }
            }
        })?;
    Ok(Server { addr, counters })
}

struct Answers {
    ok: Vec<u8>,
    not_found: Vec<u8>,
    bad_request: Vec<u8>,
}

/// Where one request ends and which answer it gets.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    /// More bytes are needed.
    Incomplete,
    /// A whole request of `len` bytes; `known` when it is the benchmarked route.
    Request { len: usize, known: bool },
    /// Something this server does not support (chunked bodies, no length on a POST, junk).
    Unsupported,
}

/// Finds the end of the first request in `buf`.
pub fn parse(buf: &[u8]) -> Parsed {
    let Some(head_end) = find(buf, b"\r\n\r\n") else {
        return if buf.len() > MAX_REQUEST {
            Parsed::Unsupported
        } else {
            Parsed::Incomplete
        };
    };
    let head = &buf[..head_end];
    let mut body_len = 0usize;
    for line in head.split(|&b| b == b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        if name.eq_ignore_ascii_case(b"content-length") {
            match parse_decimal(value) {
                Some(n) if n <= MAX_REQUEST => body_len = n,
                _ => return Parsed::Unsupported,
            }
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            return Parsed::Unsupported;
        }
    }
    let len = head_end + 4 + body_len;
    if buf.len() < len {
        return Parsed::Incomplete;
    }
    Parsed::Request {
        len,
        known: head.starts_with(ROUTE),
    }
}

/// A decimal number with optional surrounding spaces.
pub fn parse_decimal(text: &[u8]) -> Option<usize> {
    let text = text.trim_ascii();
    if text.is_empty() || text.len() > 12 {
        return None;
    }
    text.iter().try_fold(0usize, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + usize::from(b - b'0'))
    })
}

/// The position of `needle` in `haystack`.
pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn serve_connection(mut stream: TcpStream, counters: &Counters, answers: &Answers) {
    if stream.set_nodelay(true).is_err() {
        counters.errors.fetch_add(1, Ordering::SeqCst);
        return;
    }
    let mut buf = vec![0u8; MAX_REQUEST + 4096];
    let (mut start, mut end) = (0usize, 0usize);
    loop {
        match parse(&buf[start..end]) {
            Parsed::Request { len, known } => {
                let answer = if known {
                    &answers.ok
                } else {
                    counters.errors.fetch_add(1, Ordering::SeqCst);
                    &answers.not_found
                };
                if stream.write_all(answer).is_err() {
                    return;
                }
                counters.requests.fetch_add(1, Ordering::SeqCst);
                start += len;
                if start == end {
                    (start, end) = (0, 0);
                }
            }
            Parsed::Unsupported => {
                counters.errors.fetch_add(1, Ordering::SeqCst);
                let _ = stream.write_all(&answers.bad_request);
                return;
            }
            Parsed::Incomplete => {
                if start > 0 {
                    buf.copy_within(start..end, 0);
                    (start, end) = (0, end - start);
                }
                match stream.read(&mut buf[end..]) {
                    Ok(0) | Err(_) => return,
                    Ok(n) => end += n,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_requests_with_and_without_bodies() {
        let req = b"POST /api/hook/webhook HTTP/1.1\r\nHost: x\r\ncontent-length: 3\r\n\r\nabcGET";
        assert_eq!(
            parse(req),
            Parsed::Request {
                len: req.len() - 3,
                known: true
            }
        );
        assert_eq!(parse(&req[..req.len() - 4]), Parsed::Incomplete);
        let get = b"GET /api/hook/webhook HTTP/1.1\r\n\r\n";
        assert_eq!(
            parse(get),
            Parsed::Request {
                len: get.len(),
                known: false
            }
        );
        let chunked = b"POST /api/hook/webhook HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert_eq!(parse(chunked), Parsed::Unsupported);
        assert_eq!(parse_decimal(b" 42 "), Some(42));
        assert_eq!(parse_decimal(b"4x"), None);
    }

    #[test]
    fn answers_keep_alive_requests_on_one_connection() {
        let server = start().unwrap();
        let mut stream = TcpStream::connect(server.addr).unwrap();
        let body = br#"{"action":"scheduled","url":"https://mysite.com/hook"}"#;
        let request = format!(
            "POST /api/hook/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        for _ in 0..3 {
            stream.write_all(request.as_bytes()).unwrap();
            stream.write_all(body).unwrap();
            let mut got = vec![0u8; 4096];
            let mut have = 0;
            while find(&got[..have], SUCCESS_BODY.as_bytes()).is_none() {
                let n = stream.read(&mut got[have..]).unwrap();
                assert!(n > 0);
                have += n;
            }
            assert!(got.starts_with(b"HTTP/1.1 200 OK\r\n"));
        }
        drop(stream);
        // The server counts a request after answering it, on its own thread: give the last
        // count a moment to land.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while server.counters.snapshot().requests < 3 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let seen = server.counters.snapshot();
        assert_eq!(seen.connections, 1);
        assert_eq!(seen.requests, 3);
        assert_eq!(seen.errors, 0);
    }
}
