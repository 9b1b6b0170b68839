//! Ctrl-C and other signals during a call: the core's cancellation check, answered by
//! Python's own signal handlers.
//!
//! Every client's cancellation check ([`check`]) briefly takes the GIL and runs
//! `PyErr_CheckSignals`, which runs any Python signal handler whose signal has arrived. When a
//! handler raises (the default SIGINT handler raises `KeyboardInterrupt`), the check keeps
//! that exception for the calling thread and tells the core to stop; the binding then raises
//! it as itself ([`take_pending`]). The core runs the check at least every 100 ms while a call
//! waits, so Ctrl-C ends a call within a fraction of a second. Python runs signal handlers only
//! in the main thread: elsewhere the check finds nothing.

use std::cell::RefCell;

use pyo3::prelude::*;

thread_local! {
    /// The exception a signal handler raised during this thread's current call.
    static PENDING: RefCell<Option<PyErr>> = const { RefCell::new(None) };
}

/// The cancellation check of every client: `true` when a signal handler raised.
pub(crate) fn check() -> bool {
    Python::attach(|py| match py.check_signals() {
        Ok(()) => false,
        Err(raised) => {
            PENDING.with(|pending| *pending.borrow_mut() = Some(raised));
            true
        }
    })
}

/// The exception a signal handler raised during this thread's call, if one did.
pub(crate) fn take_pending() -> Option<PyErr> {
    PENDING.with(|pending| pending.borrow_mut().take())
}
