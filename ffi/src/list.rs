//! `ayr_webhook_list`: the webhooks registered for one profile.

use std::ffi::{CString, c_char};

use ayrshare_webhooks::WebhookList;

use crate::args;
use crate::error::ayr_error;
use crate::panic;
use crate::strings;

/// Every webhook registered for a profile, as returned by `ayr_list_webhooks`: one
/// `(action, url)` entry per action that has a webhook, in the API's documentation order
/// (feed, social, scheduled, batch, messages, accountActivity). Immutable: may be read from
/// several threads at once. Its strings live until `ayr_webhook_list_free`.
pub struct ayr_webhook_list {
    entries: Vec<(CString, CString)>,
    raw_json: CString,
}

impl ayr_webhook_list {
    /// Converts the core's answer.
    pub(crate) fn from_core(list: WebhookList) -> Result<ayr_webhook_list, ayr_error> {
        let entries = list
            .iter()
            .map(|(action, url)| {
                Ok((
                    strings::from_answer(action.to_string(), "an action of the list")?,
                    strings::from_answer(url.to_owned(), "a URL of the list")?,
                ))
            })
            .collect::<Result<_, ayr_error>>()?;
        Ok(ayr_webhook_list {
            entries,
            raw_json: strings::from_answer(list.raw().to_string(), "the list's JSON")?,
        })
    }
}

/// How many actions have a webhook; 0 when `list` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_list_len(list: *const ayr_webhook_list) -> usize {
    // SAFETY: the contract: NULL or a list from libayr not yet freed.
    unsafe { panic::accessor(list, 0, |l| l.entries.len()) }
}

/// The action of entry `index` (0-based), such as `"feed"`; NULL when `index` is out of range
/// or `list` is NULL. Valid until the list is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_list_action(
    list: *const ayr_webhook_list,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or a list from libayr not yet freed.
    unsafe {
        panic::accessor(list, std::ptr::null(), |l| {
            l.entries
                .get(index)
                .map_or(std::ptr::null(), |(action, _)| action.as_ptr())
        })
    }
}

/// The URL of entry `index` (0-based); NULL when `index` is out of range or `list` is NULL.
/// Valid until the list is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_list_url(
    list: *const ayr_webhook_list,
    index: usize,
) -> *const c_char {
    // SAFETY: the contract: NULL or a list from libayr not yet freed.
    unsafe {
        panic::accessor(list, std::ptr::null(), |l| {
            l.entries
                .get(index)
                .map_or(std::ptr::null(), |(_, url)| url.as_ptr())
        })
    }
}

/// The URL registered for `action` (spelled as the API does, such as `"scheduled"`); NULL when
/// that action has no webhook, or `list` or `action` is NULL or not UTF-8. Valid until the list
/// is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_list_get(
    list: *const ayr_webhook_list,
    action: *const c_char,
) -> *const c_char {
    panic::infallible(std::ptr::null(), || {
        // SAFETY: the documented contract: a NUL-terminated string or NULL.
        let Ok(action) = (unsafe { args::string(action, "action") }) else {
            return std::ptr::null();
        };
        // SAFETY: the contract: NULL or a list from libayr not yet freed.
        unsafe {
            panic::accessor(list, std::ptr::null(), |l| {
                l.entries
                    .iter()
                    .find(|(a, _)| a.to_bytes() == action.as_bytes())
                    .map_or(std::ptr::null(), |(_, url)| url.as_ptr())
            })
        }
    })
}

/// The API's whole answer as compact JSON, including fields libayr does not interpret (such as
/// `updated` timestamps). NULL when `list` is NULL. Valid until the list is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_list_raw_json(list: *const ayr_webhook_list) -> *const c_char {
    // SAFETY: the contract: NULL or a list from libayr not yet freed.
    unsafe { panic::accessor(list, std::ptr::null(), |l| l.raw_json.as_ptr()) }
}

/// Frees a list and its strings. NULL is allowed and does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_list_free(list: *mut ayr_webhook_list) {
    // SAFETY: the contract: NULL or a list from libayr, freed once.
    panic::infallible((), || unsafe { args::free(list) })
}
