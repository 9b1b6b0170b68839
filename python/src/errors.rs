//! The one mapping from core errors (and panics) to the Python exception classes.
//!
//! The classes themselves are defined once, in `ayrshare_webhooks/_exceptions.py` (Python
//! allows the multiple inheritance `InvalidInputError(AyrshareError, ValueError)` needs); this
//! module looks them up by name and instantiates them with the attributes they document.
//! Every message is the core's `Display`, which never contains a key or a secret.

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};

use ayrshare_webhooks::{Error, SignatureError};
use pyo3::exceptions::{PyAttributeError, PyImportError, PyRuntimeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};

/// The Python module that defines the exception classes.
const EXCEPTIONS_MODULE: &str = "ayrshare_webhooks._exceptions";

/// Runs `body`, turning a Rust panic into an `AyrshareError` instead of PyO3's
/// `PanicException` (a `BaseException` that `except Exception` would not catch).
pub(crate) fn guard<T>(py: Python<'_>, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(panic_error(py, payload.as_ref())),
    }
}

/// Extension to turn a core `Result` into a `PyResult`.
pub(crate) trait IntoPyResult<T> {
    /// Maps the core error with [`to_py_err`].
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> IntoPyResult<T> for Result<T, Error> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|error| to_py_err(py, &error))
    }
}

impl<T> IntoPyResult<T> for Result<T, SignatureError> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|error| signature_error(py, error))
    }
}

/// The Python exception for a core error:
///
/// | core error | Python class | attributes |
/// |---|---|---|
/// | `InvalidInput` | `InvalidInputError` | `field` |
/// | `Api` 401 / 403 / 404 / 5xx / other | `AuthenticationError` / `PermissionDeniedError` / `NotFoundError` / `ServerError` / `APIError` | `status_code`, `code`, `message` |
/// | `RateLimited` | `RateLimitError` | the above and `retry_after` (seconds or `None`) |
/// | `Timeout` | `APITimeoutError` | `attempts` |
/// | `Connection` | `APIConnectionError` | `attempts` |
/// | `Tls` | `TLSError` (an `APIConnectionError`) | `attempts` (1) |
/// | `Proxy` | `ProxyError` (an `APIConnectionError`) | `attempts` (1), `proxy`, `status_code` |
/// | `Cancelled` | the exception a signal handler raised (`KeyboardInterrupt`, ...), else `CallCancelledError` | |
/// | `Decode` | `DecodeError` | `status_code` (`None` for a delivery body) |
/// | `Signature` | `SignatureVerificationError` | `reason` |
pub(crate) fn to_py_err(py: Python<'_>, error: &Error) -> PyErr {
    // A call stopped by a signal handler's exception raises that exception, as itself.
    if matches!(error, Error::Cancelled) {
        if let Some(raised) = crate::signals::take_pending() {
            return raised;
        }
    }
    // A rejected delivery (`Verifier.verify_event`) is raised as `verify` raises it.
    if let Error::Signature(signature) = error {
        return signature_error(py, *signature);
    }
    let text = error.to_string();
    let build = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        let class = match error {
            Error::InvalidInput { field, .. } => {
                kwargs.set_item("field", *field)?;
                "InvalidInputError"
            }
            Error::Api {
                status,
                code,
                message,
                ..
            } => {
                kwargs.set_item("status_code", *status)?;
                kwargs.set_item("code", *code)?;
                kwargs.set_item("message", message)?;
                api_error_class(*status)
            }
            Error::RateLimited {
                retry_after,
                code,
                message,
                ..
            } => {
                kwargs.set_item("status_code", 429)?;
                kwargs.set_item("code", *code)?;
                kwargs.set_item("message", message)?;
                kwargs.set_item("retry_after", retry_after.map(|d| d.as_secs_f64()))?;
                "RateLimitError"
            }
            Error::Timeout { attempts } => {
                kwargs.set_item("attempts", *attempts)?;
                "APITimeoutError"
            }
            Error::Connection { attempts, .. } => {
                kwargs.set_item("attempts", *attempts)?;
                "APIConnectionError"
            }
            Error::Tls { .. } => {
                kwargs.set_item("attempts", 1)?;
                "TLSError"
            }
            Error::Proxy { proxy, status, .. } => {
                kwargs.set_item("attempts", 1)?;
                kwargs.set_item("proxy", proxy)?;
                kwargs.set_item("status_code", *status)?;
                "ProxyError"
            }
            Error::Cancelled => "CallCancelledError",
            Error::Decode { status, .. } => {
                kwargs.set_item("status_code", *status)?;
                "DecodeError"
            }
            // `Error` is non-exhaustive: a variant added to the core later is still an
            // `AyrshareError`, with its message.
            _ => "AyrshareError",
        };
        instantiate(py, class, &text, &kwargs)
    };
    build().unwrap_or_else(|lookup_failure| fallback(py, &text, &lookup_failure))
}

