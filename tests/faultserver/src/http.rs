//! Just enough HTTP/1.1 to read a request and write bytes back, on a socket that gives up
//! promptly once the server is stopping.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How often a blocked read or write looks at the stop flag.
const POLL: Duration = Duration::from_millis(50);
/// Largest request head (request line and headers) read.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Largest request body read.
const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// A connection whose reads and writes wait as long as needed, but fail with an
/// [`io::ErrorKind::Other`] error within [`POLL`] once `stopping` is set.
pub(crate) struct Connection {
    stream: TcpStream,
    stopping: Arc<AtomicBool>,
}

impl Connection {
    /// Wraps an accepted stream.
    pub(crate) fn new(stream: TcpStream, stopping: Arc<AtomicBool>) -> io::Result<Connection> {
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(POLL))?;
        stream.set_write_timeout(Some(POLL))?;
        Ok(Connection { stream, stopping })
    }

    /// The socket itself, for closing tricks.
    pub(crate) fn stream(&self) -> &TcpStream {
        &self.stream
    }

    fn check_stopping(&self) -> io::Result<()> {
        if self.stopping.load(Ordering::SeqCst) {
            Err(io::Error::other("the fault server is stopping"))
        } else {
            Ok(())
        }
    }

    /// Writes all of `bytes`, however slowly the peer reads.
    pub(crate) fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut rest = bytes;
        while !rest.is_empty() {
            self.check_stopping()?;
            match self.stream.write(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => rest = &rest[n..],
                Err(e) if is_poll_timeout(&e) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Reads and discards until the peer closes, the connection fails, or the server stops.
    pub(crate) fn wait_for_close(&mut self) {
        let mut sink = [0u8; 4096];
        while let Ok(n) = self.read(&mut sink) {
            if n == 0 {
                break;
            }
        }
    }

    /// Sleeps for `duration`, or less if the server is stopping.
    pub(crate) fn pause(&self, duration: Duration) -> io::Result<()> {
        let mut left = duration;
        while !left.is_zero() {
            self.check_stopping()?;
            let step = left.min(POLL);
            std::thread::sleep(step);
            left -= step;
        }
        self.check_stopping()
    }
}

impl Read for Connection {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            self.check_stopping()?;
            match self.stream.read(buf) {
                Err(e) if is_poll_timeout(&e) => continue,
                other => return other,
            }
        }
    }
}

fn is_poll_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut | io::ErrorKind::Interrupted
    )
}

/// One request, as read.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The request target, such as `/api/hook/webhook`.
    pub target: String,
    /// The headers, in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
    /// Every byte of the request, head and body.
    pub raw: Vec<u8>,
}

impl Request {
    /// The first header named `name`, case-insensitively.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The target without its query string.
    pub(crate) fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// Whether the client asked to close the connection after this request.
    pub(crate) fn wants_close(&self) -> bool {
        self.header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"))
    }
}

/// Reads the next request; `Ok(None)` when the peer closed the connection between requests.
/// Bodies must carry a `Content-Length` (the SDK's requests always do).
pub(crate) fn read_request<R: Read>(reader: &mut BufReader<R>) -> io::Result<Option<Request>> {
    let mut raw = Vec::new();
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader
            .by_ref()
            .take((MAX_HEAD_BYTES - raw.len().min(MAX_HEAD_BYTES)) as u64 + 1)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return if raw.is_empty() {
                Ok(None)
            } else {
                Err(invalid("the request head ended early"))
            };
        }
        raw.extend_from_slice(&line);
        if raw.len() > MAX_HEAD_BYTES {
            return Err(invalid("the request head is too large"));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if lines.is_empty() {
                continue; // tolerate blank lines before a request line
            }
            break;
        }
        lines.push(text.to_owned());
    }
    let mut parts = lines[0].split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(invalid("bad request line"));
    };
    let (method, target) = (method.to_owned(), target.to_owned());
    let headers: Vec<(String, String)> = lines[1..]
        .iter()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let mut request = Request {
        method,
        target,
        headers,
        body: Vec::new(),
        raw,
    };
    let length = match request.header("content-length") {
        None => 0,
        Some(value) => value
            .parse::<usize>()
            .map_err(|_| invalid("bad Content-Length"))?,
    };
    if length > MAX_BODY_BYTES {
        return Err(invalid("the request body is too large"));
    }
    request.body.resize(length, 0);
    reader.read_exact(&mut request.body)?;
    request.raw.extend_from_slice(&request.body);
    Ok(Some(request))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// The reason phrase of `status`, or `Unknown`.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

/// The bytes of a complete answer with `Content-Length`, plus `extra_headers`
/// (each `"Name: value"`).
pub(crate) fn response(
    status: u16,
    content_type: &str,
    extra_headers: &[String],
    body: &[u8],
) -> Vec<u8> {
    let mut out = head(status, content_type, extra_headers, body.len());
    out.extend_from_slice(body);
    out
}

/// The status line and headers of an answer whose body is `length` bytes.
pub(crate) fn head(
    status: u16,
    content_type: &str,
    extra_headers: &[String],
    length: usize,
) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n",
        reason(status)
    );
    for header in extra_headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pipelined_requests_and_the_end() {
        let wire = b"POST /api/hook/webhook?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nbodyGET /s HTTP/1.1\r\n\r\n";
        let mut reader = BufReader::new(&wire[..]);
        let first = read_request(&mut reader).unwrap().unwrap();
        assert_eq!(first.method, "POST");
        assert_eq!(first.path(), "/api/hook/webhook");
        assert_eq!(first.header("HOST"), Some("h"));
        assert_eq!(first.body, b"body");
        assert!(first.raw.ends_with(b"\r\n\r\nbody"));
        let second = read_request(&mut reader).unwrap().unwrap();
        assert_eq!(
            (second.method.as_str(), second.target.as_str()),
            ("GET", "/s")
        );
        assert!(read_request(&mut reader).unwrap().is_none());
    }

    #[test]
    fn rejects_a_head_cut_short() {
        let mut reader = BufReader::new(&b"GET / HTTP/1.1\r\nHost"[..]);
        assert!(read_request(&mut reader).is_err());
    }
}
