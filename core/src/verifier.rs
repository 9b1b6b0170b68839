//! Verifying a whole delivery from its headers: the signature, the rotation signatures and
//! the timestamp.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::headers::{DeliveryHeader, HeaderPair, delivery_header};
use crate::signature::Signer;
use crate::{Error, Event, SignatureError, parse_event};

/// Header carrying the hex HMAC-SHA256 of the body.
pub const SIGNATURE_HEADER: &str = "X-Authorization-Content-SHA256";
/// Header carrying one signature per valid secret during a rotation: `v1=<sig>,v1=<sig>`.
pub const SIGNATURE_V2_HEADER: &str = "X-Authorization-Content-SHA256-V2";
/// Header carrying the delivery's Unix time in seconds.
pub const TIMESTAMP_HEADER: &str = "X-Authorization-Timestamp";
/// Default allowed distance between a delivery's timestamp and now (5 minutes).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// The three delivery headers a [`Verifier`] reads, already picked out of a request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeliveryHeaders<'a> {
    /// `X-Authorization-Content-SHA256`.
    pub signature: Option<&'a str>,
    /// `X-Authorization-Content-SHA256-V2`.
    pub signature_v2: Option<&'a str>,
    /// `X-Authorization-Timestamp`.
    pub timestamp: Option<&'a str>,
}

impl<'a> DeliveryHeaders<'a> {
    /// Picks the delivery headers out of `(name, value)` pairs, matching names without regard
    /// to case (web frameworks differ) and in their CGI / WSGI `environ` spelling too
    /// (`HTTP_X_AUTHORIZATION_TIMESTAMP`). When a header repeats, the first one counts.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (&'a K, &'a V)>,
        K: AsRef<str> + ?Sized + 'a,
        V: AsRef<str> + ?Sized + 'a,
    {
        let mut found = DeliveryHeaders::default();
        for (name, value) in pairs {
            if let Some(slot) = found.slot(name.as_ref().as_bytes()) {
                slot.get_or_insert(value.as_ref());
            }
        }
        found
    }

    /// The field `name` goes into, if it is one of the three headers.
    fn slot(&mut self, name: &[u8]) -> Option<&mut Option<&'a str>> {
        Some(match delivery_header(name)? {
            DeliveryHeader::Signature => &mut self.signature,
            DeliveryHeader::SignatureV2 => &mut self.signature_v2,
            DeliveryHeader::Timestamp => &mut self.timestamp,
        })
    }
}

/// The three delivery headers copied out of pairs that may not outlive the picking (an owned
/// `Vec` of pairs) or may not be UTF-8 (an `http::HeaderMap`).
#[derive(Default)]
struct PickedHeaders {
    signature: Option<String>,
    signature_v2: Option<String>,
    timestamp: Option<String>,
}

impl PickedHeaders {
    /// The first of each header in `pairs`. A value that is not UTF-8 keeps its other
    /// characters with U+FFFD for the rest, so it reads as malformed (no signature or
    /// timestamp holds a non-ASCII character).
    fn from_pairs<H>(pairs: H) -> PickedHeaders
    where
        H: IntoIterator,
        H::Item: HeaderPair,
    {
        let mut found = PickedHeaders::default();
        for pair in pairs {
            let slot = match delivery_header(pair.header_name()) {
                Some(DeliveryHeader::Signature) => &mut found.signature,
                Some(DeliveryHeader::SignatureV2) => &mut found.signature_v2,
                Some(DeliveryHeader::Timestamp) => &mut found.timestamp,
                None => continue,
            };
            if slot.is_none() {
                *slot = Some(String::from_utf8_lossy(pair.header_value()).into_owned());
            }
        }
        found
    }

    fn borrowed(&self) -> DeliveryHeaders<'_> {
        DeliveryHeaders {
            signature: self.signature.as_deref(),
            signature_v2: self.signature_v2.as_deref(),
            timestamp: self.timestamp.as_deref(),
        }
    }
}

