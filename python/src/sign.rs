//! `sign_delivery`: the headers Ayrshare would send with a body, for testing a receiver (the
//! core signs; this module converts arguments and the result).

use std::time::{SystemTime, UNIX_EPOCH};

use ayrshare_webhooks::Error;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple};

use crate::convert::{body_bytes, text, type_name};
use crate::errors::{IntoPyResult, guard};

/// Signs ``body`` as Ayrshare signs a delivery, so a receiver can be tested without the API:
/// whatever this signs, ``Verifier`` accepts (within its tolerance of ``timestamp``).
///
/// Args:
///     secret: The webhook secret, or a list of them: the current one first and, to play a
///         rotation's grace window, the previous one after it.
///     body: The exact bytes to send.
///     timestamp: Unix seconds for ``X-Authorization-Timestamp`` (default: now).
///
/// Returns:
///     The headers as a ``dict``: ``X-Authorization-Content-SHA256``,
///     ``X-Authorization-Timestamp`` and, with several secrets,
///     ``X-Authorization-Content-SHA256-V2``.
///
/// Raises:
///     InvalidInputError: No secret, or one that is empty, over 1,024 bytes or holds a
///         control character (field ``secret``), or a negative timestamp (field
///         ``timestamp``).
///     TypeError: An argument has the wrong type.
///
/// Example::
///
///     body = b'{"action": "social", "type": "link", "hookId": "h1"}'
///     response = client.post("/hooks/ayrshare", content=body,
///                            headers=sign_delivery("my-signing-secret", body))
#[pyfunction]
#[pyo3(signature = (secret, body, timestamp = None))]
pub(crate) fn sign_delivery<'py>(
    secret: &Bound<'py, PyAny>,
    body: &Bound<'py, PyAny>,
    timestamp: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let py = secret.py();
    guard(py, || {
        let secrets = secrets(secret)?;
        let body = body_bytes(body)?;
        let timestamp = match timestamp {
            Some(value) if !value.is_none() => unix_seconds(value)?.or_raise(py)?,
            _ => now(),
        };
        let headers = ayrshare_webhooks::sign_delivery(&secrets, &body, timestamp).or_raise(py)?;
        let dict = PyDict::new(py);
        for (name, value) in headers.pairs() {
            dict.set_item(name, value)?;
        }
        Ok(dict)
    })
}

/// `str`, or a list or tuple of `str`.
fn secrets(value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if value.cast::<PyString>().is_ok() {
        return Ok(vec![text("secret", value)?.into_owned()]);
    }
    if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
        return value
            .try_iter()?
            .map(|item| Ok(text("each secret", &item?)?.into_owned()))
            .collect();
    }
    Err(PyTypeError::new_err(format!(
        "secret must be str or a list of str, not {}",
        type_name(value)
    )))
}

/// A Unix time in whole seconds: an `int` (not `bool`), at least 0.
fn unix_seconds(value: &Bound<'_, PyAny>) -> PyResult<Result<u64, Error>> {
    if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "timestamp must be int (Unix seconds), not {}",
            type_name(value)
        )));
    }
    Ok(value.extract::<u64>().map_err(|_| Error::InvalidInput {
        field: "timestamp",
        reason: "must be a Unix time in seconds, from 0 to 2^64 - 1".to_owned(),
    }))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}
