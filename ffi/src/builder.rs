//! `ayr_client_builder`: every client setting, validated when the client is built.

use std::ffi::{c_char, c_void};
use std::time::Duration;

use ayrshare_webhooks::ClientBuilder;

use crate::args::{self, Out};
use crate::client::{ayr_client, core_builder};
use crate::error::{ErrorSlot, ayr_error};
use crate::panic;
use crate::result::ayr_result;

/// Collects a client's settings. Setters only store (they fail only on a NULL or non-UTF-8
/// argument, which their result tells fully, so they take no `out_error`);
/// `ayr_client_builder_build` validates everything and names the first bad setting.
///
/// Thread safety: a builder must not be used by two threads at once.
pub struct ayr_client_builder {
    inner: ClientBuilder,
}

impl ayr_client_builder {
    /// Applies one setter of the core builder, which consumes and returns it.
    fn update(&mut self, set: impl FnOnce(ClientBuilder) -> ClientBuilder) {
        self.inner = set(std::mem::take(&mut self.inner));
    }
}

/// Starts a builder for a client with `api_key` (the Primary Profile's key); every other
/// setting is at its default until set. Returns NULL when `api_key` is NULL or not valid UTF-8.
/// Free the builder with `ayr_client_builder_build` (which consumes it) or
/// `ayr_client_builder_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_new(api_key: *const c_char) -> *mut ayr_client_builder {
    panic::infallible(std::ptr::null_mut(), || {
        // SAFETY: the documented contract: a string or NULL.
        match unsafe { args::string(api_key, "api_key") } {
            Ok(api_key) => Box::into_raw(Box::new(ayr_client_builder {
                inner: core_builder().api_key(api_key),
            })),
            Err(_) => std::ptr::null_mut(),
        }
    })
}

/// Runs a setter body: borrows the builder, converts the argument, stores it.
fn set<A>(
    builder: *mut ayr_client_builder,
    arg: impl FnOnce() -> Result<A, ayr_error>,
    apply: impl FnOnce(ClientBuilder, A) -> ClientBuilder,
) -> ayr_result {
    // SAFETY: NULL is always allowed: setters take no `out_error`.
    let no_details = unsafe { ErrorSlot::new(std::ptr::null_mut()) };
    panic::fallible(no_details, || {
        // SAFETY: the setters' contract: NULL or a builder from libayr used by this thread only.
        let builder = unsafe { args::handle_mut(builder, "builder") }?;
        let value = arg()?;
        builder.update(|b| apply(b, value));
        Ok(())
    })
}

/// Sets the API root, such as `"https://api.ayrshare.com/api"` (the default) or a local
/// stand-in; `http` is accepted only to a loopback host. Checked by `ayr_client_builder_build`.
/// AYR_ERR_NULL_ARGUMENT for a NULL `builder` or `base_url`, AYR_ERR_INVALID_ARGUMENT when it
/// is not UTF-8.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_set_base_url(
    builder: *mut ayr_client_builder,
    base_url: *const c_char,
) -> ayr_result {
    set(
        builder,
        // SAFETY: the documented contract: a string or NULL.
        || unsafe { args::string(base_url, "base_url") },
        |b, url| b.base_url(url),
    )
}

/// Makes the client act for the User Profile with `profile_key` on every call (a call can still
/// pass its own). Checked by `ayr_client_builder_build`. AYR_ERR_NULL_ARGUMENT for a NULL
/// argument, AYR_ERR_INVALID_ARGUMENT when `profile_key` is not UTF-8.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_set_profile_key(
    builder: *mut ayr_client_builder,
    profile_key: *const c_char,
) -> ayr_result {
    set(
        builder,
        // SAFETY: the documented contract: a string or NULL.
        || unsafe { args::string(profile_key, "profile_key") },
        |b, key| b.profile_key(key),
    )
}