/// Checks deliveries for one webhook secret.
///
/// A delivery passes when `X-Authorization-Content-SHA256`, or any `v1=` entry of
/// `X-Authorization-Content-SHA256-V2` (sent during a secret rotation), is the HMAC-SHA256 of
/// the exact body bytes, and `X-Authorization-Timestamp` is within the tolerance of now
/// (default 5 minutes). Ayrshare does not sign the timestamp, so the tolerance limits stale
/// deliveries but is not itself authenticated. `Debug` never shows the secret.
///
/// ```
/// use std::collections::HashMap;
/// use std::time::{SystemTime, UNIX_EPOCH};
/// use ayrshare_webhooks::Verifier;
///
/// let verifier = Verifier::new("s3cret")?;
/// let body = br#"{"action":"scheduled","status":"success"}"#;
/// let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs().to_string();
/// let headers = HashMap::from([
///     ("x-authorization-content-sha256".to_string(),
///      "0bd5a6a9366899a401a2fee04a1f167c957bfa22ab29774be44595e8877f8ff2".to_string()),
///     ("X-Authorization-Timestamp".to_string(), now),
/// ]);
/// verifier.verify(&headers, body).expect("a genuine delivery");
/// # Ok::<(), ayrshare_webhooks::Error>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    signer: Signer,
    tolerance: Option<Duration>,
}

impl Verifier {
    /// A verifier for `secret` with the default tolerance.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on field `secret` when it is empty.
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Verifier, Error> {
        let signer = Signer::new(secret.as_ref())
            .map_err(|_| Error::invalid("secret", "must not be empty"))?;
        Ok(Verifier {
            signer,
            tolerance: Some(DEFAULT_TOLERANCE),
        })
    }

    /// Sets how far a delivery's timestamp may be from now, in either direction.
    pub fn tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = Some(tolerance);
        self
    }

    /// Skips the timestamp check (the signature is still required).
    pub fn without_timestamp_check(mut self) -> Self {
        self.tolerance = None;
        self
    }

    /// The timestamp tolerance, or `None` when the check is off.
    pub fn current_tolerance(&self) -> Option<Duration> {
        self.tolerance
    }

    /// Verifies a delivery given its headers and its raw body.
    ///
    /// `headers` is whatever holds the request's headers as `(name, value)` pairs of text or
    /// bytes: `&HashMap<String, String>`, `&[(String, String)]`, `&Vec<(String, String)>`, a
    /// `Vec` of owned pairs, an iterator of `(&str, &str)`, [`SignedHeaders::pairs`], or with
    /// the `http` feature the `&http::HeaderMap` of axum, hyper and other `http`-based servers.
    /// Names match in any case (and in their CGI `HTTP_...` form); other headers are ignored.
    ///
    /// # Errors
    /// The [`SignatureError`] of the first check that failed: signature, then timestamp.
    ///
    /// [`SignedHeaders::pairs`]: crate::SignedHeaders::pairs
    pub fn verify<H>(&self, headers: H, body: &[u8]) -> Result<(), SignatureError>
    where
        H: IntoIterator,
        H::Item: HeaderPair,
    {
        let picked = PickedHeaders::from_pairs(headers);
        self.verify_headers(&picked.borrowed(), body, SystemTime::now())
    }

    /// Verifies a delivery as [`Verifier::verify`] does, then parses it as
    /// [`parse_event`](crate::parse_event) does: one call for a webhook handler.
    ///
    /// ```
    /// use ayrshare_webhooks::{Event, Verifier, sign_delivery};
    ///
    /// let body = br#"{"action":"social","type":"unlink","platform":"linkedin","hookId":"h7"}"#;
    /// let now = std::time::SystemTime::now()
    ///     .duration_since(std::time::UNIX_EPOCH)
    ///     .unwrap()
    ///     .as_secs();
    /// let headers = sign_delivery(&["s3cret"], body, now)?; // what Ayrshare would send
    /// let event = Verifier::new("s3cret")?.verify_event(headers.pairs(), body)?;
    /// let Event::Social(social) = event else { panic!("a social event") };
    /// assert_eq!(social.platform.as_deref(), Some("linkedin"));
    /// # Ok::<(), ayrshare_webhooks::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Signature`] when verification fails (reject the delivery), [`Error::Decode`]
    /// when the verified body is not a JSON object.
    pub fn verify_event<H>(&self, headers: H, body: &[u8]) -> Result<Event, Error>
    where
        H: IntoIterator,
        H::Item: HeaderPair,
    {
        let picked = PickedHeaders::from_pairs(headers);
        self.verify_event_headers(&picked.borrowed(), body, SystemTime::now())
    }

    /// [`Verifier::verify_event`] for headers already picked out, as of `now`.
    ///
    /// # Errors
    /// As [`Verifier::verify_event`].
    pub fn verify_event_headers(
        &self,
        headers: &DeliveryHeaders<'_>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<Event, Error> {
        self.verify_headers(headers, body, now)?;
        parse_event(body)
    }

    /// Verifies a delivery whose headers were already picked out, as of `now`.
    ///
    /// # Errors
    /// The [`SignatureError`] of the first check that failed: signature, then timestamp.
    pub fn verify_headers(
        &self,
        headers: &DeliveryHeaders<'_>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), SignatureError> {
        let rotation = headers
            .signature_v2
            .into_iter()
            .flat_map(rotation_signatures);
        self.signer
            .check_any(body, headers.signature.into_iter().chain(rotation))?;
        if let Some(tolerance) = self.tolerance {
            check_timestamp(headers.timestamp, tolerance, now)?;
        }
        Ok(())
    }
}

