//! `ayr_webhook`: one registration as the API confirmed it.

use std::ffi::{CString, c_char};

use ayrshare_webhooks::Webhook;

use crate::args;
use crate::error::ayr_error;
use crate::panic;
use crate::strings;

/// A registered webhook, as returned by `ayr_register_webhook`. Immutable: may be read from
/// several threads at once. Its strings live until `ayr_webhook_free`.
pub struct ayr_webhook {
    status: CString,
    action: CString,
    url: CString,
    ref_id: Option<CString>,
}

impl ayr_webhook {
    /// Converts the core's answer.
    pub(crate) fn from_core(hook: Webhook) -> Result<ayr_webhook, ayr_error> {
        Ok(ayr_webhook {
            status: strings::from_answer(hook.status, "the answer's `status`")?,
            action: strings::from_answer(hook.action.to_string(), "the answer's `action`")?,
            url: strings::from_answer(hook.url, "the answer's `url`")?,
            ref_id: strings::optional_from_answer(hook.ref_id, "the answer's `refId`")?,
        })
    }
}

/// The API's `status` for the registration, normally `"success"`. NULL when `webhook` is NULL.
/// Valid until the webhook is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_status(webhook: *const ayr_webhook) -> *const c_char {
    // SAFETY: the contract: NULL or a webhook from libayr not yet freed.
    unsafe { panic::accessor(webhook, std::ptr::null(), |w| w.status.as_ptr()) }
}

/// The action the webhook is registered for, such as `"scheduled"`. NULL when `webhook` is
/// NULL. Valid until the webhook is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_action(webhook: *const ayr_webhook) -> *const c_char {
    // SAFETY: the contract: NULL or a webhook from libayr not yet freed.
    unsafe { panic::accessor(webhook, std::ptr::null(), |w| w.action.as_ptr()) }
}

/// The URL deliveries go to. NULL when `webhook` is NULL. Valid until the webhook is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_url(webhook: *const ayr_webhook) -> *const c_char {
    // SAFETY: the contract: NULL or a webhook from libayr not yet freed.
    unsafe { panic::accessor(webhook, std::ptr::null(), |w| w.url.as_ptr()) }
}

/// The Ref Id of the User Profile the webhook belongs to. NULL when the API's answer did not
/// include one (or `webhook` is NULL): check before use. Valid until the webhook is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_ref_id(webhook: *const ayr_webhook) -> *const c_char {
    // SAFETY: the contract: NULL or a webhook from libayr not yet freed.
    unsafe {
        panic::accessor(webhook, std::ptr::null(), |w| {
            w.ref_id.as_ref().map_or(std::ptr::null(), |r| r.as_ptr())
        })
    }
}

/// Frees a webhook and its strings. NULL is allowed and does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_free(webhook: *mut ayr_webhook) {
    // SAFETY: the contract: NULL or a webhook from libayr, freed once.
    panic::infallible((), || unsafe { args::free(webhook) })
}
