//! Turning C arguments into Rust values: strings, byte buffers, handles and out-pointers.
//! Each helper checks NULL and UTF-8 and names the argument in the error it returns.

use std::ffi::{CStr, c_char};
use std::ptr::NonNull;

use crate::error::ayr_error;

/// A required NUL-terminated UTF-8 string.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid and unchanged for `'a`.
pub unsafe fn string<'a>(ptr: *const c_char, name: &'static str) -> Result<&'a str, ayr_error> {
    // SAFETY: forwarded contract.
    unsafe { optional_string(ptr, name) }?.ok_or_else(|| ayr_error::null_argument(name))
}

/// An optional NUL-terminated UTF-8 string: NULL is `None`.
///
/// # Safety
/// As [`string`].
pub unsafe fn optional_string<'a>(
    ptr: *const c_char,
    name: &'static str,
) -> Result<Option<&'a str>, ayr_error> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL, NUL-terminated and valid for 'a by this function's contract.
    let text = unsafe { CStr::from_ptr(ptr) };
    text.to_str()
        .map(Some)
        .map_err(|_| ayr_error::invalid_utf8(name))
}

/// A byte buffer given as pointer and length. `(NULL, 0)` is the empty buffer; NULL with a
/// non-zero length is a NULL argument.
///
/// # Safety
/// `ptr` is NULL or valid for reading `len` bytes that stay unchanged for `'a`.
pub unsafe fn bytes<'a>(
    ptr: *const u8,
    len: usize,
    name: &'static str,
) -> Result<&'a [u8], ayr_error> {
    if ptr.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(ayr_error::null_argument(name))
        };
    }
    // SAFETY: non-NULL and valid for `len` bytes by this function's contract; a C buffer
    // cannot exceed isize::MAX bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A required handle, borrowed.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` created by libayr, not mutated during `'a`.
pub unsafe fn handle<'a, T>(ptr: *const T, name: &'static str) -> Result<&'a T, ayr_error> {
    // SAFETY: forwarded contract.
    unsafe { optional_handle(ptr) }.ok_or_else(|| ayr_error::null_argument(name))
}

/// A handle that may be NULL (for accessors, which answer NULL / 0 for a NULL handle).
///
/// # Safety
/// As [`handle`].
pub unsafe fn optional_handle<'a, T>(ptr: *const T) -> Option<&'a T> {
    // SAFETY: NULL or a live, unaliased-for-writes T by this function's contract.
    unsafe { ptr.as_ref() }
}

/// A required handle, borrowed for mutation.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` created by libayr that nothing else uses during `'a`.
pub unsafe fn handle_mut<'a, T>(ptr: *mut T, name: &'static str) -> Result<&'a mut T, ayr_error> {
    // SAFETY: NULL or a live, exclusively used T by this function's contract.
    unsafe { ptr.as_mut() }.ok_or_else(|| ayr_error::null_argument(name))
}

/// Takes ownership of a handle the caller gives up (as `ayr_client_builder_build` does).
///
/// # Safety
/// `ptr` is NULL or was returned by libayr as a `Box<T>` and is not used again by the caller.
pub unsafe fn take<T>(ptr: *mut T, name: &'static str) -> Result<Box<T>, ayr_error> {
    if ptr.is_null() {
        return Err(ayr_error::null_argument(name));
    }
    // SAFETY: a Box<T> from libayr whose ownership the caller hands back, by the contract.
    Ok(unsafe { Box::from_raw(ptr) })
}

/// Frees a handle; NULL does nothing.
///
/// # Safety
/// `ptr` is NULL or was returned by libayr as a `Box<T>` and is not used again by the caller.
pub unsafe fn free<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: a Box<T> from libayr, freed once, by this function's contract.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// An out-parameter checked to be non-NULL. Writing it hands a new boxed value to the caller;
/// a function writes its out-parameters only once nothing can fail any more.
pub struct Out<T>(NonNull<*mut T>);

impl<T> Out<T> {
    /// Checks `ptr`.
    ///
    /// # Safety
    /// `ptr` is NULL or valid for writing one pointer until [`Out::write`] is called.
    pub unsafe fn new(ptr: *mut *mut T, name: &'static str) -> Result<Out<T>, ayr_error> {
        NonNull::new(ptr)
            .map(Out)
            .ok_or_else(|| ayr_error::null_argument(name))
    }

    /// Gives `value` to the caller: `*ptr` becomes an owned pointer to it.
    pub fn write(self, value: T) {
        // SAFETY: non-NULL and valid for one write, as promised to `Out::new`.
        unsafe { self.0.as_ptr().write(Box::into_raw(Box::new(value))) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::result::ayr_result;

    #[test]
    fn strings_and_buffers() {
        // SAFETY: literals and null pointers only.
        unsafe {
            assert_eq!(string(c"x".as_ptr(), "a").unwrap(), "x");
            let null = string(std::ptr::null(), "a").unwrap_err();
            assert_eq!(null.result(), ayr_result::AYR_ERR_NULL_ARGUMENT);
            let bad = c"\xff".as_ptr();
            let invalid = optional_string(bad, "a").unwrap_err();
            assert_eq!(invalid.result(), ayr_result::AYR_ERR_INVALID_ARGUMENT);
            assert_eq!(optional_string(std::ptr::null(), "a").unwrap(), None);
            assert_eq!(bytes(std::ptr::null(), 0, "b").unwrap(), b"");
            assert!(bytes(std::ptr::null(), 1, "b").is_err());
            assert_eq!(bytes(b"ab".as_ptr(), 2, "b").unwrap(), b"ab");
        }
    }
}