/// The `v1=` signatures of a rotation header; entries of other versions are skipped. The
/// header's exact form is *unconfirmed*, so spaces around entries are tolerated.
fn rotation_signatures(header: &str) -> impl Iterator<Item = &str> {
    header.split(',').filter_map(|entry| {
        let (version, signature) = entry.trim().split_once('=')?;
        version
            .trim()
            .eq_ignore_ascii_case("v1")
            .then_some(signature)
    })
}

fn check_timestamp(
    header: Option<&str>,
    tolerance: Duration,
    now: SystemTime,
) -> Result<(), SignatureError> {
    let text = header.map(str::trim).filter(|t| !t.is_empty());
    let text = text.ok_or(SignatureError::MissingTimestamp)?;
    let mut seconds: u64 = text
        .parse()
        .map_err(|_| SignatureError::MalformedTimestamp)?;
    // Documented as seconds; a 13-digit value can only be milliseconds, so read it as such.
    if seconds >= 1_000_000_000_000 {
        seconds /= 1000;
    }
    let sent = UNIX_EPOCH
        .checked_add(Duration::from_secs(seconds))
        .ok_or(SignatureError::MalformedTimestamp)?;
    let distance = match now.duration_since(sent) {
        Ok(age) => age,
        Err(ahead) => ahead.duration(),
    };
    if distance > tolerance {
        return Err(SignatureError::TimestampOutsideTolerance);
    }
    Ok(())
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &"***")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_header_entries() {
        let sigs: Vec<&str> = rotation_signatures("v1=aa, v0=bb ,V1=cc,junk,v1=").collect();
        assert_eq!(sigs, ["aa", "cc", ""]);
    }

    #[test]
    fn headers_are_matched_case_insensitively_first_wins() {
        let pairs = [
            ("x-authorization-content-sha256", "one"),
            ("X-AUTHORIZATION-CONTENT-SHA256", "two"),
            ("x-authorization-timestamp", "5"),
            ("content-type", "application/json"),
        ];
        let found = DeliveryHeaders::from_pairs(pairs.iter().map(|(k, v)| (*k, *v)));
        assert_eq!(found.signature, Some("one"));
        assert_eq!(found.timestamp, Some("5"));
        assert_eq!(found.signature_v2, None);
    }

    #[test]
    fn timestamp_window_both_directions() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let tolerance = Duration::from_secs(300);
        let at = |text: &str| check_timestamp(Some(text), tolerance, now);
        assert_eq!(at("1700000000"), Ok(()));
        assert_eq!(at(" 1699999700 "), Ok(()));
        assert_eq!(at("1700000300"), Ok(()));
        assert_eq!(at("1700000000123"), Ok(()), "milliseconds");
        let outside = Err(SignatureError::TimestampOutsideTolerance);
        assert_eq!(at("1699999699"), outside);
        assert_eq!(at("1700000301"), outside);
        assert_eq!(at("0"), outside);
        assert_eq!(
            check_timestamp(None, tolerance, now),
            Err(SignatureError::MissingTimestamp)
        );
        assert_eq!(
            check_timestamp(Some("-5"), tolerance, now),
            Err(SignatureError::MalformedTimestamp)
        );
        assert_eq!(
            check_timestamp(Some("99999999999999999999999"), tolerance, now),
            Err(SignatureError::MalformedTimestamp)
        );
    }
}
