//! `Webhook`: a registration as the API confirmed it, as an immutable Python value.

use ayrshare_webhooks::Action;
use pyo3::prelude::*;

use crate::action::{action_from_py, action_to_py};
use crate::convert::{optional_text, repr_opt, repr_str, text};

/// A registered webhook, as the API confirmed it.
///
/// Returned by ``Client.register_webhook``. Immutable and hashable; two webhooks are equal when
/// all four fields are.
#[pyclass(frozen, eq, hash, module = "ayrshare_webhooks")]
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Webhook {
    /// The API's ``status``, ``"success"`` for a registration.
    #[pyo3(get)]
    status: String,
    core_action: Action,
    /// The URL deliveries are POSTed to.
    #[pyo3(get)]
    url: String,
    /// The Ref Id of the User Profile the webhook belongs to, or ``None``.
    #[pyo3(get)]
    ref_id: Option<String>,
}

impl From<ayrshare_webhooks::Webhook> for Webhook {
    fn from(hook: ayrshare_webhooks::Webhook) -> Self {
        Webhook {
            status: hook.status,
            core_action: hook.action,
            url: hook.url,
            ref_id: hook.ref_id,
        }
    }
}

#[pymethods]
impl Webhook {
    /// Builds a ``Webhook`` value, for instance to stand in for the API in your own tests.
    ///
    /// ``action`` is checked like every action argument; nothing else is validated and no
    /// request is made.
    #[new]
    #[pyo3(signature = (action, url, *, status = None, ref_id = None))]
    fn new(
        action: &Bound<'_, PyAny>,
        url: &Bound<'_, PyAny>,
        status: Option<&Bound<'_, PyAny>>,
        ref_id: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        crate::errors::guard(action.py(), || {
            Ok(Webhook {
                status: optional_text("status", status)?
                    .map_or_else(|| "success".to_owned(), |s| s.into_owned()),
                core_action: action_from_py(action)?,
                url: text("url", url)?.into_owned(),
                ref_id: optional_text("ref_id", ref_id)?.map(|s| s.into_owned()),
            })
        })
    }

    /// The ``Action`` the webhook is registered for.
    #[getter]
    fn action<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        action_to_py(py, self.core_action)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Webhook(status={}, action={}, url={}, ref_id={})",
            repr_str(py, &self.status),
            repr_str(py, self.core_action.as_str()),
            repr_str(py, &self.url),
            repr_opt(py, self.ref_id.as_deref()),
        )
    }
}
