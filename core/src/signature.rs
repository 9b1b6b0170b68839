//! HMAC-SHA256 signatures of delivery bodies: decoding a signature and checking it in
//! constant time.

use std::fmt;

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use ring::hmac;
use subtle::ConstantTimeEq;

/// Length of an HMAC-SHA256 tag in bytes.
const TAG_BYTES: usize = 32;

/// Why a delivery failed verification. Says which check failed, never what was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureError {
    /// The secret to verify with is empty.
    EmptySecret,
    /// No signature header (`X-Authorization-Content-SHA256` or its `-V2` rotation form) was
    /// present, or it was empty.
    MissingSignature,
    /// A signature was present but is neither 64 hex digits nor base64 of 32 bytes.
    MalformedSignature,
    /// A well-formed signature did not match the body: wrong secret or tampered body.
    Mismatch,
    /// The `X-Authorization-Timestamp` header is absent while a tolerance is set.
    MissingTimestamp,
    /// The `X-Authorization-Timestamp` header is not a Unix time.
    MalformedTimestamp,
    /// The timestamp is further from now than the tolerance (a replay or a bad clock).
    TimestampOutsideTolerance,
}

impl SignatureError {
    /// The argument at fault when the failure is the caller's input rather than the delivery:
    /// `Some("secret")` for [`SignatureError::EmptySecret`], `None` otherwise. Bindings report
    /// such a failure as invalid input, as [`Verifier::new`](crate::Verifier::new) does.
    pub fn invalid_field(self) -> Option<&'static str> {
        match self {
            SignatureError::EmptySecret => Some("secret"),
            _ => None,
        }
    }

    /// A stable identifier for the failure, such as `"mismatch"`.
    pub fn code(self) -> &'static str {
        match self {
            SignatureError::EmptySecret => "empty_secret",
            SignatureError::MissingSignature => "missing_signature",
            SignatureError::MalformedSignature => "malformed_signature",
            SignatureError::Mismatch => "mismatch",
            SignatureError::MissingTimestamp => "missing_timestamp",
            SignatureError::MalformedTimestamp => "malformed_timestamp",
            SignatureError::TimestampOutsideTolerance => "timestamp_outside_tolerance",
        }
    }
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignatureError::EmptySecret => "the webhook secret is empty",
            SignatureError::MissingSignature => "the delivery carries no signature",
            SignatureError::MalformedSignature => {
                "the signature is neither hex nor base64 of an HMAC-SHA256 tag"
            }
            SignatureError::Mismatch => {
                "the signature does not match the body (wrong secret or altered body)"
            }
            SignatureError::MissingTimestamp => "the delivery carries no timestamp",
            SignatureError::MalformedTimestamp => "the delivery timestamp is not a Unix time",
            SignatureError::TimestampOutsideTolerance => {
                "the delivery timestamp is outside the allowed tolerance"
            }
        })
    }
}

impl std::error::Error for SignatureError {}

/// Checks that `signature` is the HMAC-SHA256 of the exact `body` bytes keyed by `secret`.
///
/// `signature` may be lower- or upper-case hex, or base64 (standard or URL-safe, padded or
/// not); surrounding whitespace is ignored. The comparison takes constant time.
///
/// ```
/// use ayrshare_webhooks::{SignatureError, verify_signature};
///
/// let body = br#"{"action":"scheduled","status":"success"}"#;
/// // Computed independently: printf '%s' "$body" | openssl dgst -sha256 -hmac s3cret
/// let signature = "0bd5a6a9366899a401a2fee04a1f167c957bfa22ab29774be44595e8877f8ff2";
/// assert_eq!(verify_signature(b"s3cret", body, signature), Ok(()));
/// assert_eq!(
///     verify_signature(b"wrong-secret", body, signature),
///     Err(SignatureError::Mismatch)
/// );
/// ```
///
/// # Errors
/// [`SignatureError::EmptySecret`], [`SignatureError::MissingSignature`] (empty signature),
/// [`SignatureError::MalformedSignature`] or [`SignatureError::Mismatch`].
pub fn verify_signature(secret: &[u8], body: &[u8], signature: &str) -> Result<(), SignatureError> {
    let signer = Signer::new(secret)?;
    signer.check_any(body, std::iter::once(signature))
}

