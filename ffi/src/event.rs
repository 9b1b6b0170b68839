//! `ayr_event`: a delivery parsed into a typed event (`ayr_parse_event`,
//! `ayr_verifier_verify_event`), with its kind and the accessors every kind shares. The
//! per-kind accessors are in `event_fields`; the conversion from the core's event in
//! `event_convert`.

use std::ffi::{CString, c_char};
use std::time::SystemTime;

use ayrshare_webhooks::{DeliveryHeaders, parse_event};

use crate::args::{self, Out};
use crate::error::{ErrorSlot, ayr_error};
use crate::event_convert::Fields;
use crate::panic;
use crate::result::ayr_result;
use crate::verify::ayr_verifier;

/// Which action a delivery reports; `ayr_event_get_kind` answers it. The values are stable; new
/// kinds may be added (treat an unknown value as AYR_EVENT_UNKNOWN).
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ayr_event_kind {
    /// An action libayr does not know (such as `comments`; `ayr_event_action` spells it), or
    /// none. Also returned for a NULL event.
    AYR_EVENT_UNKNOWN = 0,
    /// `scheduled`: the outcome of a post, per network (`ayr_event_post_result_*`).
    AYR_EVENT_SCHEDULED = 1,
    /// `social`: a social account was linked, unlinked or needs refreshing.
    AYR_EVENT_SOCIAL = 2,
    /// `messages` (or the older `message`): a direct message event (`ayr_event_message_*`).
    AYR_EVENT_MESSAGES = 3,
    /// `accountActivity` (X; deprecated by Ayrshare after 2026-03-31).
    AYR_EVENT_ACCOUNT_ACTIVITY = 4,
    /// `feed`: only the common fields are typed; the rest is in `ayr_event_other_json`.
    AYR_EVENT_FEED = 5,
    /// `batch`: only the common fields are typed; the rest is in `ayr_event_other_json`.
    AYR_EVENT_BATCH = 6,
}

/// One delivery, typed by its action: parsed leniently, so any JSON object gives an event.
///
/// Read it with `ayr_event_get_kind`, the common accessors (`ayr_event_action`, `_created`,
/// `_code`, `_ref_id`, `_hook_id`, `_status`), the accessors of its kind (each documented with
/// the kinds that have it; NULL, 0 or false for other kinds and for absent fields), and
/// `ayr_event_other_json`: every field not typed, as sent, including a typed field of an
/// unexpected JSON type. Immutable: may be read from several threads at once. Its strings live
/// until `ayr_event_free`.
pub struct ayr_event {
    pub(crate) kind: ayr_event_kind,
    pub(crate) action: Option<CString>,
    pub(crate) created: Option<CString>,
    pub(crate) code: Option<i64>,
    pub(crate) ref_id: Option<CString>,
    pub(crate) hook_id: Option<CString>,
    pub(crate) status: Option<CString>,
    pub(crate) other_json: CString,
    pub(crate) fields: Fields,
}

/// Parses a delivery body into a typed event (verify it first with `ayr_verifier_verify`, or
/// use `ayr_verifier_verify_event`, which does both).
///
/// `body`/`body_len`: the exact bytes received; `(NULL, 0)` is an empty body. On success
/// stores a new event in `*out_event` (free it with `ayr_event_free`). Errors:
/// AYR_ERR_DECODE (not a JSON object, or a typed string holding a NUL character;
/// `ayr_error_http_status` is 0), AYR_ERR_NULL_ARGUMENT. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_parse_event(
    body: *const u8,
    body_len: usize,
    out_event: *mut *mut ayr_event,
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
                Out::new(out_event, "out_event")?,
            )
        };
        out.write(ayr_event::from_core(parse_event(body)?)?);
        Ok(())
    })
}

