//! `ayr_result`: the code every fallible function returns, and its names.

use std::ffi::c_char;

use crate::panic;

/// What a fallible libayr call did: `AYR_OK` (0) on success, otherwise the kind of failure.
/// The values are stable across releases; new kinds may be added. `ayr_result_name` spells
/// any value; an ayr_error (see `out_error`) tells the details.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ayr_result {
    /// The call succeeded.
    AYR_OK = 0,
    /// A required pointer argument was NULL. Nothing was done.
    AYR_ERR_NULL_ARGUMENT = 1,
    /// An argument broke one of the SDK's rules (an unknown action, an `http://` webhook URL, a
    /// key with a control character, a zero timeout, an empty secret, ...) or a string argument
    /// was not valid UTF-8. `ayr_error_field` names the argument. Nothing was sent.
    AYR_ERR_INVALID_ARGUMENT = 2,
    /// libayr caught an internal panic (a bug: please report it). The process is unharmed; the
    /// objects passed to the call are still valid to use and to free.
    AYR_ERR_PANIC = 3,
    /// A failure of a kind this version of libayr cannot name more precisely; read the message.
    AYR_ERR_OTHER = 4,
    /// The API answered with an error: an HTTP status outside 2xx (other than 429), or a 2xx
    /// whose JSON `status` is `"error"`. See `ayr_error_http_status`, `ayr_error_api_code` and
    /// `ayr_error_message`.
    AYR_ERR_API = 10,
    /// HTTP 429: too many requests for this profile. `ayr_error_retry_after_ms` tells how long
    /// the server asked to wait, when it said.
    AYR_ERR_RATE_LIMITED = 11,
    /// No complete answer arrived within the per-attempt timeout, on every attempt.
    AYR_ERR_TIMEOUT = 12,
    /// The connection failed on every attempt (DNS, refused, reset, a TLS handshake cut short,
    /// an unreachable proxy, an answer that is not HTTP). An untrusted certificate is AYR_ERR_TLS.
    AYR_ERR_CONNECTION = 13,
    /// A 2xx answer whose body was not the expected JSON (or held text a C string cannot carry:
    /// a NUL character), an answer over 1 MiB, or a delivery body that is not a webhook payload.
    AYR_ERR_DECODE = 14,
    /// The server's TLS certificate is not trusted (unknown issuer, expired, wrong host name) or
    /// the TLS handshake failed for another reason retrying cannot fix. Never retried. The
    /// message names the host and the reason; trust a private CA with
    /// `ayr_client_builder_set_ca_bundle` or `ayr_client_builder_use_system_roots`.
    AYR_ERR_TLS = 15,
    /// The proxy refused to open a tunnel to the API (its status, such as 403 or 407, is in
    /// `ayr_error_http_status`), or did not answer in HTTP. Never retried. The message names the
    /// proxy's host and port, never its credentials.
    AYR_ERR_PROXY = 16,
    /// The client's cancel callback (`ayr_client_builder_set_cancel`) asked the call to stop.
    AYR_ERR_CANCELLED = 17,
    /// The delivery failed verification for a reason this version cannot name more precisely.
    /// Every AYR_ERR_SIGNATURE_* and AYR_ERR_TIMESTAMP_* value means "reject this delivery".
    AYR_ERR_SIGNATURE = 20,
    /// The delivery carries no signature (no or empty `X-Authorization-Content-SHA256` and no
    /// `v1=` entry in `X-Authorization-Content-SHA256-V2`).
    AYR_ERR_SIGNATURE_MISSING = 21,
    /// A signature is present but is neither 64 hex digits nor base64 of 32 bytes.
    AYR_ERR_SIGNATURE_MALFORMED = 22,
    /// A well-formed signature does not match the body: a wrong secret or an altered body.
    AYR_ERR_SIGNATURE_MISMATCH = 23,
    /// `X-Authorization-Timestamp` is absent while the verifier checks timestamps.
    AYR_ERR_TIMESTAMP_MISSING = 24,
    /// `X-Authorization-Timestamp` is not a Unix time.
    AYR_ERR_TIMESTAMP_MALFORMED = 25,
    /// The timestamp is further from now than the verifier's tolerance (a replay or a bad clock).
    AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE = 26,
}