/// Bounds each attempt, from connecting to the last byte of the answer, to `ms` milliseconds
/// (default 30000). Zero and more than a year are rejected by `ayr_client_builder_build`.
/// AYR_ERR_NULL_ARGUMENT for a NULL `builder`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_set_timeout_ms(
    builder: *mut ayr_client_builder,
    ms: u64,
) -> ayr_result {
    set(
        builder,
        || Ok(Duration::from_millis(ms)),
        ClientBuilder::timeout,
    )
}

/// Bounds establishing each connection to `ms` milliseconds (default 10000). Zero and more
/// than a year are rejected by `ayr_client_builder_build`. AYR_ERR_NULL_ARGUMENT for a NULL
/// `builder`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_set_connect_timeout_ms(
    builder: *mut ayr_client_builder,
    ms: u64,
) -> ayr_result {
    set(
        builder,
        || Ok(Duration::from_millis(ms)),
        ClientBuilder::connect_timeout,
    )
}

/// Sets how many more attempts follow a failed first one (0 to 10, default 2). Only timeouts,
/// connection failures, HTTP 408/500/502/503/504 and a 429 with a short `Retry-After` are
/// retried. Over 10 is rejected by `ayr_client_builder_build`. AYR_ERR_NULL_ARGUMENT for a NULL
/// `builder`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_set_max_retries(
    builder: *mut ayr_client_builder,
    n: u32,
) -> ayr_result {
    set(builder, || Ok(n), ClientBuilder::max_retries)
}

/// Verifies servers against the operating system's certificate store instead of the bundled
/// Mozilla roots: on Linux the distribution's bundle (what `update-ca-certificates` maintains),
/// honouring `SSL_CERT_FILE` and `SSL_CERT_DIR`. Read by `ayr_client_builder_build`, which
/// fails with AYR_ERR_INVALID_ARGUMENT (field `system_roots`) when the store holds no usable
/// certificate. Replaces an earlier `ayr_client_builder_set_ca_bundle`. AYR_ERR_NULL_ARGUMENT
/// for a NULL `builder`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_use_system_roots(
    builder: *mut ayr_client_builder,
) -> ayr_result {
    set(builder, || Ok(()), |b, ()| b.system_roots())
}

/// Verifies servers against the CA certificates of the PEM file at `path` instead of any
/// default (as curl's `--cacert` does): for a private CA or a TLS-inspecting proxy.
/// `ayr_client_from_env` reads the same setting from `AYRSHARE_CA_BUNDLE`. The file is read by
/// `ayr_client_builder_build`, which fails with AYR_ERR_INVALID_ARGUMENT (field `ca_bundle`)
/// when it cannot be read, is empty or holds no PEM certificate. Replaces an earlier
/// `ayr_client_builder_use_system_roots`. AYR_ERR_NULL_ARGUMENT for a NULL argument,
/// AYR_ERR_INVALID_ARGUMENT when `path` is not UTF-8.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_set_ca_bundle(
    builder: *mut ayr_client_builder,
    path: *const c_char,
) -> ayr_result {
    set(
        builder,
        // SAFETY: the documented contract: a string or NULL.
        || unsafe { args::string(path, "ca_bundle") },
        |b, path| b.ca_bundle(path),
    )
}

/// Sends every request through the HTTP proxy at `url`
/// (`"http://[user:password@]host[:port]"`, tunnelling with CONNECT), whatever the environment
/// says; `""` connects directly.
///
/// Without this setting the environment decides: for an `https` base URL the first of
/// `https_proxy`, `HTTPS_PROXY`, `all_proxy`, `ALL_PROXY` that is set, unless `no_proxy` /
/// `NO_PROXY` lists the host; a plain-`http` (loopback) base URL never uses one. SOCKS and
/// `https://` proxies, here or in the environment, make `ayr_client_builder_build` fail with
/// AYR_ERR_INVALID_ARGUMENT (field `proxy`) rather than be bypassed. A proxy's refusal is
/// AYR_ERR_PROXY. Credentials never appear in messages. AYR_ERR_NULL_ARGUMENT for a NULL
/// argument, AYR_ERR_INVALID_ARGUMENT when `url` is not UTF-8.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_set_proxy(
    builder: *mut ayr_client_builder,
    url: *const c_char,
) -> ayr_result {
    set(
        builder,
        // SAFETY: the documented contract: a string or NULL.
        || unsafe { args::string(url, "proxy") },
        |b, url| {
            if url.is_empty() {
                b.no_proxy()
            } else {
                b.proxy(url)
            }
        },
    )
}

