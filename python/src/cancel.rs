//! `_CancelToken`: how `AsyncClient` stops a call whose task was cancelled. Private: users
//! cancel the task.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::prelude::*;

/// A flag a call checks at least every 100 ms while it waits; once set, the call stops and
/// raises ``CallCancelledError`` (which ``AsyncClient`` discards: its task is already
/// cancelled).
#[pyclass(frozen, module = "ayrshare_webhooks._native", name = "_CancelToken")]
pub(crate) struct CancelToken {
    flag: Arc<AtomicBool>,
}

impl CancelToken {
    /// The flag, for the core's cancellation check.
    pub(crate) fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.flag)
    }
}

#[pymethods]
impl CancelToken {
    #[new]
    fn new() -> Self {
        CancelToken {
            flag: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Asks the calls holding this token to stop.
    fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// Whether ``cancel`` was called.
    #[getter]
    fn cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}