/// Every value, in numeric order.
const ALL: [ayr_result; 20] = [
    ayr_result::AYR_OK,
    ayr_result::AYR_ERR_NULL_ARGUMENT,
    ayr_result::AYR_ERR_INVALID_ARGUMENT,
    ayr_result::AYR_ERR_PANIC,
    ayr_result::AYR_ERR_OTHER,
    ayr_result::AYR_ERR_API,
    ayr_result::AYR_ERR_RATE_LIMITED,
    ayr_result::AYR_ERR_TIMEOUT,
    ayr_result::AYR_ERR_CONNECTION,
    ayr_result::AYR_ERR_DECODE,
    ayr_result::AYR_ERR_TLS,
    ayr_result::AYR_ERR_PROXY,
    ayr_result::AYR_ERR_CANCELLED,
    ayr_result::AYR_ERR_SIGNATURE,
    ayr_result::AYR_ERR_SIGNATURE_MISSING,
    ayr_result::AYR_ERR_SIGNATURE_MALFORMED,
    ayr_result::AYR_ERR_SIGNATURE_MISMATCH,
    ayr_result::AYR_ERR_TIMESTAMP_MISSING,
    ayr_result::AYR_ERR_TIMESTAMP_MALFORMED,
    ayr_result::AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE,
];

impl ayr_result {
    /// The value's name as spelled in C, NUL-terminated.
    pub const fn name(self) -> &'static std::ffi::CStr {
        use ayr_result::*;
        match self {
            AYR_OK => c"AYR_OK",
            AYR_ERR_NULL_ARGUMENT => c"AYR_ERR_NULL_ARGUMENT",
            AYR_ERR_INVALID_ARGUMENT => c"AYR_ERR_INVALID_ARGUMENT",
            AYR_ERR_PANIC => c"AYR_ERR_PANIC",
            AYR_ERR_OTHER => c"AYR_ERR_OTHER",
            AYR_ERR_API => c"AYR_ERR_API",
            AYR_ERR_RATE_LIMITED => c"AYR_ERR_RATE_LIMITED",
            AYR_ERR_TIMEOUT => c"AYR_ERR_TIMEOUT",
            AYR_ERR_CONNECTION => c"AYR_ERR_CONNECTION",
            AYR_ERR_DECODE => c"AYR_ERR_DECODE",
            AYR_ERR_TLS => c"AYR_ERR_TLS",
            AYR_ERR_PROXY => c"AYR_ERR_PROXY",
            AYR_ERR_CANCELLED => c"AYR_ERR_CANCELLED",
            AYR_ERR_SIGNATURE => c"AYR_ERR_SIGNATURE",
            AYR_ERR_SIGNATURE_MISSING => c"AYR_ERR_SIGNATURE_MISSING",
            AYR_ERR_SIGNATURE_MALFORMED => c"AYR_ERR_SIGNATURE_MALFORMED",
            AYR_ERR_SIGNATURE_MISMATCH => c"AYR_ERR_SIGNATURE_MISMATCH",
            AYR_ERR_TIMESTAMP_MISSING => c"AYR_ERR_TIMESTAMP_MISSING",
            AYR_ERR_TIMESTAMP_MALFORMED => c"AYR_ERR_TIMESTAMP_MALFORMED",
            AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE => c"AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE",
        }
    }

    /// The value whose number is `code`, if any.
    pub fn from_code(code: u32) -> Option<ayr_result> {
        ALL.into_iter().find(|r| *r as u32 == code)
    }
}

/// An `ayr_result` as C passes it in: any 32-bit number, so that an unknown value is not
/// undefined behaviour on the Rust side. The header spells this type `ayr_result`.
#[repr(transparent)]
#[derive(Debug, Clone, Copy)]
pub struct AyrResultArg(pub u32);

/// The name of `result` as a static string (such as `"AYR_ERR_TIMEOUT"`), or
/// `"AYR_ERR_UNKNOWN"` for a value that is not an ayr_result. Never NULL; never free it.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ayr_result_name(result: AyrResultArg) -> *const c_char {
    panic::infallible(c"AYR_ERR_UNKNOWN".as_ptr(), || {
        ayr_result::from_code(result.0)
            .map_or(c"AYR_ERR_UNKNOWN", ayr_result::name)
            .as_ptr()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_spell_the_variants_and_codes_are_unique() {
        for result in ALL {
            assert_eq!(
                result.name().to_str().unwrap(),
                format!("{result:?}"),
                "{result:?}"
            );
            assert_eq!(ayr_result::from_code(result as u32), Some(result));
        }
        let mut codes: Vec<u32> = ALL.iter().map(|r| *r as u32).collect();
        codes.dedup();
        assert_eq!(codes.len(), ALL.len());
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "ALL is in order");
        assert_eq!(ayr_result::from_code(5), None);
    }
}
