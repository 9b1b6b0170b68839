//! `ayrshare_webhooks._native`: the Rust half of the `ayrshare_webhooks` Python package.
//!
//! This crate holds no logic of its own. Validation, HTTP, retries and signature checks are the
//! core crate's (`ayrshare-webhooks`); the binding converts Python arguments to core types,
//! core results to Python objects, and core errors to the exception classes defined in
//! `ayrshare_webhooks/_exceptions.py` (see [`errors`]). Every network call runs with the
//! interpreter detached, so other Python threads keep running while it waits.
#![forbid(unsafe_code)]

// `errors::guard` turns a panic into an `AyrshareError` by unwinding; with `panic = "abort"` a
// panic would end the Python process instead.
#[cfg(not(panic = "unwind"))]
compile_error!("the Python binding must be built with panic = \"unwind\"");

mod action;
mod cancel;
mod client;
mod convert;
mod delivery;
mod errors;
mod event;
mod event_parts;
mod logging;
mod sign;
mod signals;
mod types;
mod verify;

use pyo3::prelude::*;

/// The names of every action the core knows, in its documentation order. The Python `Action`
/// enum is checked against this tuple by the test suite.
#[pyfunction]
fn _action_names() -> Vec<&'static str> {
    ayrshare_webhooks::Action::ALL
        .iter()
        .map(|action| action.as_str())
        .collect()
}

/// How many host-name lookups the core has started in this process (each on a thread of its
/// own), for the test that pooled calls make none. Not part of the API.
#[pyfunction]
fn _name_lookups() -> u64 {
    ayrshare_webhooks::diagnostics::name_lookups()
}

/// Panics inside the binding on purpose, so the tests can check that a Rust panic reaches
/// Python as an `AyrshareError` and not as PyO3's `PanicException`. Not part of the API.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    errors::guard(py, || {
        panic!("deliberate panic requested by the test suite")
    })
}

/// The native module. The public names are re-exported by `ayrshare_webhooks/__init__.py`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    logging::install();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<client::Client>()?;
    m.add_class::<cancel::CancelToken>()?;
    m.add_class::<types::Webhook>()?;
    m.add_class::<delivery::Delivery>()?;
    m.add_class::<verify::Verifier>()?;
    m.add_function(wrap_pyfunction!(verify::verify_signature, m)?)?;
    m.add_function(wrap_pyfunction!(delivery::parse_delivery, m)?)?;
    m.add_class::<event::Event>()?;
    m.add_class::<event::ScheduledEvent>()?;
    m.add_class::<event::SocialEvent>()?;
    m.add_class::<event::MessagesEvent>()?;
    m.add_class::<event::AccountActivityEvent>()?;
    m.add_class::<event::FeedEvent>()?;
    m.add_class::<event::BatchEvent>()?;
    m.add_class::<event::UnknownEvent>()?;
    m.add_class::<event_parts::PostResult>()?;
    m.add_class::<event_parts::SocialDetails>()?;
    m.add_class::<event_parts::Message>()?;
    m.add_class::<event_parts::MessageParticipant>()?;
    m.add_class::<event_parts::MessageMedia>()?;
    m.add_class::<event_parts::DirectMessageEvent>()?;
    m.add_function(wrap_pyfunction!(event::parse_event, m)?)?;
    m.add_function(wrap_pyfunction!(sign::sign_delivery, m)?)?;
    m.add_function(wrap_pyfunction!(_action_names, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(_name_lookups, m)?)?;
    Ok(())
}
