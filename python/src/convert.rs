//! Conversions of Python arguments that PyO3 cannot do by itself with a clear `TypeError`
//! (bytes-like bodies, `str | bytes` secrets, header mappings, float seconds), and of JSON
//! values to Python objects.

use std::borrow::Cow;
use std::time::Duration;

use ayrshare_webhooks::{duration_from_secs_f64, is_delivery_header};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PyString,
};
use serde_json::Value;

/// The name of a value's type, for `TypeError` messages (`int`, `NoneType`, ...).
pub(crate) fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|name| name.to_string())
        .unwrap_or_else(|_| "an unknown type".to_owned())
}

/// The raw bytes of a delivery body: `bytes`, `bytearray` or `memoryview`. A `str` is refused,
/// because verifying a re-encoded or re-serialised body would fail or, worse, mislead.
pub(crate) fn body_bytes<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Cow::Borrowed(bytes.as_bytes()));
    }
    if let Ok(array) = value.cast::<PyByteArray>() {
        return Ok(Cow::Owned(array.to_vec()));
    }
    if value.cast::<PyMemoryView>().is_ok() {
        let copy = value.call_method0("tobytes")?;
        return Ok(Cow::Owned(copy.cast::<PyBytes>()?.as_bytes().to_vec()));
    }
    let hint = if value.cast::<PyString>().is_ok() {
        " (pass the exact bytes received: request.get_data() in Flask, await request.body() in \
         Starlette/FastAPI, request.body in Django)"
    } else {
        ""
    };
    Err(PyTypeError::new_err(format!(
        "body must be bytes, bytearray or memoryview, not {}{hint}",
        type_name(value)
    )))
}

/// A verification secret: `str` (used as UTF-8) or `bytes`.
pub(crate) fn secret_bytes(value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_str()?.as_bytes().to_vec());
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(array) = value.cast::<PyByteArray>() {
        return Ok(array.to_vec());
    }
    Err(PyTypeError::new_err(format!(
        "secret must be str or bytes, not {}",
        type_name(value)
    )))
}

/// A `str` argument, with a `TypeError` naming the argument otherwise, and an
/// `InvalidInputError` naming it when it cannot be sent as UTF-8 (a lone surrogate, such as
/// `"\ud800"`).
pub(crate) fn text<'a>(name: &str, value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    match value.cast::<PyString>() {
        Ok(text) => text.to_cow().map_err(|_| {
            invalid_input(
                value.py(),
                name,
                "must be valid Unicode text (it holds a lone surrogate, which has no UTF-8 form)",
            )
        }),
        Err(_) => Err(PyTypeError::new_err(format!(
            "{name} must be str, not {}",
            type_name(value)
        ))),
    }
}

/// An optional `str` argument (`None` allowed).
pub(crate) fn optional_text<'a>(
    name: &str,
    value: Option<&'a Bound<'_, PyAny>>,
) -> PyResult<Option<Cow<'a, str>>> {
    match value {
        Some(value) if !value.is_none() => text(name, value).map(Some),
        _ => Ok(None),
    }
}

/// The delivery headers among any mapping of header names to values: a `dict`, a web
/// framework's headers object, or a WSGI `environ` (anything with `items()`). Names must be
/// `str`. Only the values of the verifier's own three headers are read (the core says which
/// names those are): they must be `str`, and one that cannot be encoded (a lone surrogate) is
/// passed on with U+FFFD in place, so the core rejects it as malformed. Every other value is
/// ignored, whatever its type.
pub(crate) fn header_pairs(headers: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    let not_a_mapping = || {
        PyTypeError::new_err(format!(
            "headers must be a mapping of header names to values (a dict, a web framework's \
             headers object or a WSGI environ), not {}",
            type_name(headers)
        ))
    };
    if headers.cast::<PyString>().is_ok() || headers.cast::<PyBytes>().is_ok() {
        return Err(not_a_mapping());
    }
    let items = match headers.getattr(pyo3::intern!(headers.py(), "items")) {
        Ok(method) if method.is_callable() => method.call0()?,
        _ => return Err(not_a_mapping()),
    };
    let mut pairs = Vec::new();
    for item in items.try_iter()? {
        let item = item?;
        let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) =
            item.extract().map_err(|_| not_a_mapping())?;
        let Ok(name) = name.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!(
                "a header name must be str, not {}",
                type_name(&name)
            )));
        };
        let name = name.to_string_lossy();
        if !is_delivery_header(name.as_bytes()) {
            continue;
        }
        let value = match value.cast::<PyString>() {
            Ok(value) => value.to_string_lossy().into_owned(),
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "the value of header {name:?} must be str, not {}",
                    type_name(&value)
                )));
            }
        };
        pairs.push((name.into_owned(), value));
    }
    Ok(pairs)
}

