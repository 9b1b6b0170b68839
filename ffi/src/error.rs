//! `ayr_error`: the details of a failed call, and the conversions from the core's errors.

use std::ffi::{CString, c_char};
use std::time::Duration;

use ayrshare_webhooks::{Error, SignatureError};

use crate::args;
use crate::panic;
use crate::result::ayr_result;
use crate::strings;

/// The details of a failed call, stored in `*out_error` by the function that failed. Owned by
/// the caller: free it with `ayr_error_free`. Its strings live until it is freed. Immutable, so
/// it may be read from several threads at once. The message never contains an API key, a
/// profile key or a webhook secret.
#[derive(Debug)]
pub struct ayr_error {
    result: ayr_result,
    message: CString,
    field: Option<CString>,
    http_status: u16,
    api_code: i64,
    retry_after_ms: i64,
    retryable: bool,
}

impl ayr_error {
    /// An error with only a code and a message.
    pub fn new(result: ayr_result, message: &str) -> ayr_error {
        ayr_error {
            result,
            message: strings::lossy(message),
            field: None,
            http_status: 0,
            api_code: -1,
            retry_after_ms: -1,
            retryable: false,
        }
    }

    /// A required pointer argument was NULL.
    pub fn null_argument(name: &'static str) -> ayr_error {
        ayr_error::new(
            ayr_result::AYR_ERR_NULL_ARGUMENT,
            &format!("argument `{name}` is NULL"),
        )
        .with_field(name)
    }

    /// A string argument was not valid UTF-8.
    pub fn invalid_utf8(name: &'static str) -> ayr_error {
        ayr_error::new(
            ayr_result::AYR_ERR_INVALID_ARGUMENT,
            &format!("invalid {name}: not valid UTF-8 (no request was sent)"),
        )
        .with_field(name)
    }

    /// A caught panic.
    pub fn panic() -> ayr_error {
        ayr_error::new(
            ayr_result::AYR_ERR_PANIC,
            "internal error: libayr caught a panic (a bug in libayr; please report it)",
        )
    }

    /// Names the argument at fault.
    pub fn with_field(mut self, name: &str) -> ayr_error {
        self.field = Some(strings::lossy(name));
        self
    }

    /// The error's code.
    pub fn result(&self) -> ayr_result {
        self.result
    }
}

impl From<Error> for ayr_error {
    fn from(error: Error) -> ayr_error {
        // A rejected delivery has the code of the check that failed, as from
        // `ayr_verifier_verify`.
        if let Error::Signature(signature) = error {
            return signature.into();
        }
        let result = match &error {
            Error::InvalidInput { .. } => ayr_result::AYR_ERR_INVALID_ARGUMENT,
            Error::Api { .. } => ayr_result::AYR_ERR_API,
            Error::RateLimited { .. } => ayr_result::AYR_ERR_RATE_LIMITED,
            Error::Timeout { .. } => ayr_result::AYR_ERR_TIMEOUT,
            Error::Connection { .. } => ayr_result::AYR_ERR_CONNECTION,
            Error::Decode { .. } => ayr_result::AYR_ERR_DECODE,
            Error::Tls { .. } => ayr_result::AYR_ERR_TLS,
            Error::Proxy { .. } => ayr_result::AYR_ERR_PROXY,
            Error::Cancelled => ayr_result::AYR_ERR_CANCELLED,
            _ => ayr_result::AYR_ERR_OTHER,
        };
        ayr_error {
            result,
            message: strings::lossy(&error.to_string()),
            field: error.invalid_field().map(strings::lossy),
            http_status: error.status().unwrap_or(0),
            api_code: error.api_code().unwrap_or(-1),
            retry_after_ms: error.retry_after().map_or(-1, millis),
            retryable: error.is_retryable(),
        }
    }
}

impl From<SignatureError> for ayr_error {
    fn from(error: SignatureError) -> ayr_error {
        // A failure of the caller's input (an empty secret) is invalid input, as the core's
        // Verifier::new reports it.
        if let Some(field) = error.invalid_field() {
            return ayr_error::new(ayr_result::AYR_ERR_INVALID_ARGUMENT, &error.to_string())
                .with_field(field);
        }
        let result = match error {
            SignatureError::EmptySecret => ayr_result::AYR_ERR_INVALID_ARGUMENT,
            SignatureError::MissingSignature => ayr_result::AYR_ERR_SIGNATURE_MISSING,
            SignatureError::MalformedSignature => ayr_result::AYR_ERR_SIGNATURE_MALFORMED,
            SignatureError::Mismatch => ayr_result::AYR_ERR_SIGNATURE_MISMATCH,
            SignatureError::MissingTimestamp => ayr_result::AYR_ERR_TIMESTAMP_MISSING,
            SignatureError::MalformedTimestamp => ayr_result::AYR_ERR_TIMESTAMP_MALFORMED,
            SignatureError::TimestampOutsideTolerance => {
                ayr_result::AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE
            }
            _ => ayr_result::AYR_ERR_SIGNATURE,
        };
        ayr_error::new(result, &error.to_string())
    }
}

/// Milliseconds, saturating at `i64::MAX`.
fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// Where a fallible function hands its error to the caller: the `out_error` argument, checked
/// once. NULL means the caller does not want the details.
pub struct ErrorSlot(*mut *mut ayr_error);

