//! Actions between Python and the core: a Python `str` (an `Action` member is one) parsed by the
//! core's `Action::from_str`, and a core `Action` turned into the Python `Action` enum member.

use std::str::FromStr;

use ayrshare_webhooks::Action;
use pyo3::exceptions::{PyDeprecationWarning, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};

use crate::errors::IntoPyResult;

/// Reads an action argument: an `Action` member or its API spelling. Unknown spellings are
/// rejected by the core (`InvalidInputError` on field `action`); `accountActivity` warns.
pub(crate) fn action_from_py(value: &Bound<'_, PyAny>) -> PyResult<Action> {
    let py = value.py();
    let Ok(text) = value.cast::<PyString>() else {
        return Err(PyTypeError::new_err(format!(
            "action must be an Action or its API spelling as a str (such as \"scheduled\"), not {}",
            crate::convert::type_name(value)
        )));
    };
    let action = Action::from_str(text.to_str()?).or_raise(py)?;
    if let Some(note) = action.deprecation_note() {
        // The same text as `_action.py` uses (a test compares them), so Python shows one
        // warning for a line that names the member and passes the string.
        let message = std::ffi::CString::new(note).expect("the core's note has no NUL");
        PyErr::warn(py, &py.get_type::<PyDeprecationWarning>(), &message, 1)?;
    }
    Ok(action)
}

/// The Python `Action` member for a core action.
pub(crate) fn action_to_py(py: Python<'_>, action: Action) -> PyResult<Bound<'_, PyAny>> {
    static ACTION_ENUM: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    ACTION_ENUM
        .import(py, "ayrshare_webhooks._action", "Action")?
        .call1((action.as_str(),))
}
