//! Keeping credentials out of the HTTP layer's logs.
//!
//! ureq's protocol layer (`ureq-proto`) logs every request head it writes as a hex dump at
//! trace level, and nothing turns that off short of capping the `log` crate for the whole
//! program. So the SDK never hands ureq a credential: the `Authorization` and `Profile-Key`
//! headers carry placeholders of the same length (`*` repeated), and the real values are put
//! into the head's bytes only in [`Sealed::transmit_output`], the top of the transport stack,
//! after ureq has logged the head and before TLS encrypts it. A trace log shows
//! `authorization: Bearer ****…`.
//!
//! The request body (which holds a webhook secret for registrations and rotations) is not
//! logged by ureq: a body of known length is written straight into the transport's buffer.

use std::fmt;
use std::io;

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

use crate::call;
use crate::secret::Secret;

/// The byte every placeholder is made of.
const PLACEHOLDER: u8 = b'*';

/// The placeholder for a credential: as many `*` as the value has bytes. Keys are validated as
/// printable ASCII, so the lengths match byte for byte.
pub(crate) fn placeholder(value: &str) -> String {
    "*".repeat(value.len())
}

/// The credentials of one attempt, filled into its request head.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    /// The API key, for `Authorization: Bearer <key>`.
    pub api_key: Option<Secret>,
    /// The profile key, for `Profile-Key: <key>`.
    pub profile_key: Option<Secret>,
}

/// Replaces the placeholders of `head` (the first output of a request) with the credentials.
/// Each header line is found by its exact form, `\r\n<name>: <placeholder>\r\n`, so a value
/// elsewhere in the head can never be mistaken for it.
///
/// # Errors
/// When a credential's header line is missing: the request is not sent rather than sent
/// without its credentials.
pub(crate) fn unseal(head: &mut [u8], credentials: &Credentials) -> io::Result<()> {
    if let Some(key) = &credentials.api_key {
        fill(head, b"\r\nauthorization: Bearer ", key.expose().as_bytes())?;
    }
    if let Some(key) = &credentials.profile_key {
        fill(head, b"\r\nprofile-key: ", key.expose().as_bytes())?;
    }
    Ok(())
}

fn fill(head: &mut [u8], prefix: &[u8], value: &[u8]) -> io::Result<()> {
    let line = prefix.len() + value.len() + 2;
    // Only a header line's start (a `\r`) can begin the pattern: look at those alone.
    let is_line = |at: usize| {
        let Some(window) = head.get(at..at + line) else {
            return false;
        };
        let (start, rest) = window.split_at(prefix.len());
        let (held, end) = rest.split_at(value.len());
        start.eq_ignore_ascii_case(prefix)
            && held.iter().all(|&b| b == PLACEHOLDER)
            && end == b"\r\n"
    };
    let found = head
        .iter()
        .enumerate()
        .filter(|(_, byte)| **byte == b'\r')
        .map(|(at, _)| at)
        .find(|&at| is_line(at));
    match found {
        Some(at) => {
            let start = at + prefix.len();
            head[start..start + value.len()].copy_from_slice(value);
            Ok(())
        }
        None => Err(io::Error::other(
            "internal error: a credential header is missing from the request head",
        )),
    }
}

/// The last connector of the chain: wraps every connection in [`Sealed`].
#[derive(Debug, Default)]
pub(crate) struct SealConnector;

impl<In: Transport> Connector<In> for SealConnector {
    type Out = Sealed<In>;

    fn connect(
        &self,
        _details: &ConnectionDetails<'_>,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(Sealed))
    }
}

/// A transport that hands each output to [`call::on_transmit`] before passing it on.
pub(crate) struct Sealed<T>(T);

impl<T: Transport> Transport for Sealed<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.0.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        call::on_transmit(&mut self.0.buffers().output()[..amount])?;
        self.0.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.0.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.0.is_open()
    }

    fn is_tls(&self) -> bool {
        self.0.is_tls()
    }
}

impl<T: fmt::Debug> fmt::Debug for Sealed<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Sealed").field(&self.0).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(api: &str, profile: Option<&str>) -> Credentials {
        Credentials {
            api_key: Some(Secret::new(api)),
            profile_key: profile.map(Secret::new),
        }
    }

    #[test]
    fn placeholders_are_replaced_in_place() {
        let mut head = format!(
            "POST /api/hook/webhook HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {}\r\nprofile-key: {}\r\ncontent-length: 2\r\n\r\n",
            placeholder("KEY-1"),
            placeholder("p")
        )
        .into_bytes();
        unseal(&mut head, &credentials("KEY-1", Some("p"))).unwrap();
        let head = String::from_utf8(head).unwrap();
        assert!(
            head.contains("\r\nauthorization: Bearer KEY-1\r\n"),
            "{head}"
        );
        assert!(head.contains("\r\nprofile-key: p\r\n"), "{head}");
    }

    #[test]
    fn only_a_whole_header_line_is_filled() {
        // A one-byte key: a lone `*` elsewhere (here in the path) must not be taken for it.
        let mut head =
            b"GET /a*b HTTP/1.1\r\nx-other: *\r\nauthorization: Bearer *\r\n\r\n".to_vec();
        unseal(&mut head, &credentials("k", None)).unwrap();
        assert_eq!(
            head,
            b"GET /a*b HTTP/1.1\r\nx-other: *\r\nauthorization: Bearer k\r\n\r\n"
        );
    }

    #[test]
    fn a_missing_line_refuses_to_send() {
        let mut head = b"GET / HTTP/1.1\r\nauthorization: Bearer **\r\n\r\n".to_vec();
        assert!(
            unseal(&mut head, &credentials("k", None)).is_err(),
            "length differs"
        );
        let mut head = b"GET / HTTP/1.1\r\nauthorization: Bearer *\r\n\r\n".to_vec();
        assert!(unseal(&mut head, &credentials("k", Some("p"))).is_err());
    }
}
