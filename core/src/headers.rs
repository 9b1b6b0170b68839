//! The header collections a [`Verifier`](crate::Verifier) accepts: whatever a web framework
//! hands a handler, as `(name, value)` pairs of text or bytes.

use std::borrow::Cow;

/// A header name or value as text or bytes: `str`, `String`, `[u8]`, `Vec<u8>`, `Cow<str>`, a
/// reference to any of them, and with the `http` feature `http::HeaderName` and
/// `http::HeaderValue`.
///
/// A value that is not UTF-8 is fine: the verifier reads only its own three headers, and one of
/// those that is not UTF-8 is a malformed signature or timestamp, never a panic.
pub trait HeaderText {
    /// The raw bytes of the name or value.
    fn header_bytes(&self) -> &[u8];
}

impl HeaderText for str {
    fn header_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl HeaderText for String {
    fn header_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl HeaderText for [u8] {
    fn header_bytes(&self) -> &[u8] {
        self
    }
}

impl HeaderText for Vec<u8> {
    fn header_bytes(&self) -> &[u8] {
        self
    }
}

impl HeaderText for Cow<'_, str> {
    fn header_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl HeaderText for Cow<'_, [u8]> {
    fn header_bytes(&self) -> &[u8] {
        self
    }
}

impl<T: HeaderText + ?Sized> HeaderText for &T {
    fn header_bytes(&self) -> &[u8] {
        (**self).header_bytes()
    }
}

#[cfg(feature = "http")]
impl HeaderText for http::HeaderName {
    fn header_bytes(&self) -> &[u8] {
        self.as_str().as_bytes()
    }
}

#[cfg(feature = "http")]
impl HeaderText for http::HeaderValue {
    fn header_bytes(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// One `(name, value)` header, owned or borrowed: what iterating a `HashMap`, a `Vec` or
/// slice of pairs, or an `http::HeaderMap` yields.
pub trait HeaderPair {
    /// The header's name.
    fn header_name(&self) -> &[u8];
    /// The header's value.
    fn header_value(&self) -> &[u8];
}

impl<N: HeaderText, V: HeaderText> HeaderPair for (N, V) {
    fn header_name(&self) -> &[u8] {
        self.0.header_bytes()
    }
    fn header_value(&self) -> &[u8] {
        self.1.header_bytes()
    }
}

impl<N: HeaderText, V: HeaderText> HeaderPair for &(N, V) {
    fn header_name(&self) -> &[u8] {
        self.0.header_bytes()
    }
    fn header_value(&self) -> &[u8] {
        self.1.header_bytes()
    }
}

/// Whether `name` is one of the three headers a [`Verifier`](crate::Verifier) reads (in any
/// case, or in the CGI / WSGI `environ` spelling such as `HTTP_X_AUTHORIZATION_TIMESTAMP`).
/// Bindings use it to convert only those values and ignore the rest of a request's headers.
pub fn is_delivery_header(name: &[u8]) -> bool {
    delivery_header(name).is_some()
}

/// One of the three headers a verifier reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeliveryHeader {
    /// `X-Authorization-Content-SHA256`.
    Signature,
    /// `X-Authorization-Content-SHA256-V2`.
    SignatureV2,
    /// `X-Authorization-Timestamp`.
    Timestamp,
}

/// Which of the three headers `name` is, if any (see [`is_delivery_header`]).
pub(crate) fn delivery_header(name: &[u8]) -> Option<DeliveryHeader> {
    use crate::verifier::{SIGNATURE_HEADER, SIGNATURE_V2_HEADER, TIMESTAMP_HEADER};
    [
        (SIGNATURE_HEADER, DeliveryHeader::Signature),
        (SIGNATURE_V2_HEADER, DeliveryHeader::SignatureV2),
        (TIMESTAMP_HEADER, DeliveryHeader::Timestamp),
    ]
    .into_iter()
    .find_map(|(header, which)| names(name, header).then_some(which))
}

/// Whether `name` names `header`: the same letters in any case, or the CGI / WSGI `environ`
/// spelling (`HTTP_X_AUTHORIZATION_TIMESTAMP` for `X-Authorization-Timestamp`).
fn names(name: &[u8], header: &str) -> bool {
    if name.eq_ignore_ascii_case(header.as_bytes()) {
        return true;
    }
    let Some((prefix, rest)) = name.split_at_checked(5) else {
        return false;
    };
    prefix.eq_ignore_ascii_case(b"HTTP_")
        && rest.len() == header.len()
        && rest.iter().zip(header.bytes()).all(|(&got, want)| {
            let want = if want == b'-' { b'_' } else { want };
            got.eq_ignore_ascii_case(&want)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_delivery_headers() {
        for name in [
            "x-authorization-content-sha256",
            "X-Authorization-Content-SHA256-V2",
            "HTTP_X_AUTHORIZATION_TIMESTAMP",
        ] {
            assert!(is_delivery_header(name.as_bytes()), "{name}");
        }
        for name in ["Content-Type", "HTTP_HOST", "wsgi.input", "X-Authorization"] {
            assert!(!is_delivery_header(name.as_bytes()), "{name}");
        }
    }

    #[test]
    fn names_in_any_case_and_in_cgi_form() {
        let header = "X-Authorization-Timestamp";
        for name in [
            "X-Authorization-Timestamp",
            "x-authorization-timestamp",
            "HTTP_X_AUTHORIZATION_TIMESTAMP",
            "http_x_authorization_timestamp",
        ] {
            assert!(names(name.as_bytes(), header), "{name}");
        }
        for name in [
            "X_Authorization_Timestamp",
            "HTTP_X-AUTHORIZATION-TIMESTAMP2",
            "HTTP_X_AUTHORIZATION_TIMESTAM",
            "X-Authorization-Timestamp ",
            "HTTP_",
            "",
            "\u{e9}",
        ] {
            assert!(!names(name.as_bytes(), header), "{name}");
        }
    }
}
