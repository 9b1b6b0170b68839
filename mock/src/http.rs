//! A minimal HTTP/1.1 server: one thread per connection, keep-alive, `Content-Length` bodies.
//! Every read and write is bounded by the idle timeout, and every line by [`MAX_LINE`], so no
//! client can hold a thread or grow a buffer without end.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

/// Largest request body accepted.
const MAX_BODY: usize = 1 << 20;
/// Most header lines accepted in one request.
const MAX_HEADERS: usize = 100;
/// Longest request line or header line accepted, in bytes, its line ending included.
const MAX_LINE: u64 = 16 * 1024;

/// One parsed request.
pub(crate) struct Request {
    pub method: String,
    /// The path without its query string.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An answer: a status, extra headers and a JSON body.
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// What answers the requests of one server.
pub(crate) trait Handler: Send + Sync + 'static {
    /// Answers one request.
    fn handle(&self, request: &Request) -> Response;
    /// Notes that a connection was accepted.
    fn count_connection(&self);
}

/// Accepts connections forever, serving each on its own thread and closing it once it has
/// sent or taken nothing for `idle_timeout`.
pub(crate) fn serve(listener: TcpListener, handler: Arc<impl Handler>, idle_timeout: Duration) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        handler.count_connection();
        let handler = Arc::clone(&handler);
        std::thread::spawn(move || {
            let _ = serve_connection(stream, &*handler, idle_timeout);
        });
    }
}

fn serve_connection(
    stream: TcpStream,
    handler: &impl Handler,
    idle_timeout: Duration,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(idle_timeout))?;
    stream.set_write_timeout(Some(idle_timeout))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = io::BufWriter::new(stream);
    while let Some(request) = read_request(&mut reader)? {
        let close = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        let response = handler.handle(&request);
        write!(
            writer,
            "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
            response.status,
            reason(response.status),
            response.body.len(),
        )?;
        for (name, value) in &response.headers {
            write!(writer, "{name}: {value}\r\n")?;
        }
        write!(writer, "\r\n{}", response.body)?;
        writer.flush()?;
        if close {
            break;
        }
    }
    Ok(())
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// Reads one line into `line` (cleared first): its length, 0 at the end of the stream, an
/// error for a line longer than [`MAX_LINE`].
fn read_line(reader: &mut impl BufRead, line: &mut String) -> io::Result<usize> {
    line.clear();
    let read = reader.by_ref().take(MAX_LINE).read_line(line)?;
    if read as u64 == MAX_LINE && !line.ends_with('\n') {
        return Err(invalid("line too long"));
    }
    Ok(read)
}

fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Request>> {
    let mut line = String::new();
    if read_line(reader, &mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(invalid("bad request line"));
    };
    let path = target.split('?').next().unwrap_or(target);
    let (method, path) = (method.to_owned(), path.to_owned());
    let mut headers = Vec::new();
    loop {
        if read_line(reader, &mut line)? == 0 {
            return Ok(None);
        }
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed.is_empty() {
            break;
        }
        if headers.len() == MAX_HEADERS {
            return Err(invalid("too many headers"));
        }
        if let Some((name, value)) = trimmed.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let mut request = Request {
        method,
        path,
        headers,
        body: Vec::new(),
    };
    let length: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        return Err(invalid("body too large"));
    }
    request.body.resize(length, 0);
    reader.read_exact(&mut request.body)?;
    Ok(Some(request))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        _ => "Unknown",
    }
}
