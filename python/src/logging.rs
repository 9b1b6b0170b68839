//! The core's log records (target `ayrshare_webhooks`: one debug record per attempt, warnings
//! for deprecations), bridged to `logging.getLogger("ayrshare_webhooks")`.
//!
//! Whether that logger wants debug or warning records is asked once per call, with the GIL
//! held, before the call detaches ([`prepare`]); when it wants neither, the core formats
//! nothing. A record is handed to the logger on the thread that makes the call, taking the GIL
//! for the moment it takes.

use std::cell::Cell;

use ayrshare_webhooks::LOG_TARGET;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

/// Python's `logging.DEBUG` and `logging.WARNING`.
const PY_DEBUG: u8 = 10;
const PY_INFO: u8 = 20;
const PY_WARNING: u8 = 30;
const PY_ERROR: u8 = 40;

thread_local! {
    /// The most verbose level the logger accepts for this thread's current call, in Python's
    /// numbers (`0`: none).
    static WANTED: Cell<u8> = const { Cell::new(0) };
}

static LOGGER: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn logger(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    LOGGER
        .get_or_try_init(py, || {
            py.import("logging")?
                .call_method1("getLogger", (LOG_TARGET,))
                .map(Bound::unbind)
        })
        .map(|logger| logger.bind(py))
}

/// Asks the logger, before a call, which of the SDK's records it wants.
pub(crate) fn prepare(py: Python<'_>) {
    let wanted = logger(py).ok().map_or(0, |logger| {
        let enabled = |level: u8| {
            logger
                .call_method1(pyo3::intern!(py, "isEnabledFor"), (level,))
                .and_then(|answer| answer.is_truthy())
                .unwrap_or(false)
        };
        if enabled(PY_DEBUG) {
            PY_DEBUG
        } else if enabled(PY_WARNING) {
            PY_WARNING
        } else {
            0
        }
    });
    WANTED.with(|cell| cell.set(wanted));
}

fn python_level(level: log::Level) -> u8 {
    match level {
        log::Level::Error => PY_ERROR,
        log::Level::Warn => PY_WARNING,
        log::Level::Info => PY_INFO,
        log::Level::Debug | log::Level::Trace => PY_DEBUG,
    }
}

struct Bridge;

static BRIDGE: Bridge = Bridge;

impl log::Log for Bridge {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        let wanted = WANTED.with(Cell::get);
        metadata.target() == LOG_TARGET
            && wanted != 0
            && python_level(metadata.level()) >= wanted
            && metadata.level() != log::Level::Trace
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let message = record.args().to_string();
        Python::attach(|py| {
            if let Ok(logger) = logger(py) {
                // A failing handler must not fail the call; logging reports it by itself.
                let _ = logger.call_method1(
                    pyo3::intern!(py, "log"),
                    (python_level(record.level()), "%s", message),
                );
            }
        });
    }

    fn flush(&self) {}
}

/// Installs the bridge as the extension's logger (once, at import).
pub(crate) fn install() {
    if log::set_logger(&BRIDGE).is_ok() {
        log::set_max_level(log::LevelFilter::Debug);
    }
}