/// An `InvalidInputError` naming `field` (which may be any argument's name), with the message
/// the core gives such errors.
pub(crate) fn invalid_input(py: Python<'_>, field: &str, reason: &str) -> PyErr {
    let text = format!("invalid {field}: {reason} (no request was sent)");
    let build = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("field", field)?;
        instantiate(py, "InvalidInputError", &text, &kwargs)
    };
    build().unwrap_or_else(|lookup_failure| fallback(py, &text, &lookup_failure))
}

/// The `APIError` subclass for an HTTP status.
fn api_error_class(status: u16) -> &'static str {
    match status {
        401 => "AuthenticationError",
        403 => "PermissionDeniedError",
        404 => "NotFoundError",
        429 => "RateLimitError",
        500..=599 => "ServerError",
        _ => "APIError",
    }
}

/// A `SignatureVerificationError` whose `reason` is the core's stable code (`"mismatch"`, ...).
pub(crate) fn signature_error(py: Python<'_>, error: SignatureError) -> PyErr {
    // A failure of the caller's input (an empty secret) is invalid input, as `Verifier` reports it.
    if let Some(field) = error.invalid_field() {
        let reason = error.to_string();
        return to_py_err(py, &Error::InvalidInput { field, reason });
    }
    let text = format!("signature verification failed: {error}");
    let build = || -> PyResult<PyErr> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("reason", error.code())?;
        instantiate(py, "SignatureVerificationError", &text, &kwargs)
    };
    build().unwrap_or_else(|lookup_failure| fallback(py, &text, &lookup_failure))
}

/// An `AyrshareError` for a panic. The panic's own message is not kept: it is not covered by
/// the core's guarantee that messages carry no credential.
fn panic_error(py: Python<'_>, _payload: &(dyn Any + Send)) -> PyErr {
    let text = "internal error in ayrshare-webhooks (a Rust panic; a bug, please report it)";
    instantiate(py, "AyrshareError", text, &PyDict::new(py))
        .unwrap_or_else(|lookup_failure| fallback(py, text, &lookup_failure))
}

/// `class(text, **kwargs)` from the exceptions module, as a `PyErr`.
fn instantiate(
    py: Python<'_>,
    class: &str,
    text: &str,
    kwargs: &Bound<'_, PyDict>,
) -> PyResult<PyErr> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let module = MODULE.get_or_try_init(py, || {
        PyModule::import(py, EXCEPTIONS_MODULE).map(Bound::unbind)
    })?;
    let instance = module
        .bind(py)
        .getattr(class)?
        .call((text,), Some(kwargs))?;
    Ok(PyErr::from_value(instance))
}

/// When the proper exception could not be made. An exception raised while making it (a signal
/// handler's `KeyboardInterrupt`, a `MemoryError`) is raised as itself: it is the caller's
/// business, not the SDK's. Only a broken installation (the exceptions module cannot be
/// imported, or lacks the class) gives a `RuntimeError` carrying the message, chained to the
/// import failure.
fn fallback(py: Python<'_>, text: &str, lookup_failure: &PyErr) -> PyErr {
    let broken_install = lookup_failure.is_instance_of::<PyImportError>(py)
        || lookup_failure.is_instance_of::<PyAttributeError>(py);
    if !broken_install {
        return lookup_failure.clone_ref(py);
    }
    let error = PyRuntimeError::new_err(text.to_owned());
    error.set_cause(py, Some(lookup_failure.clone_ref(py)));
    error
}
