//! `ayr_delivery`: a parsed delivery body.

use std::ffi::{CString, c_char};

use ayrshare_webhooks::{Delivery, parse_delivery};

use crate::args::{self, Out};
use crate::error::{ErrorSlot, ayr_error};
use crate::panic;
use crate::result::ayr_result;
use crate::strings;

/// One webhook delivery: what Ayrshare POSTed to the registered URL, parsed. The fields every
/// payload shares have accessors (NULL when absent or of another JSON type); the whole payload,
/// with the action-specific fields such as `postIds` or `platform`, is in
/// `ayr_delivery_payload_json` (`ayr_parse_event` types those too). Immutable: may be read
/// from several threads at once. Its strings live until `ayr_delivery_free`.
pub struct ayr_delivery {
    action: CString,
    action_known: bool,
    sub_action: Option<CString>,
    created: Option<CString>,
    code: Option<i64>,
    ref_id: Option<CString>,
    hook_id: Option<CString>,
    status: Option<CString>,
    payload_json: CString,
}

impl ayr_delivery {
    fn from_core(delivery: Delivery) -> Result<ayr_delivery, ayr_error> {
        let text = strings::optional_from_answer;
        Ok(ayr_delivery {
            action: strings::from_answer(delivery.action.to_string(), "the delivery's `action`")?,
            action_known: delivery.action.known().is_some(),
            sub_action: text(delivery.sub_action, "the delivery's `subAction`")?,
            created: text(delivery.created, "the delivery's `created`")?,
            code: delivery.code,
            ref_id: text(delivery.ref_id, "the delivery's `refId`")?,
            hook_id: text(delivery.hook_id, "the delivery's `hookId`")?,
            status: text(delivery.status, "the delivery's `status`")?,
            payload_json: strings::from_answer(delivery.payload.to_string(), "the delivery")?,
        })
    }
}

/// Parses a delivery body (verify it first with `ayr_verifier_verify`).
///
/// `body`/`body_len`: the exact bytes received; `(NULL, 0)` is an empty body. On success
/// stores a new delivery in `*out_delivery` (free it with `ayr_delivery_free`). Errors:
/// AYR_ERR_DECODE (not a JSON object with a string `action`; `ayr_error_http_status` is 0),
/// AYR_ERR_NULL_ARGUMENT. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_parse_delivery(
    body: *const u8,
    body_len: usize,
    out_delivery: *mut *mut ayr_delivery,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: a buffer valid for its length or NULL, an
        // out-pointer valid for one write or NULL.
        let (body, out) = unsafe {
            (
                args::bytes(body, body_len, "body")?,
                Out::new(out_delivery, "out_delivery")?,
            )
        };
        out.write(ayr_delivery::from_core(parse_delivery(body)?)?);
        Ok(())
    })
}

/// A string field of a delivery: NULL when absent or when `delivery` is NULL.
unsafe fn field(
    delivery: *const ayr_delivery,
    get: impl FnOnce(&ayr_delivery) -> &Option<CString>,
) -> *const c_char {
    // SAFETY: the accessors' contract: NULL or a delivery from libayr not yet freed.
    unsafe {
        panic::accessor(delivery, std::ptr::null(), |d| {
            get(d).as_ref().map_or(std::ptr::null(), |s| s.as_ptr())
        })
    }
}

/// The delivery's `action` as sent, such as `"scheduled"`, possibly one libayr does not know
/// (see `ayr_delivery_action_is_known`). Never NULL for a valid delivery; NULL when `delivery`
/// is NULL. Valid until the delivery is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_action(delivery: *const ayr_delivery) -> *const c_char {
    // SAFETY: the contract: NULL or a delivery from libayr not yet freed.
    unsafe { panic::accessor(delivery, std::ptr::null(), |d| d.action.as_ptr()) }
}

/// Whether the action is one this version of libayr knows (one `ayr_register_webhook`
/// accepts). False when `delivery` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_action_is_known(delivery: *const ayr_delivery) -> bool {
    // SAFETY: the contract: NULL or a delivery from libayr not yet freed.
    unsafe { panic::accessor(delivery, false, |d| d.action_known) }
}

/// `subAction`, such as `"messageCreated"`; NULL when absent. Valid until the delivery is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_sub_action(delivery: *const ayr_delivery) -> *const c_char {
    // SAFETY: the contract: NULL or a delivery from libayr not yet freed.
    unsafe { field(delivery, |d| &d.sub_action) }
}

/// `created`, when the event happened, as sent (a number is given as its decimal text); NULL
/// when absent. Valid until the delivery is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_created(delivery: *const ayr_delivery) -> *const c_char {
    // SAFETY: the contract: NULL or a delivery from libayr not yet freed.
    unsafe { field(delivery, |d| &d.created) }
}

/// `refId`, the Ref Id of the User Profile concerned; NULL when absent. Valid until the delivery
/// is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_ref_id(delivery: *const ayr_delivery) -> *const c_char {
    // SAFETY: the contract: NULL or a delivery from libayr not yet freed.
    unsafe { field(delivery, |d| &d.ref_id) }
}

/// `hookId`, the id of this delivery: the same on Ayrshare's retries of it, so the key to
/// deduplicate deliveries on (a number is given as its decimal text); NULL when absent. Valid
/// until the delivery is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_hook_id(delivery: *const ayr_delivery) -> *const c_char {
    // SAFETY: the contract: NULL or a delivery from libayr not yet freed.
    unsafe { field(delivery, |d| &d.hook_id) }
}

/// `status`, such as `"success"` or `"error"`; NULL when absent. Valid until the delivery is
/// freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_status(delivery: *const ayr_delivery) -> *const c_char {
    // SAFETY: the contract: NULL or a delivery from libayr not yet freed.
    unsafe { field(delivery, |d| &d.status) }
}

/// Ayrshare's numeric `code`: when the delivery has one, stores it in `*out_code` and returns
/// true; otherwise returns false and leaves `*out_code` untouched (also when `delivery` or
/// `out_code` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_code(
    delivery: *const ayr_delivery,
    out_code: *mut i64,
) -> bool {
    // SAFETY: the contract: NULL or a delivery from libayr not yet freed.
    let code = unsafe { panic::accessor(delivery, None, |d| d.code) };
    match code {
        Some(code) if !out_code.is_null() => {
            // SAFETY: non-NULL, and valid for one write by the documented contract.
            unsafe { out_code.write(code) };
            true
        }
        _ => false,
    }
}

/// The whole delivery as compact JSON (re-serialised: use it to read fields, never to check a
/// signature). NULL when `delivery` is NULL. Valid until the delivery is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_payload_json(delivery: *const ayr_delivery) -> *const c_char {
    // SAFETY: the contract: NULL or a delivery from libayr not yet freed.
    unsafe { panic::accessor(delivery, std::ptr::null(), |d| d.payload_json.as_ptr()) }
}

/// Frees a delivery and its strings. NULL is allowed and does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_delivery_free(delivery: *mut ayr_delivery) {
    // SAFETY: the contract: NULL or a delivery from libayr, freed once.
    panic::infallible((), || unsafe { args::free(delivery) })
}