/// A keyed HMAC-SHA256, able to check one body against several candidate signatures while
/// hashing it only once.
#[derive(Clone)]
pub(crate) struct Signer {
    key: hmac::Key,
}

impl Signer {
    pub(crate) fn new(secret: &[u8]) -> Result<Signer, SignatureError> {
        if secret.is_empty() {
            return Err(SignatureError::EmptySecret);
        }
        Ok(Signer {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
        })
    }

    /// Succeeds when any candidate is a valid signature of `body`. Otherwise: `Mismatch` if any
    /// candidate was well-formed, `MalformedSignature` if all were malformed,
    /// `MissingSignature` if there were none (or only empty ones).
    pub(crate) fn check_any<'a>(
        &self,
        body: &[u8],
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), SignatureError> {
        let mut outcome = Err(SignatureError::MissingSignature);
        let mut expected: Option<hmac::Tag> = None;
        for candidate in candidates {
            let candidate = candidate.trim();
            if candidate.is_empty() {
                continue;
            }
            let Some(given) = decode_signature(candidate) else {
                if outcome == Err(SignatureError::MissingSignature) {
                    outcome = Err(SignatureError::MalformedSignature);
                }
                continue;
            };
            let tag = expected.get_or_insert_with(|| hmac::sign(&self.key, body));
            if bool::from(tag.as_ref().ct_eq(&given)) {
                return Ok(());
            }
            outcome = Err(SignatureError::Mismatch);
        }
        outcome
    }
}

/// Decodes 64 hex digits (any case) or base64 of exactly 32 bytes.
fn decode_signature(text: &str) -> Option<[u8; TAG_BYTES]> {
    if text.len() == 2 * TAG_BYTES {
        if let Some(tag) = decode_hex(text) {
            return Some(tag);
        }
    }
    // Base64 is *unconfirmed* as an Ayrshare encoding; accepted leniently in both alphabets.
    const LENIENT: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);
    if text.len() > 44 {
        return None;
    }
    let bytes = STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE.decode(text))
        .ok()?;
    bytes.try_into().ok()
}

fn decode_hex(text: &str) -> Option<[u8; TAG_BYTES]> {
    let mut out = [0u8; TAG_BYTES];
    for (byte, pair) in out.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
        *byte = (hex_value(pair[0])? << 4) | hex_value(pair[1])?;
    }
    Some(out)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_decoding_accepts_both_cases_and_rejects_junk() {
        let lower = "00ff".repeat(16);
        let upper = "00FF".repeat(16);
        assert_eq!(decode_signature(&lower), decode_signature(&upper));
        assert!(decode_signature(&lower).is_some());
        assert!(decode_signature(&"0g".repeat(32)).is_none());
        assert!(decode_signature(&"00".repeat(31)).is_none());
        assert!(decode_signature("").is_none());
        assert!(decode_signature("é".repeat(32).as_str()).is_none());
    }

    #[test]
    fn base64_decoding_needs_exactly_32_bytes() {
        let tag = [7u8; 32];
        let padded = base64::engine::general_purpose::STANDARD.encode(tag);
        assert_eq!(decode_signature(&padded), Some(tag));
        assert_eq!(decode_signature(padded.trim_end_matches('=')), Some(tag));
        let short = base64::engine::general_purpose::STANDARD.encode([7u8; 31]);
        assert_eq!(decode_signature(&short), None);
    }

    #[test]
    fn failure_precedence() {
        let signer = Signer::new(b"k").unwrap();
        assert_eq!(
            signer.check_any(b"x", ["", "  "]),
            Err(SignatureError::MissingSignature)
        );
        assert_eq!(
            signer.check_any(b"x", ["zz"]),
            Err(SignatureError::MalformedSignature)
        );
        assert_eq!(
            signer.check_any(b"x", ["zz", &"00".repeat(32)]),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify_signature(b"", b"x", "zz"),
            Err(SignatureError::EmptySecret)
        );
    }
}
