//! `Verifier::verify_headers` with arbitrary header pairs, body, clock and tolerance: header
//! names match case-insensitively, first one wins; a delivery passes only when one of its
//! signatures (main header or `v1=` rotation entries) is the independent HMAC and its timestamp
//! is within the tolerance; a genuine signature always passes the signature check.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use arbitrary::Arbitrary;
use ayrshare_webhooks::{
    DeliveryHeaders, SIGNATURE_HEADER, SIGNATURE_V2_HEADER, SignatureError, TIMESTAMP_HEADER,
    Verifier,
};
use fuzz_checks::{decode_signature, encode_signature, hmac_tag};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    secret: Vec<u8>,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
    /// Prepends a genuine signature: (encoding, as the V2 header's `n`-th entry or the main one).
    genuine: Option<(u8, Option<u8>)>,
    /// Prepends a timestamp header this many seconds from `now` (when set).
    timestamp_offset: Option<i32>,
    now: u32,
    tolerance: Option<u16>,
}

fn first<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn within(timestamp: Option<&str>, now: u64, tolerance: u64) -> bool {
    let Some(mut seconds) = timestamp.map(str::trim).and_then(|t| t.parse::<u64>().ok()) else {
        return false;
    };
    if seconds >= 1_000_000_000_000 {
        seconds /= 1000;
    }
    seconds.abs_diff(now) <= tolerance
}

fuzz_target!(|input: Input| {
    let mut pairs = input.headers;
    let now = u64::from(input.now) + 1_000_000_000;
    let tag = (!input.secret.is_empty()).then(|| hmac_tag(&input.secret, &input.body));
    if let (Some((encoding, place)), Some(tag)) = (input.genuine, tag) {
        let signature = encode_signature(&tag, encoding);
        let header = match place {
            None => (SIGNATURE_HEADER.to_ascii_lowercase(), signature),
            Some(n) => {
                let mut entries = vec!["v1=".to_owned() + &"0".repeat(64); usize::from(n % 3)];
                entries.push(format!("v1={signature}"));
                (SIGNATURE_V2_HEADER.to_ascii_uppercase(), entries.join(","))
            }
        };
        pairs.insert(0, header);
    }
    if let Some(offset) = input.timestamp_offset {
        let at = now.saturating_add_signed(i64::from(offset));
        pairs.insert(0, (TIMESTAMP_HEADER.to_owned(), at.to_string()));
    }

    let headers = DeliveryHeaders::from_pairs(pairs.iter().map(|(k, v)| (k, v)));
    assert_eq!(headers.signature, first(&pairs, SIGNATURE_HEADER));
    assert_eq!(headers.signature_v2, first(&pairs, SIGNATURE_V2_HEADER));
    assert_eq!(headers.timestamp, first(&pairs, TIMESTAMP_HEADER));

    let Ok(verifier) = Verifier::new(&input.secret) else {
        assert!(input.secret.is_empty());
        return;
    };
    let tag = tag.expect("a non-empty secret");
    let verifier = match input.tolerance {
        Some(seconds) => verifier.tolerance(Duration::from_secs(u64::from(seconds))),
        None => verifier.without_timestamp_check(),
    };
    let result =
        verifier.verify_headers(&headers, &input.body, UNIX_EPOCH + Duration::from_secs(now));

    let rotation = headers.signature_v2.into_iter().flat_map(|v| {
        v.split(',').filter_map(|entry| {
            let (version, signature) = entry.trim().split_once('=')?;
            version
                .trim()
                .eq_ignore_ascii_case("v1")
                .then_some(signature)
        })
    });
    let candidates: Vec<&str> = headers.signature.into_iter().chain(rotation).collect();
    let signed = candidates.iter().any(|c| decode_signature(c) == Some(tag));
    let timely = input
        .tolerance
        .is_none_or(|t| within(headers.timestamp, now, u64::from(t)));
    match result {
        Ok(()) => assert!(
            signed && timely,
            "accepted: signed {signed}, timely {timely}"
        ),
        Err(
            SignatureError::MissingTimestamp
            | SignatureError::MalformedTimestamp
            | SignatureError::TimestampOutsideTolerance,
        ) => assert!(signed && !timely, "a timestamp error for a bad signature"),
        Err(other) => assert!(!signed, "{other:?} for a genuine signature"),
    }
    if input.genuine.is_some() {
        assert!(signed, "the genuine signature was not seen");
    }
});
