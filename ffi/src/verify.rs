//! Verifying deliveries: one signature (`ayr_verify_signature`), or a whole delivery from its
//! headers with an `ayr_verifier` (rotation signatures and the timestamp window).

use std::ffi::c_char;
use std::time::{Duration, SystemTime};

use ayrshare_webhooks::{DeliveryHeaders, Verifier, at_most_a_year, verify_signature};

use crate::args::{self, Out};
use crate::error::{ErrorSlot, ayr_error};
use crate::panic;
use crate::result::ayr_result;

/// The timestamp tolerance, in seconds, of a verifier created with this value: 5 minutes
/// either way, the core's default.
pub const AYR_DEFAULT_TOLERANCE_SECS: u64 = 300;

/// Pass as `tolerance_secs` to `ayr_verifier_new` to skip the timestamp check (the signature
/// is still required). Ayrshare does not sign the timestamp, so the check only limits stale
/// deliveries.
pub const AYR_NO_TIMESTAMP_CHECK: u64 = u64::MAX;

/// Checks that `signature` is the HMAC-SHA256 of the exact `body` bytes keyed by `secret`, in
/// constant time. `signature` may be hex (either case) or base64; surrounding spaces are
/// ignored. Use the bytes as received: never a re-serialised body.
///
/// `secret` and `body` are byte buffers; `(NULL, 0)` is an empty buffer, NULL with a non-zero
/// length is AYR_ERR_NULL_ARGUMENT. `signature` is required (the header's value).
/// Returns AYR_OK when the signature matches; otherwise AYR_ERR_SIGNATURE_MISMATCH,
/// AYR_ERR_SIGNATURE_MALFORMED, AYR_ERR_SIGNATURE_MISSING (an empty signature),
/// AYR_ERR_INVALID_ARGUMENT (an empty secret or a non-UTF-8 signature) or
/// AYR_ERR_NULL_ARGUMENT. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_verify_signature(
    secret: *const u8,
    secret_len: usize,
    body: *const u8,
    body_len: usize,
    signature: *const c_char,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: buffers valid for their lengths or NULL, a
        // NUL-terminated string or NULL.
        let (secret, body, signature) = unsafe {
            (
                args::bytes(secret, secret_len, "secret")?,
                args::bytes(body, body_len, "body")?,
                args::string(signature, "signature")?,
            )
        };
        verify_signature(secret, body, signature)?;
        Ok(())
    })
}

/// Verifies deliveries for one webhook secret (and checks their timestamp). Immutable once
/// created: one verifier may be used by many threads at once. Free it with `ayr_verifier_free`.
pub struct ayr_verifier {
    inner: Verifier,
}

impl ayr_verifier {
    /// The core's verifier.
    pub(crate) fn core(&self) -> &Verifier {
        &self.inner
    }
}

/// Creates a verifier for `secret` (the bytes registered as the webhook's secret).
///
/// `tolerance_secs`: how far a delivery's `X-Authorization-Timestamp` may be from now, either
/// way, in seconds: AYR_DEFAULT_TOLERANCE_SECS (300) unless you have a reason, or
/// AYR_NO_TIMESTAMP_CHECK (UINT64_MAX) to skip the check.
///
/// On success stores a new verifier in `*out_verifier` (free it with `ayr_verifier_free`).
/// Errors: AYR_ERR_NULL_ARGUMENT (NULL `out_verifier`, or NULL `secret` with a non-zero
/// length), AYR_ERR_INVALID_ARGUMENT (an empty secret, or a tolerance over a year other than
/// AYR_NO_TIMESTAMP_CHECK: field `tolerance`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_verifier_new(
    secret: *const u8,
    secret_len: usize,
    tolerance_secs: u64,
    out_verifier: *mut *mut ayr_verifier,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: a buffer valid for its length or NULL, an
        // out-pointer valid for one write or NULL.
        let (secret, out) = unsafe {
            (
                args::bytes(secret, secret_len, "secret")?,
                Out::new(out_verifier, "out_verifier")?,
            )
        };
        let verifier = Verifier::new(secret)?;
        let inner = match tolerance_secs {
            AYR_NO_TIMESTAMP_CHECK => verifier.without_timestamp_check(),
            secs => verifier.tolerance(at_most_a_year("tolerance", Duration::from_secs(secs))?),
        };
        out.write(ayr_verifier { inner });
        Ok(())
    })
}

/// Verifies one delivery as of now: its signature, then its timestamp.
///
/// Pass the values of the delivery's headers, each NULL when the header is absent:
/// `signature` = `X-Authorization-Content-SHA256`, `signature_v2` =
/// `X-Authorization-Content-SHA256-V2` (sent during a secret rotation: `v1=<sig>,v1=<sig>`),
/// `timestamp` = `X-Authorization-Timestamp`. `body`/`body_len` are the exact body bytes
/// received (`(NULL, 0)` for an empty body). The delivery passes when `signature` or any `v1=`
/// entry of `signature_v2` matches the body.
///
/// Returns AYR_OK for a genuine delivery; otherwise the first failed check:
/// AYR_ERR_SIGNATURE_MISSING, AYR_ERR_SIGNATURE_MALFORMED, AYR_ERR_SIGNATURE_MISMATCH, then
/// AYR_ERR_TIMESTAMP_MISSING, AYR_ERR_TIMESTAMP_MALFORMED, AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE;
/// or AYR_ERR_NULL_ARGUMENT (NULL `verifier`), AYR_ERR_INVALID_ARGUMENT (a header that is not
/// UTF-8). Reject the delivery (for example with HTTP 401) on any error. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_verifier_verify(
    verifier: *const ayr_verifier,
    signature: *const c_char,
    signature_v2: *const c_char,
    timestamp: *const c_char,
    body: *const u8,
    body_len: usize,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: a live verifier or NULL, NUL-terminated strings or
        // NULL, a buffer valid for its length or NULL.
        let (verifier, headers, body) = unsafe {
            let headers = DeliveryHeaders {
                signature: args::optional_string(signature, "signature")?,
                signature_v2: args::optional_string(signature_v2, "signature_v2")?,
                timestamp: args::optional_string(timestamp, "timestamp")?,
            };
            (
                args::handle(verifier, "verifier")?,
                headers,
                args::bytes(body, body_len, "body")?,
            )
        };
        verifier
            .inner
            .verify_headers(&headers, body, SystemTime::now())?;
        Ok(())
    })
}

/// Frees a verifier. NULL is allowed and does nothing. No other thread may be using it.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_verifier_free(verifier: *mut ayr_verifier) {
    // SAFETY: the contract: NULL or a verifier from libayr, freed once.
    panic::infallible((), || unsafe { args::free(verifier) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tolerance_is_the_cores() {
        assert_eq!(
            Duration::from_secs(AYR_DEFAULT_TOLERANCE_SECS),
            ayrshare_webhooks::DEFAULT_TOLERANCE
        );
    }
}
