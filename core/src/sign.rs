//! Signing deliveries the way Ayrshare does, so a receiver can be tested without the real API.

use std::fmt;

use ring::hmac;

use crate::verifier::{SIGNATURE_HEADER, SIGNATURE_V2_HEADER, TIMESTAMP_HEADER};
use crate::{Error, validate};

/// The headers Ayrshare sends with a signed delivery, as made by [`sign_delivery`].
///
/// `Debug` shows the header values: they are signatures, not secrets (an HMAC tag does not
/// reveal its key).
#[derive(Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// `X-Authorization-Content-SHA256`: lower-case hex HMAC-SHA256 of the body with the first
    /// (current) secret.
    pub signature: String,
    /// `X-Authorization-Content-SHA256-V2`: `v1=<sig>,v1=<sig>`, one entry per secret, present
    /// only when more than one secret signed the delivery (a rotation's grace window).
    pub signature_v2: Option<String>,
    /// `X-Authorization-Timestamp`: the Unix time in seconds.
    pub timestamp: String,
}

impl SignedHeaders {
    /// The headers as `(name, value)` pairs, in the order Ayrshare sends them; ready to hand to
    /// [`Verifier::verify`](crate::Verifier::verify) or to an HTTP client.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        let mut pairs = vec![
            (SIGNATURE_HEADER, self.signature.as_str()),
            (TIMESTAMP_HEADER, self.timestamp.as_str()),
        ];
        if let Some(v2) = &self.signature_v2 {
            pairs.push((SIGNATURE_V2_HEADER, v2.as_str()));
        }
        pairs
    }

    /// The headers as an `http::HeaderMap`, to build the request an `http`-based server
    /// (axum, hyper, ...) would hand a receiver under test. Needs the `http` feature.
    #[cfg(feature = "http")]
    pub fn to_header_map(&self) -> http::HeaderMap {
        let mut map = http::HeaderMap::with_capacity(3);
        for (name, value) in self.pairs() {
            // Both are always valid: the three names, and values of hex digits, decimal
            // digits, `v1=` and commas.
            if let (Ok(name), Ok(value)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(value),
            ) {
                map.append(name, value);
            }
        }
        map
    }
}

impl fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.pairs()).finish()
    }
}

/// Signs `body` as Ayrshare signs a delivery: the HMAC-SHA256 of the exact bytes keyed by each
/// of `secrets`, and `timestamp` (Unix seconds, not itself signed). With one secret the result
/// carries `X-Authorization-Content-SHA256` and `X-Authorization-Timestamp`; with several (the
/// current one first, then the previous one, as during a rotation) it also carries
/// `X-Authorization-Content-SHA256-V2` with one `v1=` entry per secret. Whatever this signs,
/// [`Verifier`](crate::Verifier) accepts for any of the secrets (within its tolerance of
/// `timestamp`).
///
/// ```
/// use ayrshare_webhooks::{Verifier, sign_delivery};
///
/// let body = br#"{"action":"scheduled","status":"success","hookId":"h1"}"#;
/// let now = std::time::SystemTime::now()
///     .duration_since(std::time::UNIX_EPOCH)
///     .unwrap()
///     .as_secs();
/// let headers = sign_delivery(&["s3cret"], body, now)?;
/// Verifier::new("s3cret")?.verify(headers.pairs(), body).expect("signed by us");
/// # Ok::<(), ayrshare_webhooks::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidInput`] on field `secret` when `secrets` is empty or one of them breaks the
/// secret rules (1 to 1,024 bytes, no control characters).
pub fn sign_delivery<S: AsRef<str>>(
    secrets: &[S],
    body: &[u8],
    timestamp: u64,
) -> Result<SignedHeaders, Error> {
    if secrets.is_empty() {
        return Err(Error::invalid("secret", "at least one secret is needed"));
    }
    let mut signatures = Vec::with_capacity(secrets.len());
    for secret in secrets {
        let secret = validate::secret(secret.as_ref())?;
        let key = hmac::Key::new(hmac::HMAC_SHA256, secret.expose().as_bytes());
        signatures.push(hex(hmac::sign(&key, body).as_ref()));
    }
    let signature_v2 = (signatures.len() > 1).then(|| {
        signatures
            .iter()
            .map(|s| format!("v1={s}"))
            .collect::<Vec<_>>()
            .join(",")
    });
    Ok(SignedHeaders {
        signature: signatures.swap_remove(0),
        signature_v2,
        timestamp: timestamp.to_string(),
    })
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SignatureError, Verifier, verify_signature};

    #[test]
    fn one_secret_gives_the_openssl_signature_and_no_rotation_header() {
        // printf '%s' '{"action":"scheduled","status":"success"}' | openssl dgst -sha256 -hmac s3cret
        let body = br#"{"action":"scheduled","status":"success"}"#;
        let headers = sign_delivery(&["s3cret"], body, 1_700_000_000).unwrap();
        assert_eq!(
            headers.signature,
            "0bd5a6a9366899a401a2fee04a1f167c957bfa22ab29774be44595e8877f8ff2"
        );
        assert_eq!(headers.timestamp, "1700000000");
        assert_eq!(headers.signature_v2, None);
        assert_eq!(headers.pairs().len(), 2);
    }

    #[test]
    fn several_secrets_sign_the_rotation_header_and_either_verifies() {
        let body = b"{}";
        let headers = sign_delivery(&["new", "old"], body, 0).unwrap();
        let v2 = headers.signature_v2.clone().unwrap();
        let entries: Vec<&str> = v2.split(',').collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0], format!("v1={}", headers.signature));
        verify_signature(b"old", body, entries[1].strip_prefix("v1=").unwrap()).unwrap();
        for secret in ["new", "old"] {
            Verifier::new(secret)
                .unwrap()
                .without_timestamp_check()
                .verify(headers.pairs(), body)
                .unwrap();
        }
        assert_eq!(
            Verifier::new("other")
                .unwrap()
                .without_timestamp_check()
                .verify(headers.pairs(), body),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn bad_secrets_are_invalid_input() {
        let none: [&str; 0] = [];
        for secrets in [&none[..], &[""], &["ok", "bad\nline"]] {
            let err = sign_delivery(secrets, b"{}", 0).unwrap_err();
            assert_eq!(err.invalid_field(), Some("secret"), "{secrets:?}");
            assert!(!err.to_string().contains("bad\nline"));
        }
    }
}
