//! `ayr_webhook`: one registration as the API confirmed it.

use std::ffi::c_char;

use ayrshare_webhooks::Webhook;

use crate::args;
use crate::error::ayr_error;
use crate::panic;
use crate::strings;

/// A registered webhook, as returned by `ayr_register_webhook`. Immutable: may be read from
/// several threads at once. Its strings live until `ayr_webhook_free`.
pub struct ayr_webhook {
    // The four strings share one allocation, each followed by its NUL: `status` at offset 0,
    // then `action`, `url` and `ref_id` at the offsets below (one allocation rather than a
    // `CString` each, as this conversion runs on every `ayr_register_webhook`).
    text: Box<[u8]>,
    action: usize,
    url: usize,
    ref_id: Option<usize>,
}

impl ayr_webhook {
    /// Converts the core's answer.
    pub(crate) fn from_core(hook: Webhook) -> Result<ayr_webhook, ayr_error> {
        let action = hook.action.as_str();
        let ref_id = hook.ref_id.as_deref();
        let len = hook.status.len() + action.len() + hook.url.len() + ref_id.map_or(0, str::len);
        let mut text = Vec::with_capacity(len + 4);
        let mut push = |value: &str, what: &str| -> Result<usize, ayr_error> {
            strings::check_answer(value, what)?;
            let at = text.len();
            text.extend_from_slice(value.as_bytes());
            text.push(0);
            Ok(at)
        };
        push(&hook.status, "the answer's `status`")?;
        let action = push(action, "the answer's `action`")?;
        let url = push(&hook.url, "the answer's `url`")?;
        let ref_id = ref_id
            .map(|ref_id| push(ref_id, "the answer's `refId`"))
            .transpose()?;
        Ok(ayr_webhook {
            text: text.into_boxed_slice(),
            action,
            url,
            ref_id,
        })
    }

    /// The NUL-terminated string at `offset`.
    fn string_at(&self, offset: usize) -> *const c_char {
        self.text[offset..].as_ptr().cast()
    }
}

/// The API's `status` for the registration, normally `"success"`. NULL when `webhook` is NULL.
/// Valid until the webhook is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_status(webhook: *const ayr_webhook) -> *const c_char {
    // SAFETY: the contract: NULL or a webhook from libayr not yet freed.
    unsafe { panic::accessor(webhook, std::ptr::null(), |w| w.string_at(0)) }
}

/// The action the webhook is registered for, such as `"scheduled"`. NULL when `webhook` is
/// NULL. Valid until the webhook is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_action(webhook: *const ayr_webhook) -> *const c_char {
    // SAFETY: the contract: NULL or a webhook from libayr not yet freed.
    unsafe { panic::accessor(webhook, std::ptr::null(), |w| w.string_at(w.action)) }
}

/// The URL deliveries go to. NULL when `webhook` is NULL. Valid until the webhook is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_url(webhook: *const ayr_webhook) -> *const c_char {
    // SAFETY: the contract: NULL or a webhook from libayr not yet freed.
    unsafe { panic::accessor(webhook, std::ptr::null(), |w| w.string_at(w.url)) }
}

/// The Ref Id of the User Profile the webhook belongs to. NULL when the API's answer did not
/// include one (or `webhook` is NULL): check before use. Valid until the webhook is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_ref_id(webhook: *const ayr_webhook) -> *const c_char {
    // SAFETY: the contract: NULL or a webhook from libayr not yet freed.
    unsafe {
        panic::accessor(webhook, std::ptr::null(), |w| {
            w.ref_id.map_or(std::ptr::null(), |r| w.string_at(r))
        })
    }
}

/// Frees a webhook and its strings. NULL is allowed and does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_webhook_free(webhook: *mut ayr_webhook) {
    // SAFETY: the contract: NULL or a webhook from libayr, freed once.
    panic::infallible((), || unsafe { args::free(webhook) })
}
