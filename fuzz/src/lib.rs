//! The invariants the fuzz targets check, shared between them.
//!
//! Each check recomputes what the core should have answered from first principles (its own
//! JSON parse, an independent HMAC and base64), so a target finds wrong answers, not only
//! panics.

use std::time::Duration;

use ayrshare_webhooks::Error;
use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

/// The secret the core's `fuzzing` entry points scrub from errors.
pub const FUZZ_SECRET: &str = "KEY";

/// The `Retry-After` the core's `fuzzing` entry points attach to every answer.
pub const FUZZ_RETRY_AFTER: Duration = Duration::from_secs(1);

/// Statuses worth hitting often; other inputs map to any status from 100 to 599.
const COMMON_STATUSES: [u16; 16] = [
    200, 201, 204, 299, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504, 100,
];

/// Splits fuzz input into an HTTP status and a body.
pub fn split_answer(data: &[u8]) -> (u16, &[u8]) {
    match data {
        [] => (200, data),
        [first, rest @ ..] if *first < 0x80 => (
            COMMON_STATUSES[usize::from(*first) % COMMON_STATUSES.len()],
            rest,
        ),
        [first, second, rest @ ..] => (100 + u16::from_le_bytes([*first, *second]) % 500, rest),
        [_] => (200, &[]),
    }
}

/// The body as a JSON object whose `status` is not `"error"`, if it is one.
pub fn success_object(body: &[u8]) -> Option<Map<String, Value>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object))
            if object.get("status").and_then(Value::as_str) != Some("error") =>
        {
            Some(object)
        }
        _ => None,
    }
}

/// Checks a decoder's answer: success only for a 2xx whose body is a JSON object not saying
/// `"error"`, returning that object; otherwise an error consistent with the status.
pub fn check_decoded<T>(
    status: u16,
    body: &[u8],
    result: &Result<T, Error>,
) -> Option<Map<String, Value>> {
    let two_xx = (200..300).contains(&status);
    match result {
        Ok(_) => {
            assert!(two_xx, "a success decoded from HTTP {status}");
            let object = success_object(body);
            assert!(
                object.is_some(),
                "a success decoded from a body that is not one"
            );
            object
        }
        Err(error) => {
            check_answer_error(status, body, error);
            None
        }
    }
}

/// Checks an error decoded from an answer with `status` and `body`.
pub fn check_answer_error(status: u16, body: &[u8], error: &Error) {
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains(FUZZ_SECRET),
        "the secret leaked into an error: {shown}"
    );
    assert_eq!(error.status(), Some(status), "{error:?}");
    let two_xx = (200..300).contains(&status);
    match error {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(status, 429);
            assert_eq!(*retry_after, Some(FUZZ_RETRY_AFTER));
            assert!(error.is_retryable());
        }
        Error::Api {
            status: got,
            retry_after,
            ..
        } => {
            assert_ne!(*got, 429, "a 429 must be RateLimited");
            assert_eq!(*retry_after, Some(FUZZ_RETRY_AFTER));
            if two_xx {
                let says_error = matches!(
                    serde_json::from_slice::<Value>(body),
                    Ok(Value::Object(o)) if o.get("status").and_then(Value::as_str) == Some("error")
                );
                assert!(says_error, "an API error from a 2xx that does not say so");
            }
            assert_eq!(
                error.is_retryable(),
                matches!(status, 408 | 500 | 502 | 503 | 504)
            );
        }
        Error::Decode { snippet, .. } => {
            assert!(
                two_xx,
                "a decode error from HTTP {status}: non-2xx must be Api"
            );
            // 64 characters, each escaped to at most 10 bytes, and an ellipsis.
            assert!(
                snippet.len() <= 64 * 10 + 3,
                "snippet of {} bytes",
                snippet.len()
            );
            assert!(!error.is_retryable());
        }
        other => panic!("a decoder returned a non-answer error: {other:?}"),
    }
}

/// HMAC-SHA256 of `body` keyed by `secret`, by the RustCrypto crates (not the core's ring).
pub fn hmac_tag(secret: &[u8], body: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// The 32 bytes a signature header value stands for: 64 hex digits in either case, or base64
/// (either alphabet, padded or not) of 32 bytes, surrounding whitespace ignored. `None` when
/// it is neither (the core must then call it malformed).
pub fn decode_signature(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
        }
        return Some(out);
    }
    STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE.decode(text))
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
}

/// Encodings a genuine signature is written in by the targets.
pub fn encode_signature(tag: &[u8; 32], encoding: u8) -> String {
    match encoding % 5 {
        0 => tag.iter().map(|b| format!("{b:02x}")).collect(),
        1 => tag.iter().map(|b| format!("{b:02X}")).collect(),
        2 => base64::engine::general_purpose::STANDARD.encode(tag),
        3 => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tag),
        _ => format!(
            " {} ",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(tag)
        ),
    }
}