impl ErrorSlot {
    /// Wraps the `out_error` argument.
    ///
    /// # Safety
    /// `out_error` is NULL or valid for writing one pointer for the rest of the call.
    pub unsafe fn new(out_error: *mut *mut ayr_error) -> ErrorSlot {
        ErrorSlot(out_error)
    }

    /// Gives `error` to the caller, or drops it when the caller passed NULL.
    pub fn store(self, error: ayr_error) {
        if !self.0.is_null() {
            // SAFETY: non-NULL, and valid for one write as promised to `ErrorSlot::new`.
            unsafe { self.0.write(Box::into_raw(Box::new(error))) };
        }
    }
}

/// The kind of failure `error` describes; `AYR_OK` when `error` is NULL (no error).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_error_result(error: *const ayr_error) -> ayr_result {
    // SAFETY: the contract: NULL or an ayr_error from libayr not yet freed.
    unsafe { panic::accessor(error, ayr_result::AYR_OK, |e| e.result) }
}

/// A one-line English description of the failure, meant for logs and people (not for
/// parsing). Never contains a key or a secret. Valid until `error` is freed; NULL when `error`
/// is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_error_message(error: *const ayr_error) -> *const c_char {
    // SAFETY: the contract: NULL or an ayr_error from libayr not yet freed.
    unsafe { panic::accessor(error, std::ptr::null(), |e| e.message.as_ptr()) }
}

/// For AYR_ERR_INVALID_ARGUMENT and AYR_ERR_NULL_ARGUMENT: the name of the argument at fault,
/// such as `"url"`, `"profile_key"` or `"timeout"`. NULL for other errors and when `error` is
/// NULL. Valid until `error` is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_error_field(error: *const ayr_error) -> *const c_char {
    // SAFETY: the contract: NULL or an ayr_error from libayr not yet freed.
    unsafe {
        panic::accessor(error, std::ptr::null(), |e| {
            e.field.as_ref().map_or(std::ptr::null(), |f| f.as_ptr())
        })
    }
}

/// The HTTP status of the answer behind the error (such as 403 or 429), or 0 when there was no
/// answer (invalid input, timeout, connection failure, signature failure) or `error` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_error_http_status(error: *const ayr_error) -> u16 {
    // SAFETY: the contract: NULL or an ayr_error from libayr not yet freed.
    unsafe { panic::accessor(error, 0, |e| e.http_status) }
}

/// Ayrshare's numeric error code from the answer's body (such as 102), or -1 when the answer
/// carried none or `error` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_error_api_code(error: *const ayr_error) -> i64 {
    // SAFETY: the contract: NULL or an ayr_error from libayr not yet freed.
    unsafe { panic::accessor(error, -1, |e| e.api_code) }
}

/// The wait the server asked for in `Retry-After`, in milliseconds, or -1 when it sent none
/// or `error` is NULL. Set on AYR_ERR_RATE_LIMITED (and AYR_ERR_API) errors.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_error_retry_after_ms(error: *const ayr_error) -> i64 {
    // SAFETY: the contract: NULL or an ayr_error from libayr not yet freed.
    unsafe { panic::accessor(error, -1, |e| e.retry_after_ms) }
}

/// Whether the same call may succeed later (timeouts, connection failures, rate limits, HTTP
/// 408/500/502/503/504). The client has already retried such failures `max_retries` times.
/// False when `error` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_error_is_retryable(error: *const ayr_error) -> bool {
    // SAFETY: the contract: NULL or an ayr_error from libayr not yet freed.
    unsafe { panic::accessor(error, false, |e| e.retryable) }
}

/// Frees an error. NULL is allowed and does nothing. The error and its strings must not be
/// used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_error_free(error: *mut ayr_error) {
    // SAFETY: the contract: NULL or an ayr_error from libayr, freed once.
    panic::infallible((), || unsafe { args::free(error) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_details() {
        let timeout: ayr_error = Error::Timeout { attempts: 3 }.into();
        assert_eq!(timeout.result, ayr_result::AYR_ERR_TIMEOUT);
        assert_eq!(
            timeout.message.to_str().unwrap(),
            "request timed out (3 attempts)"
        );
        assert_eq!((timeout.http_status, timeout.api_code), (0, -1));
        assert_eq!(timeout.retry_after_ms, -1);
        assert!(timeout.retryable);
        assert_eq!(millis(Duration::MAX), i64::MAX);
        assert_eq!(millis(Duration::from_micros(1500)), 1);

        let invalid: ayr_error = "nope"
            .parse::<ayrshare_webhooks::Action>()
            .unwrap_err()
            .into();
        assert_eq!(invalid.result, ayr_result::AYR_ERR_INVALID_ARGUMENT);
        assert_eq!(invalid.field.as_deref(), Some(c"action"));
        assert!(!invalid.retryable);

        let mismatch: ayr_error = SignatureError::Mismatch.into();
        assert_eq!(mismatch.result, ayr_result::AYR_ERR_SIGNATURE_MISMATCH);
        let empty: ayr_error = SignatureError::EmptySecret.into();
        assert_eq!(empty.result, ayr_result::AYR_ERR_INVALID_ARGUMENT);
        assert_eq!(empty.field.as_deref(), Some(c"secret"));
    }
}