/// Verifies one delivery as `ayr_verifier_verify` does, then parses it as `ayr_parse_event`
/// does: one call for a webhook handler.
///
/// The header values (each NULL when absent) and the body are those of `ayr_verifier_verify`.
/// On success stores a new event in `*out_event` (free it with `ayr_event_free`). Errors: those
/// of `ayr_verifier_verify` (AYR_ERR_SIGNATURE_* and AYR_ERR_TIMESTAMP_*: reject the delivery),
/// then those of `ayr_parse_event`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_verifier_verify_event(
    verifier: *const ayr_verifier,
    signature: *const c_char,
    signature_v2: *const c_char,
    timestamp: *const c_char,
    body: *const u8,
    body_len: usize,
    out_event: *mut *mut ayr_event,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: a live verifier or NULL, NUL-terminated strings or
        // NULL, a buffer valid for its length or NULL, an out-pointer valid for one write or
        // NULL.
        let (verifier, headers, body, out) = unsafe {
            let headers = DeliveryHeaders {
                signature: args::optional_string(signature, "signature")?,
                signature_v2: args::optional_string(signature_v2, "signature_v2")?,
                timestamp: args::optional_string(timestamp, "timestamp")?,
            };
            (
                args::handle(verifier, "verifier")?,
                headers,
                args::bytes(body, body_len, "body")?,
                Out::new(out_event, "out_event")?,
            )
        };
        let event = verifier
            .core()
            .verify_event_headers(&headers, body, SystemTime::now())?;
        out.write(ayr_event::from_core(event)?);
        Ok(())
    })
}

/// A string field of an event: NULL when absent or when `event` is NULL.
pub(crate) unsafe fn text(
    event: *const ayr_event,
    get: impl FnOnce(&ayr_event) -> Option<&CString>,
) -> *const c_char {
    // SAFETY: the accessors' contract: NULL or an event from libayr not yet freed.
    unsafe {
        panic::accessor(event, std::ptr::null(), |e| {
            get(e).map_or(std::ptr::null(), |s| s.as_ptr())
        })
    }
}

/// A number field of an event: stored in `*out` with true when present, false otherwise
/// (`*out` untouched, also when `event` or `out` is NULL).
pub(crate) unsafe fn number(
    event: *const ayr_event,
    out: *mut i64,
    get: impl FnOnce(&ayr_event) -> Option<i64>,
) -> bool {
    // SAFETY: the accessors' contract: NULL or an event from libayr not yet freed.
    let value = unsafe { panic::accessor(event, None, get) };
    match value {
        Some(value) if !out.is_null() => {
            // SAFETY: non-NULL, and valid for one write by the documented contract.
            unsafe { out.write(value) };
            true
        }
        _ => false,
    }
}

/// The event's kind; AYR_EVENT_UNKNOWN when `event` is NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_get_kind(event: *const ayr_event) -> ayr_event_kind {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { panic::accessor(event, ayr_event_kind::AYR_EVENT_UNKNOWN, |e| e.kind) }
}

/// The action as spelled on the wire, such as `"scheduled"` (`"messages"` also for the older
/// `message`); for AYR_EVENT_UNKNOWN the `action` as sent, or NULL when there was none (or it
/// was not a string). Valid until the event is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_action(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { text(event, |e| e.action.as_ref()) }
}

/// `created`, when the event happened, as sent (a number is given as its decimal text); NULL
/// when absent. Valid until the event is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_created(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { text(event, |e| e.created.as_ref()) }
}

/// Ayrshare's HTTP-like `code`: when the event has one, stores it in `*out_code` and returns
/// true; otherwise returns false and leaves `*out_code` untouched (also when `event` or
/// `out_code` is NULL).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_code(event: *const ayr_event, out_code: *mut i64) -> bool {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { number(event, out_code, |e| e.code) }
}

/// `refId`, the Ref Id of the User Profile concerned; NULL when absent. Valid until the event
/// is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_ref_id(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { text(event, |e| e.ref_id.as_ref()) }
}

/// `hookId`, the id of this delivery: the same on Ayrshare's retries of it, so the key to
/// deduplicate deliveries on (a number is given as its decimal text); NULL when absent. Valid
/// until the event is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_hook_id(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { text(event, |e| e.hook_id.as_ref()) }
}

/// `status`, such as `"success"` or `"error"`; NULL when absent. Valid until the event is
/// freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_status(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { text(event, |e| e.status.as_ref()) }
}

/// Every top-level field the event does not type, as a compact JSON object (`{}` when there is
/// none): fields of no documented meaning, and typed fields of an unexpected JSON type. NULL
/// when `event` is NULL. Valid until the event is freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_other_json(event: *const ayr_event) -> *const c_char {
    // SAFETY: the contract: NULL or an event from libayr not yet freed.
    unsafe { text(event, |e| Some(&e.other_json)) }
}

/// Frees an event and its strings. NULL is allowed and does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_event_free(event: *mut ayr_event) {
    // SAFETY: the contract: NULL or an event from libayr, freed once.
    panic::infallible((), || unsafe { args::free(event) })
}
