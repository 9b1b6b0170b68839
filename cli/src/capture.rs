//! Reading a delivery as it was captured: a raw HTTP request, or a headers file.

/// The headers and the exact body bytes of a captured delivery.
#[derive(Debug, PartialEq, Eq)]
pub struct Captured {
    /// `(name, value)` pairs, in order.
    pub headers: Vec<(String, String)>,
    /// The body, after undoing `Transfer-Encoding: chunked`.
    pub body: Vec<u8>,
}

/// Parses a raw HTTP request: an optional request line, headers, a blank line, the body (cut
/// to `Content-Length`, or de-chunked).
///
/// # Errors
/// What is wrong with it: no blank line after the headers, a body shorter than its
/// `Content-Length`, bad chunks.
pub fn parse_request(raw: &[u8]) -> Result<Captured, String> {
    let (head_end, body_start) =
        find_head_end(raw).ok_or("no blank line after the headers: is this a raw HTTP request?")?;
    let headers = parse_headers(&String::from_utf8_lossy(&raw[..head_end]));
    let rest = &raw[body_start..];
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let body = if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(rest)?
    } else if let Some(length) = header("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| format!("Content-Length {length:?} is not a number"))?;
        if rest.len() < length {
            return Err(format!(
                "the body has {} bytes, fewer than its Content-Length of {length}: the capture is cut short",
                rest.len()
            ));
        }
        rest[..length].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(Captured { headers, body })
}

/// Reads `Name: value` lines; a first line that is an HTTP request line is skipped, and so
/// are lines without a colon.
pub fn parse_headers(text: &str) -> Vec<(String, String)> {
    let mut lines = text.lines().peekable();
    if lines.peek().is_some_and(|l| l.contains(" HTTP/")) {
        lines.next();
    }
    lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .filter(|(name, _)| !name.is_empty() && !name.contains(' '))
        .collect()
}

fn find_head_end(raw: &[u8]) -> Option<(usize, usize)> {
    let crlf = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4));
    let lf = raw
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|i| (i, i + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("a chunk size line has no end")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            return Err("a chunk is cut short".to_owned());
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_cut_to_its_content_length() {
        let raw =
            b"POST /hooks HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nX-A: b: c\r\n\r\nbodyEXTRA";
        let captured = parse_request(raw).unwrap();
        assert_eq!(captured.body, b"body");
        assert_eq!(captured.headers[2], ("X-A".to_owned(), "b: c".to_owned()));
        assert_eq!(captured.headers.len(), 3);
    }

    #[test]
    fn chunked_bodies_are_joined_and_bad_captures_explained() {
        let raw = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
        assert_eq!(parse_request(raw).unwrap().body, b"abcde");
        assert!(
            parse_request(b"POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\nshort")
                .unwrap_err()
                .contains("cut short")
        );
        assert!(parse_request(b"just text").is_err());
        assert_eq!(parse_request(b"A: 1\n\n{}").unwrap().body, b"{}");
    }
}
