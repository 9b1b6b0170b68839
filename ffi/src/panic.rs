//! The panic boundary: every exported function runs its body through one of these helpers, so
//! a panic inside Rust becomes `AYR_ERR_PANIC` (or a fallback value) instead of unwinding into
//! C or aborting the host process.
//!
//! This works only while libayr is built with `panic = "unwind"` (Rust's default); no profile
//! used to build it may set `panic = "abort"`.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::error::{ErrorSlot, ayr_error};
use crate::result::ayr_result;

/// Runs the body of a fallible function. On success returns `AYR_OK`; on failure or panic
/// stores the error in `*out_error` (when `out_error` is not NULL) and returns its code.
///
/// The body writes its own out-parameters, and only once everything that can fail is done.
/// Objects it was working on are dropped normally while a panic unwinds, so nothing leaks.
pub fn fallible(out_error: ErrorSlot, body: impl FnOnce() -> Result<(), ayr_error>) -> ayr_result {
    // AssertUnwindSafe: after a caught panic nothing of the body's state is used again; the
    // handles it borrowed stay valid objects (at worst a builder setting is left unchanged).
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|_| Err(ayr_error::panic()));
    match outcome {
        Ok(()) => ayr_result::AYR_OK,
        Err(failure) => {
            let result = failure.result();
            out_error.store(failure);
            result
        }
    }
}

/// Runs the body of a function that cannot report an error (an accessor, a constructor
/// returning a pointer, a `*_free`): a panic returns `fallback` instead.
pub fn infallible<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(fallback)
}

/// Runs the body of an accessor: `get` on the borrowed handle, or `fallback` when the handle is
/// NULL or `get` panics.
///
/// # Safety
/// `handle` is NULL or points to a live `H` created by libayr and not being freed.
pub unsafe fn accessor<H, T: Copy>(handle: *const H, fallback: T, get: impl FnOnce(&H) -> T) -> T {
    infallible(fallback, || {
        // SAFETY: forwarded contract.
        match unsafe { handle.as_ref() } {
            Some(handle) => get(handle),
            None => fallback,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_stored_error() {
        let mut stored: *mut ayr_error = std::ptr::null_mut();
        // SAFETY: a pointer to a local.
        let slot = unsafe { ErrorSlot::new(&mut stored) };
        let result = fallible(slot, || panic!("boom"));
        assert_eq!(result, ayr_result::AYR_ERR_PANIC);
        assert!(!stored.is_null());
        // SAFETY: `stored` was just produced by `fallible` and is freed exactly once.
        let error = unsafe { Box::from_raw(stored) };
        assert_eq!(error.result(), ayr_result::AYR_ERR_PANIC);
        assert_eq!(infallible(7, || panic!("boom")), 7);
        // SAFETY: NULL is allowed.
        let none = unsafe { ErrorSlot::new(std::ptr::null_mut()) };
        assert_eq!(fallible(none, || Ok(())), ayr_result::AYR_OK);
    }
}
