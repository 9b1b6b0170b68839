//! Test-only functions: ones that panic on purpose, so the C suite can prove that the panic
//! boundary turns a panic into AYR_ERR_PANIC (or a fallback value) and that the process lives
//! on; and the core's diagnostic counters, so it can prove a pooled call makes no name lookup.
//! Compiled only with the cargo feature `testing`, which only the test build of the library
//! enables.

use std::ffi::c_char;

use crate::error::{ErrorSlot, ayr_error};
use crate::panic;
use crate::result::ayr_result;

/// Test builds only: panics inside libayr. Returns AYR_ERR_PANIC and stores an error whose
/// result is AYR_ERR_PANIC in `*out_error` (when not NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_testing_panic(out_error: *mut *mut ayr_error) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        panic!("ayr_testing_panic: a deliberate panic")
    })
}

/// Test builds only: panics inside a function that returns a string; returns NULL.
#[unsafe(no_mangle)]
pub extern "C" fn ayr_testing_panic_string() -> *const c_char {
    panic::infallible(std::ptr::null(), || {
        panic!("ayr_testing_panic_string: a deliberate panic")
    })
}

/// Test builds only: how many host-name lookups (each on a thread of its own) the SDK has
/// started in this process so far. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ayr_testing_name_lookups() -> u64 {
    panic::infallible(0, ayrshare_webhooks::diagnostics::name_lookups)
}
