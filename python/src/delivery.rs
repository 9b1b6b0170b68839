//! `parse_delivery` and `Delivery`: a webhook delivery body, read by the core.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{body_bytes, json_object_to_py, repr_opt, repr_str};
use crate::errors::{IntoPyResult, guard};

/// One webhook delivery: what Ayrshare POSTed to your URL.
///
/// The fields every payload shares are attributes (each ``None`` when absent or of another
/// type); the whole JSON object, including action-specific fields such as ``postIds`` or
/// ``platform``, is ``payload``. Verify the body with ``Verifier`` before trusting it.
#[pyclass(frozen, module = "ayrshare_webhooks")]
pub(crate) struct Delivery {
    /// The delivery's ``action`` as sent (a newer action is kept as its text).
    #[pyo3(get)]
    action: String,
    /// ``subAction``, such as ``"messageCreated"``, or ``None``.
    #[pyo3(get)]
    sub_action: Option<String>,
    /// ``created`` as sent (a number is kept as its text), or ``None``.
    #[pyo3(get)]
    created: Option<String>,
    /// ``code``, Ayrshare's numeric code, or ``None``.
    #[pyo3(get)]
    code: Option<i64>,
    /// ``refId``, the Ref Id of the User Profile concerned, or ``None``.
    #[pyo3(get)]
    ref_id: Option<String>,
    /// ``hookId``, the id of this delivery (the same on Ayrshare's retries of it: the key to
    /// deduplicate on; a number as its text), or ``None``.
    #[pyo3(get)]
    hook_id: Option<String>,
    /// ``status``, such as ``"success"`` or ``"error"``, or ``None``.
    #[pyo3(get)]
    status: Option<String>,
    /// The whole JSON object as a ``dict`` (parsed once; every access returns that dict).
    #[pyo3(get)]
    payload: Py<PyDict>,
}

#[pymethods]
impl Delivery {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Delivery(action={}, sub_action={}, ref_id={}, hook_id={}, status={})",
            repr_str(py, &self.action),
            repr_opt(py, self.sub_action.as_deref()),
            repr_opt(py, self.ref_id.as_deref()),
            repr_opt(py, self.hook_id.as_deref()),
            repr_opt(py, self.status.as_deref()),
        )
    }
}

/// Parses a delivery body into a ``Delivery``.
///
/// Pass the exact bytes received and verify them first (``Verifier.verify``).
///
/// Raises:
///     DecodeError: The body is not a JSON object with a string ``action``.
///     TypeError: ``body`` is not bytes-like (a ``str`` is refused).
#[pyfunction]
pub(crate) fn parse_delivery(body: &Bound<'_, PyAny>) -> PyResult<Delivery> {
    let py = body.py();
    guard(py, || {
        let bytes = body_bytes(body)?;
        let delivery = ayrshare_webhooks::parse_delivery(&bytes).or_raise(py)?;
        let payload = match &delivery.payload {
            serde_json::Value::Object(object) => json_object_to_py(py, object)?,
            // The core only returns deliveries whose payload is an object.
            _ => PyDict::new(py),
        };
        Ok(Delivery {
            action: delivery.action.as_str().to_owned(),
            sub_action: delivery.sub_action,
            created: delivery.created,
            code: delivery.code,
            ref_id: delivery.ref_id,
            hook_id: delivery.hook_id,
            status: delivery.status,
            payload: payload.unbind(),
        })
    })
}
