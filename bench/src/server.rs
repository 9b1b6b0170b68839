//! The benchmark's server: a minimal HTTP/1.1 keep-alive server answering
//! `POST /api/hook/webhook` with the documented success body, over plain HTTP on one port and
//! over HTTPS (TLS 1.3 only, rustls) on another, one thread per connection, counting the
//! connections it accepts, the TLS handshakes it completes and the requests it answers.
//!
//! It is kept cheap on purpose so it is never the bottleneck: the answers are pre-built bytes,
//! and a request is parsed only as far as needed to find where it ends (the header block, then
//! `Content-Length` bytes of body) and which answer it gets. The HTTPS side presents a
//! certificate for `localhost` and `127.0.0.1`, issued at start-up by a CA made for this server
//! (`ayrshare_faultserver::Pki`), whose PEM is [`Server::ca_pem`].

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use ayrshare_faultserver::{CertKind, Pki};
use rustls::{ServerConfig, ServerConnection};

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
    handshakes: AtomicU64,
    requests: AtomicU64,
    errors: AtomicU64,
}

/// A snapshot of [`Counters`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Snapshot {
    /// TCP connections accepted, on either port.
    pub connections: u64,
    /// TLS handshakes completed.
    pub handshakes: u64,
    pub requests: u64,
    pub errors: u64,
}

impl Counters {
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            connections: self.connections.load(Ordering::SeqCst),
            handshakes: self.handshakes.load(Ordering::SeqCst),
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
            handshakes: self.handshakes - earlier.handshakes,
            requests: self.requests - earlier.requests,
            errors: self.errors - earlier.errors,
        }
    }
}

/// A running server.
pub struct Server {
    /// The plain-HTTP port.
    pub addr: SocketAddr,
    /// The HTTPS port.
    pub tls_addr: SocketAddr,
    /// The PEM of the CA that issued the HTTPS certificate.
    pub ca_pem: String,
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

struct Answers {
    ok: Vec<u8>,
    not_found: Vec<u8>,
    bad_request: Vec<u8>,
}

/// Starts the server on two ephemeral loopback ports; its threads live as long as the process.
pub fn start() -> io::Result<Server> {
    let pki = Pki::new(CertKind::Valid).map_err(io::Error::other)?;
    let config = tls13_config(&pki)?;
    let counters = Arc::new(Counters::default());
    let answers = Arc::new(Answers {
        ok: response("200 OK", SUCCESS_BODY),
        not_found: response("404 Not Found", NOT_FOUND_BODY),
        bad_request: response("400 Bad Request", BAD_REQUEST_BODY),
    });
    let addr = listen(None, &counters, &answers)?;
    let tls_addr = listen(Some(config), &counters, &answers)?;
    Ok(Server {
        addr,
        tls_addr,
        ca_pem: pki.ca_pem,
        counters,
    })
}

/// TLS 1.3 only, with the certificate of `pki`.
fn tls13_config(pki: &Pki) -> io::Result<Arc<ServerConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(io::Error::other)?
        .with_no_client_auth()
        .with_single_cert(pki.chain.clone(), pki.key.clone_key())
        .map_err(io::Error::other)?;
    Ok(Arc::new(config))
}

/// Accepts connections on a new loopback port, plain or (with `tls`) HTTPS.
fn listen(
    tls: Option<Arc<ServerConfig>>,
    counters: &Arc<Counters>,
    answers: &Arc<Answers>,
) -> io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    let (counters, answers) = (Arc::clone(counters), Arc::clone(answers));
    thread::Builder::new()
        .name("bench-accept".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                counters.connections.fetch_add(1, Ordering::SeqCst);
                let (shared, answers, tls) =
                    (Arc::clone(&counters), Arc::clone(&answers), tls.clone());
                let spawned = thread::Builder::new()
                    .name("bench-conn".into())
                    .stack_size(256 * 1024)
                    .spawn(move || {
                        if serve_connection(stream, tls, &shared, &answers).is_err() {
                            shared.errors.fetch_add(1, Ordering::SeqCst);
                        }
                    });
                if spawned.is_err() {
                    counters.errors.fetch_add(1, Ordering::SeqCst);
                }
            }
        })?;
    Ok(addr)
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

/// A connection's plaintext, read and written: the socket itself, or a TLS session over it.
trait Wire {
    /// Reads some plaintext; 0 at the end of the stream.
    fn read_plain(&mut self, buf: &mut [u8]) -> io::Result<usize>;
    /// Writes all of `bytes` (one TLS record, one socket write).
    fn write_plain(&mut self, bytes: &[u8]) -> io::Result<()>;
}

impl Wire for TcpStream {
    fn read_plain(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.read(buf)
    }

    fn write_plain(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes)
    }
}

struct TlsWire {
    tls: ServerConnection,
    socket: TcpStream,
}