/// A cancel callback: called with the `userdata` given to `ayr_client_builder_set_cancel`,
/// it returns true to make the call in progress stop with AYR_ERR_CANCELLED.
pub type ayr_cancel_fn = Option<unsafe extern "C" fn(userdata: *mut c_void) -> bool>;

/// A C callback and its data, callable from any thread (the contract of
/// `ayr_client_builder_set_cancel` makes the caller guarantee it).
struct CancelCallback {
    function: unsafe extern "C" fn(*mut c_void) -> bool,
    userdata: *mut c_void,
}

// SAFETY: the documented contract of `ayr_client_builder_set_cancel`: `cancel` may be called
// from any thread that uses the client, and `userdata` stays valid while the client lives.
unsafe impl Send for CancelCallback {}
// SAFETY: as above.
unsafe impl Sync for CancelCallback {}

impl CancelCallback {
    fn wants_to_stop(&self) -> bool {
        // SAFETY: the documented contract: a valid function taking this userdata.
        unsafe { (self.function)(self.userdata) }
    }
}

/// Makes calls stop early with AYR_ERR_CANCELLED once `cancel(userdata)` returns true.
///
/// `cancel` is called on the thread making the call, at least every 100 ms while the call
/// waits (for DNS, the connection, the server, or the pause before a retry), and at once when
/// a signal interrupts a wait (so a SIGINT handler that sets a flag is seen within 100 ms). It
/// must be quick, must not call libayr with the same client, must be safe to call from every
/// thread that uses the client, and `userdata` must stay valid until the client is freed.
/// Without a callback (the default, or NULL `cancel`), calls run to their timeouts.
/// AYR_ERR_NULL_ARGUMENT for a NULL `builder`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_set_cancel(
    builder: *mut ayr_client_builder,
    cancel: ayr_cancel_fn,
    userdata: *mut c_void,
) -> ayr_result {
    set(
        builder,
        || Ok(cancel.map(|function| CancelCallback { function, userdata })),
        |b, callback| match callback {
            Some(callback) => b.cancel_when(move || callback.wants_to_stop()),
            None => b.without_cancel(),
        },
    )
}

/// Validates the settings and builds the client. No request is made.
///
/// Consumes `builder` in every case, success or error (even when `out_client` is NULL): do not
/// use or free it afterwards. On success stores a new client in `*out_client` (free it with
/// `ayr_client_free`). Errors: AYR_ERR_NULL_ARGUMENT (NULL `builder` or `out_client`),
/// AYR_ERR_INVALID_ARGUMENT naming the first bad setting in `ayr_error_field` (`api_key`,
/// `profile_key`, `base_url`, `timeout`, `connect_timeout`, `max_retries`, `ca_bundle`,
/// `system_roots` or `proxy`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_build(
    builder: *mut ayr_client_builder,
    out_client: *mut *mut ayr_client,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: NULL or a builder from libayr, handed over here
        // (taken first, so that it is freed even when `out_client` is NULL).
        let builder = unsafe { args::take(builder, "builder") }?;
        // SAFETY: the documented contract: an out-pointer valid for one write, or NULL.
        let out = unsafe { Out::new(out_client, "out_client") }?;
        let inner = builder.inner.build()?;
        out.write(ayr_client { inner });
        Ok(())
    })
}

/// Frees a builder without building it. NULL is allowed and does nothing. Do not call it after
/// `ayr_client_builder_build`, which already consumed the builder.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_builder_free(builder: *mut ayr_client_builder) {
    // SAFETY: the contract: NULL or a builder from libayr, freed once.
    panic::infallible((), || unsafe { args::free(builder) })
}
