//! The four API calls: register, unregister, list, rotate the secret.
//!
//! Each converts its arguments, calls the core client (which validates everything before any
//! I/O, retries and decodes), and converts the answer. A NULL `profile_key` means the client's
//! own (or none); a non-NULL one acts for that User Profile for this call only.

use std::ffi::c_char;

use ayrshare_webhooks::{Action, RegisterWebhook};

use crate::args::{self, Out};
use crate::client::ayr_client;
use crate::error::{ErrorSlot, ayr_error};
use crate::list::ayr_webhook_list;
use crate::panic;
use crate::result::ayr_result;
use crate::webhook::ayr_webhook;

/// Registers (or replaces) the webhook of `action`: `POST /hook/webhook`.
///
/// - `client`: required; may be shared with other threads.
/// - `action`: required; one of `"feed"`, `"social"`, `"scheduled"`, `"batch"`, `"messages"`,
///   `"accountActivity"` (deprecated by Ayrshare after 2026-03-31), spelled exactly.
/// - `url`: required; an absolute `https://` URL with a host, at most 2048 bytes, where
///   Ayrshare will POST deliveries (it does not follow redirects).
/// - `secret`: NULL for none; otherwise Ayrshare signs each delivery with HMAC-SHA256 keyed by
///   it (1 to 1024 bytes, no control characters). Verify deliveries with an `ayr_verifier`.
/// - `profile_key`: NULL for the client's; otherwise acts for that User Profile.
///
/// On success stores a new webhook in `*out_webhook` (free it with `ayr_webhook_free`).
/// Errors: AYR_ERR_NULL_ARGUMENT, AYR_ERR_INVALID_ARGUMENT (nothing sent), AYR_ERR_API,
/// AYR_ERR_RATE_LIMITED, AYR_ERR_TIMEOUT, AYR_ERR_CONNECTION, AYR_ERR_TLS, AYR_ERR_PROXY,
/// AYR_ERR_CANCELLED, AYR_ERR_DECODE.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_register_webhook(
    client: *const ayr_client,
    action: *const c_char,
    url: *const c_char,
    secret: *const c_char,
    profile_key: *const c_char,
    out_webhook: *mut *mut ayr_webhook,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: a live client or NULL, NUL-terminated strings or
        // NULL, an out-pointer valid for one write or NULL.
        let (client, action, url, secret, profile_key, out) = unsafe {
            (
                args::handle(client, "client")?,
                args::string(action, "action")?,
                args::string(url, "url")?,
                args::optional_string(secret, "secret")?,
                args::optional_string(profile_key, "profile_key")?,
                Out::new(out_webhook, "out_webhook")?,
            )
        };

        let mut request = RegisterWebhook::new(action.parse::<Action>()?, url);
        if let Some(secret) = secret {
            request = request.secret(secret);
        }
        if let Some(profile_key) = profile_key {
            request = request.profile_key(profile_key);
        }
        let webhook = client.inner.register_webhook(&request)?;
        out.write(ayr_webhook::from_core(webhook)?);
        Ok(())
    })
}

/// Removes the webhook of `action`: `DELETE /hook/webhook`.
///
/// `client` and `action` are required (see `ayr_register_webhook`); `profile_key` is NULL for
/// the client's. Errors: as `ayr_register_webhook`; when no webhook is registered for
/// `action`, the API answers 404, reported as AYR_ERR_API with `ayr_error_http_status` 404.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_unregister_webhook(
    client: *const ayr_client,
    action: *const c_char,
    profile_key: *const c_char,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: a live client or NULL, NUL-terminated strings or
        // NULL.
        let (client, action, profile_key) = unsafe {
            (
                args::handle(client, "client")?,
                args::string(action, "action")?,
                args::optional_string(profile_key, "profile_key")?,
            )
        };

        let action = action.parse::<Action>()?;
        match profile_key {
            Some(profile_key) => client
                .inner
                .unregister_webhook_for_profile(action, profile_key),
            None => client.inner.unregister_webhook(action),
        }?;
        Ok(())
    })
}

/// Lists the webhooks registered for a profile: `GET /hook/webhook`.
///
/// `client` is required; `profile_key` is NULL for the client's. On success stores a new list
/// in `*out_list` (free it with `ayr_webhook_list_free`). Errors: as `ayr_register_webhook`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_list_webhooks(
    client: *const ayr_client,
    profile_key: *const c_char,
    out_list: *mut *mut ayr_webhook_list,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: a live client or NULL, a NUL-terminated string or
        // NULL, an out-pointer valid for one write or NULL.
        let (client, profile_key, out) = unsafe {
            (
                args::handle(client, "client")?,
                args::optional_string(profile_key, "profile_key")?,
                Out::new(out_list, "out_list")?,
            )
        };

        let list = match profile_key {
            Some(profile_key) => client.inner.list_webhooks_for_profile(profile_key),
            None => client.inner.list_webhooks(),
        }?;
        out.write(ayr_webhook_list::from_core(list)?);
        Ok(())
    })
}

/// Sets a new signing secret for every webhook of a profile: `POST /hook/webhook/secret`. For
/// 24 hours Ayrshare signs deliveries with both the old and the new secret (see
/// `ayr_verifier_verify`'s `signature_v2`).
///
/// `client` and `secret` are required (`secret`: 1 to 1024 bytes, no control characters);
/// `profile_key` is NULL for the client's. Errors: as `ayr_register_webhook`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_rotate_webhook_secret(
    client: *const ayr_client,
    secret: *const c_char,
    profile_key: *const c_char,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: a live client or NULL, NUL-terminated strings or
        // NULL.
        let (client, secret, profile_key) = unsafe {
            (
                args::handle(client, "client")?,
                args::string(secret, "secret")?,
                args::optional_string(profile_key, "profile_key")?,
            )
        };

        match profile_key {
            Some(profile_key) => client
                .inner
                .rotate_webhook_secret_for_profile(secret, profile_key),
            None => client.inner.rotate_webhook_secret(secret),
        }?;
        Ok(())
    })
}