impl TlsWire {
    fn send_pending(&mut self) -> io::Result<()> {
        while self.tls.wants_write() {
            self.tls.write_tls(&mut self.socket)?;
        }
        Ok(())
    }
}

impl Wire for TlsWire {
    fn read_plain(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match self.tls.reader().read(buf) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(e),
            }
            if self.tls.read_tls(&mut self.socket)? == 0 {
                return Ok(0);
            }
            let processed = self.tls.process_new_packets();
            // Alerts, or session tickets.
            self.send_pending()?;
            processed.map_err(io::Error::other)?;
        }
    }

    fn write_plain(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.tls.writer().write_all(bytes)?;
        self.send_pending()
    }
}

fn serve_connection(
    stream: TcpStream,
    tls: Option<Arc<ServerConfig>>,
    counters: &Counters,
    answers: &Answers,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    match tls {
        None => serve_requests(stream, counters, answers),
        Some(config) => {
            let mut wire = TlsWire {
                tls: ServerConnection::new(config).map_err(io::Error::other)?,
                socket: stream,
            };
            while wire.tls.is_handshaking() {
                wire.tls.complete_io(&mut wire.socket)?;
            }
            counters.handshakes.fetch_add(1, Ordering::SeqCst);
            wire.send_pending()?;
            serve_requests(wire, counters, answers)
        }
    }
}

/// Answers the requests of one connection until the client closes it.
fn serve_requests(mut wire: impl Wire, counters: &Counters, answers: &Answers) -> io::Result<()> {
    let mut buf = vec![0u8; MAX_REQUEST + 4096];
    let (mut start, mut end) = (0usize, 0usize);
    loop {
        match parse(&buf[start..end]) {
            Parsed::Request { len, known } => {
                // Counted before the answer leaves, so a client that has its answer sees it
                // counted.
                counters.requests.fetch_add(1, Ordering::SeqCst);
                let answer = if known {
                    &answers.ok
                } else {
                    counters.errors.fetch_add(1, Ordering::SeqCst);
                    &answers.not_found
                };
                wire.write_plain(answer)?;
                start += len;
                if start == end {
                    (start, end) = (0, 0);
                }
            }
            Parsed::Unsupported => {
                counters.errors.fetch_add(1, Ordering::SeqCst);
                return wire.write_plain(&answers.bad_request);
            }
            Parsed::Incomplete => {
                if start > 0 {
                    buf.copy_within(start..end, 0);
                    (start, end) = (0, end - start);
                }
                match wire.read_plain(&mut buf[end..]) {
                    Ok(0) => return Ok(()),
                    Ok(n) => end += n,
                    // A client going away without closing its TLS session cleanly (as
                    // curl and Python's ssl do) is the end of the connection, not an error.
                    Err(e)
                        if matches!(
                            e.kind(),
                            io::ErrorKind::UnexpectedEof
                                | io::ErrorKind::ConnectionReset
                                | io::ErrorKind::BrokenPipe
                        ) =>
                    {
                        return Ok(());
                    }
                    Err(e) => return Err(e),
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

    /// Three requests on one plain connection, and three on one TLS session: one connection
    /// each, one handshake in all, every answer the success body.
    #[test]
    fn answers_keep_alive_requests_on_one_connection_plain_and_tls() {
        let server = start().unwrap();
        let body = br#"{"action":"scheduled","url":"https://mysite.com/hook"}"#;
        let request = format!(
            "POST /api/hook/webhook HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        let exchange = |stream: &mut dyn ReadWrite| {
            for _ in 0..3 {
                stream.write_all(request.as_bytes()).unwrap();
                stream.write_all(body).unwrap();
                stream.flush().unwrap();
                let mut got = vec![0u8; 4096];
                let mut have = 0;
                while find(&got[..have], SUCCESS_BODY.as_bytes()).is_none() {
                    let n = stream.read(&mut got[have..]).unwrap();
                    assert!(n > 0);
                    have += n;
                }
                assert!(got.starts_with(b"HTTP/1.1 200 OK\r\n"));
            }
        };
        let mut plain = TcpStream::connect(server.addr).unwrap();
        exchange(&mut plain);
        drop(plain);

        let (mut conn, mut socket) =
            crate::clients::tls_session(&server.ca_pem, "localhost", &server.tls_addr.to_string())
                .unwrap();
        let mut stream = rustls::Stream::new(&mut conn, &mut socket);
        exchange(&mut stream);
        assert_eq!(
            stream.conn.protocol_version(),
            Some(rustls::ProtocolVersion::TLSv1_3)
        );

        let seen = server.counters.snapshot();
        assert_eq!(seen.connections, 2);
        assert_eq!(seen.handshakes, 1);
        assert_eq!(seen.requests, 6);
        assert_eq!(seen.errors, 0);
    }

    trait ReadWrite: Read + Write {}
    impl<T: Read + Write> ReadWrite for T {}
}
