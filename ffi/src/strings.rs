//! Turning Rust text into C strings: strictly for data a caller will act on, lossily for
//! messages meant for people.

use std::ffi::CString;

use crate::error::ayr_error;
use crate::result::ayr_result;

/// `text` as a C string, or AYR_ERR_DECODE when it holds a NUL character (which the API could
/// send inside a JSON string, and which a C string cannot carry without silently cutting it).
pub fn from_answer(text: String, what: &str) -> Result<CString, ayr_error> {
    CString::new(text).map_err(|_| nul_in_answer(what))
}

/// AYR_ERR_DECODE when `text` holds a NUL character, as [`from_answer`], for text copied into a
/// C string by other means.
pub fn check_answer(text: &str, what: &str) -> Result<(), ayr_error> {
    if text.as_bytes().contains(&0) {
        return Err(nul_in_answer(what));
    }
    Ok(())
}

fn nul_in_answer(what: &str) -> ayr_error {
    ayr_error::new(
        ayr_result::AYR_ERR_DECODE,
        &format!("{what} contains a NUL character, which a C string cannot carry"),
    )
}

/// [`from_answer`] for an optional value.
pub fn optional_from_answer(
    text: Option<String>,
    what: &str,
) -> Result<Option<CString>, ayr_error> {
    text.map(|text| from_answer(text, what)).transpose()
}

/// `text` as a C string with any NUL character replaced by U+FFFD, for messages.
pub fn lossy(text: &str) -> CString {
    CString::new(text.replace('\0', "\u{FFFD}")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_an_error_for_data_and_replaced_in_messages() {
        assert_eq!(from_answer("ok".into(), "x").unwrap().as_bytes(), b"ok");
        let err = from_answer("a\0b".into(), "the answer's `url`").unwrap_err();
        assert_eq!(err.result(), ayr_result::AYR_ERR_DECODE);
        assert!(check_answer("ok", "x").is_ok());
        let err = check_answer("a\0b", "the answer's `url`").unwrap_err();
        assert_eq!(err.result(), ayr_result::AYR_ERR_DECODE);
        assert_eq!(lossy("a\0b").to_str().unwrap(), "a\u{FFFD}b");
    }
}