/// A number of seconds given as a Python `int` or `float` (not `bool`: a `TypeError`). Range
/// checks are the core's, in [`Seconds::duration`]; an `int` too large for a float (`10**400`)
/// is kept as the largest float of its sign, so the core rejects it as out of range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Seconds(pub(crate) f64);

impl Seconds {
    /// The seconds as a `Duration`, validated by the core (finite, non-negative, at most a
    /// year) and reported on `field`.
    pub(crate) fn duration(
        self,
        field: &'static str,
    ) -> Result<Duration, ayrshare_webhooks::Error> {
        duration_from_secs_f64(field, self.0)
    }
}

impl<'py> FromPyObject<'_, 'py> for Seconds {
    type Error = PyErr;

    fn extract(value: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        let is_number = (value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>())
            && !value.is_instance_of::<PyBool>();
        if !is_number {
            return Err(PyTypeError::new_err(format!(
                "expected a number of seconds (int or float), not {}",
                type_name(&value)
            )));
        }
        if value.is_instance_of::<PyInt>() {
            return Ok(Seconds(match value.extract::<i64>() {
                // Exact enough: a second more or less does not change a range check.
                #[allow(clippy::cast_precision_loss)]
                Ok(int) => int as f64,
                Err(_) if value.gt(0)? => f64::MAX,
                Err(_) => f64::MIN,
            }));
        }
        Ok(Seconds(value.extract()?))
    }
}

/// A whole number given as a Python `int` (not `bool`, not `float`: a `TypeError`). One too
/// large for 64 bits is kept as the extreme of its sign, so the core's range check rejects it
/// with an `InvalidInputError` rather than Python raising `OverflowError`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Count(pub(crate) i64);

impl<'py> FromPyObject<'_, 'py> for Count {
    type Error = PyErr;

    fn extract(value: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        if !value.is_instance_of::<PyInt>() || value.is_instance_of::<PyBool>() {
            return Err(PyTypeError::new_err(format!(
                "expected a whole number (int), not {}",
                type_name(&value)
            )));
        }
        Ok(Count(match value.extract::<i64>() {
            Ok(int) => int,
            Err(_) if value.gt(0)? => i64::MAX,
            Err(_) => i64::MIN,
        }))
    }
}

/// An `InvalidInputError` naming `field`, for a value the binding cannot even hand to the core.
pub(crate) fn invalid_input(py: Python<'_>, field: &str, reason: &str) -> PyErr {
    crate::errors::invalid_input(py, field, reason)
}

/// A JSON value as plain Python objects: `dict`, `list`, `str`, `int`, `float`, `bool`, `None`.
pub(crate) fn json_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => flag.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                int.into_pyobject(py)?.into_any()
            } else if let Some(int) = number.as_u64() {
                int.into_pyobject(py)?.into_any()
            } else {
                // serde_json holds every other number as an f64.
                number.as_f64().into_pyobject(py)?.into_any()
            }
        }
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(object) => json_object_to_py(py, object)?.into_any(),
    })
}

/// A JSON object as a Python `dict` (keys sorted, as the core's JSON map keeps them).
pub(crate) fn json_object_to_py<'py>(
    py: Python<'py>,
    object: &serde_json::Map<String, Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, item) in object {
        dict.set_item(key, json_to_py(py, item)?)?;
    }
    Ok(dict)
}

/// Python's `repr()` of a string, for `__repr__` methods.
pub(crate) fn repr_str(py: Python<'_>, text: &str) -> String {
    PyString::new(py, text)
        .repr()
        .map(|repr| repr.to_string())
        .unwrap_or_else(|_| format!("{text:?}"))
}

/// Python's `repr()` of an optional string (`None` when absent).
pub(crate) fn repr_opt(py: Python<'_>, text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_owned(), |text| repr_str(py, text))
}
