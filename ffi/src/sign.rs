//! `ayr_sign_delivery`: the headers Ayrshare would send with a body, so a receiver can be
//! tested without the API (whatever it signs, `ayr_verifier_verify` accepts).

use std::ffi::{CString, c_char};

use ayrshare_webhooks::sign_delivery;

use crate::args::{self, Out};
use crate::error::{ErrorSlot, ayr_error};
use crate::panic;
use crate::result::ayr_result;
use crate::strings;

/// The headers of a signed delivery, as made by `ayr_sign_delivery`. Immutable: may be read
/// from several threads at once. Its strings live until `ayr_signed_headers_free`. The values
/// are signatures and a time, not secrets.
pub struct ayr_signed_headers {
    signature: CString,
    signature_v2: Option<CString>,
    timestamp: CString,
}

/// Signs `body` as Ayrshare signs a delivery, for testing a receiver: the HMAC-SHA256 of the
/// exact bytes keyed by each secret, and `timestamp` (Unix seconds, not itself signed; pass
/// `time(NULL)` for a delivery sent now).
///
/// `secrets`: `secrets_len` NUL-terminated UTF-8 strings, the current secret first and, to play
/// a rotation's grace window, the previous one after it. `body`/`body_len`: the bytes to sign;
/// `(NULL, 0)` is an empty body. On success stores new headers in `*out_headers` (free them
/// with `ayr_signed_headers_free`): `ayr_signed_headers_signature` is
/// `X-Authorization-Content-SHA256`, `ayr_signed_headers_timestamp` is
/// `X-Authorization-Timestamp`, and with more than one secret
/// `ayr_signed_headers_signature_v2` is `X-Authorization-Content-SHA256-V2`.
///
/// Errors: AYR_ERR_INVALID_ARGUMENT on field `secret` (no secret, or one that is empty, over
/// 1,024 bytes, holds a control character or is not UTF-8), AYR_ERR_NULL_ARGUMENT (NULL
/// `out_headers`, `secrets` NULL with a non-zero length or holding a NULL, `body` NULL with a
/// non-zero length). Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_sign_delivery(
    secrets: *const *const c_char,
    secrets_len: usize,
    body: *const u8,
    body_len: usize,
    timestamp: u64,
    out_headers: *mut *mut ayr_signed_headers,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: an array of `secrets_len` pointers or NULL, each a
        // NUL-terminated string or NULL; a buffer valid for its length or NULL; an out-pointer
        // valid for one write or NULL.
        let (secrets, body, out) = unsafe {
            let pointers: &[*const c_char] = if secrets.is_null() && secrets_len == 0 {
                &[]
            } else if secrets.is_null() {
                return Err(ayr_error::null_argument("secrets"));
            } else {
                std::slice::from_raw_parts(secrets, secrets_len)
            };
            let secrets = pointers
                .iter()
                .map(|&secret| match args::string(secret, "secret") {
                    Err(e) if e.result() == ayr_result::AYR_ERR_NULL_ARGUMENT => {
                        Err(ayr_error::null_argument("secrets"))
                    }
                    other => other,
                })
                .collect::<Result<Vec<&str>, _>>()?;
            (
                secrets,
                args::bytes(body, body_len, "body")?,
                Out::new(out_headers, "out_headers")?,
            )
        };
        let signed = sign_delivery(&secrets, body, timestamp)?;
        out.write(ayr_signed_headers {
            signature: strings::from_answer(signed.signature, "the signature")?,
            signature_v2: strings::optional_from_answer(signed.signature_v2, "the signatures")?,
            timestamp: strings::from_answer(signed.timestamp, "the timestamp")?,
        });
        Ok(())
    })
}

/// The value of `X-Authorization-Content-SHA256`: lower-case hex HMAC-SHA256 of the body with
/// the first secret. NULL when `headers` is NULL. Valid until the headers are freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_signed_headers_signature(
    headers: *const ayr_signed_headers,
) -> *const c_char {
    // SAFETY: the contract: NULL or headers from libayr not yet freed.
    unsafe { panic::accessor(headers, std::ptr::null(), |h| h.signature.as_ptr()) }
}

/// The value of `X-Authorization-Content-SHA256-V2` (`v1=<sig>,v1=<sig>`, one entry per
/// secret), or NULL when only one secret signed (Ayrshare then sends no such header) or
/// `headers` is NULL. Valid until the headers are freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_signed_headers_signature_v2(
    headers: *const ayr_signed_headers,
) -> *const c_char {
    // SAFETY: the contract: NULL or headers from libayr not yet freed.
    unsafe {
        panic::accessor(headers, std::ptr::null(), |h| {
            h.signature_v2
                .as_ref()
                .map_or(std::ptr::null(), |s| s.as_ptr())
        })
    }
}

/// The value of `X-Authorization-Timestamp`: the timestamp given, in decimal. NULL when
/// `headers` is NULL. Valid until the headers are freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_signed_headers_timestamp(
    headers: *const ayr_signed_headers,
) -> *const c_char {
    // SAFETY: the contract: NULL or headers from libayr not yet freed.
    unsafe { panic::accessor(headers, std::ptr::null(), |h| h.timestamp.as_ptr()) }
}

/// Frees signed headers and their strings. NULL is allowed and does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_signed_headers_free(headers: *mut ayr_signed_headers) {
    // SAFETY: the contract: NULL or headers from libayr, freed once.
    panic::infallible((), || unsafe { args::free(headers) })
}
