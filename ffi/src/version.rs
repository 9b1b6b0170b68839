//! The library's version, as macros for the preprocessor and as a string at run time.

use std::ffi::c_char;

use crate::panic;

/// Major version of the libayr this header belongs to (a test keeps it equal to Cargo.toml's).
pub const AYR_VERSION_MAJOR: u32 = 0;
/// Minor version of the libayr this header belongs to.
pub const AYR_VERSION_MINOR: u32 = 1;
/// Patch version of the libayr this header belongs to.
pub const AYR_VERSION_PATCH: u32 = 0;

/// The version of the linked library as a static string such as `"0.1.0"`; compare it with the
/// AYR_VERSION_* macros to detect a header/library mismatch. Never NULL; never free it.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ayr_version() -> *const c_char {
    const VERSION: &std::ffi::CStr = match std::ffi::CStr::from_bytes_with_nul(
        concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes(),
    ) {
        Ok(version) => version,
        Err(_) => panic!("the package version holds no NUL"),
    };
    panic::infallible(VERSION.as_ptr(), || VERSION.as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macros_match_the_package_version() {
        let expected = format!("{AYR_VERSION_MAJOR}.{AYR_VERSION_MINOR}.{AYR_VERSION_PATCH}");
        assert_eq!(
            expected,
            env!("CARGO_PKG_VERSION"),
            "update AYR_VERSION_* in ffi/src/version.rs and regenerate include/ayr.h"
        );
        // SAFETY: ayr_version returns a static NUL-terminated string.
        let version = unsafe { std::ffi::CStr::from_ptr(ayr_version()) };
        assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }
}
