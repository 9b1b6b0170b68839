//! `ayr_client`: the handle every API call goes through.

use std::ffi::c_char;

use ayrshare_webhooks::{Client, ClientBuilder};

use crate::args::{self, Out};
use crate::error::{ErrorSlot, ayr_error};
use crate::panic;
use crate::result::ayr_result;

/// A client of the Ayrshare webhook API: API key, optional profile key, base URL, timeouts and
/// retry budget, plus one keep-alive connection pool. Create it with `ayr_client_new`,
/// `ayr_client_from_env` or an `ayr_client_builder`; free it with `ayr_client_free`.
///
/// Thread safety: a client may be used by any number of threads at once (every call takes a
/// `const ayr_client *`); only `ayr_client_free` must wait until no other call is using it.
pub struct ayr_client {
    pub(crate) inner: Client,
}

/// The `User-Agent` suffix every client built by libayr sends after the core's own product.
pub(crate) const USER_AGENT_SUFFIX: &str = concat!("libayr/", env!("CARGO_PKG_VERSION"));

/// A core builder with libayr's `User-Agent` suffix.
pub(crate) fn core_builder() -> ClientBuilder {
    ClientBuilder::new().user_agent_suffix(USER_AGENT_SUFFIX)
}

/// Creates a client with `api_key` (the Primary Profile's key) and every other setting at its
/// default: the production base URL, 30 s per attempt, 10 s to connect, 2 retries.
///
/// `api_key`: required. On success stores a new client in `*out_client` (free it with
/// `ayr_client_free`). Errors: AYR_ERR_NULL_ARGUMENT (NULL `api_key` or `out_client`),
/// AYR_ERR_INVALID_ARGUMENT (an empty key, over 512 bytes, or with whitespace or control
/// characters, or not UTF-8). No request is made.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_new(
    api_key: *const c_char,
    out_client: *mut *mut ayr_client,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: a NUL-terminated string or NULL, an out-pointer
        // valid for one write or NULL.
        let (api_key, out) = unsafe {
            (
                args::string(api_key, "api_key")?,
                Out::new(out_client, "out_client")?,
            )
        };
        let inner = core_builder().api_key(api_key).build()?;
        out.write(ayr_client { inner });
        Ok(())
    })
}

/// Creates a client from the environment: `AYRSHARE_API_KEY` (required), and
/// `AYRSHARE_PROFILE_KEY` and `AYRSHARE_BASE_URL` when set to a non-empty value.
///
/// On success stores a new client in `*out_client` (free it with `ayr_client_free`). Errors:
/// AYR_ERR_NULL_ARGUMENT (NULL `out_client`), AYR_ERR_INVALID_ARGUMENT (`AYRSHARE_API_KEY`
/// unset, or a variable that is not valid). No request is made. Reads the environment, so do
/// not call it while another thread changes the environment (`setenv`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_from_env(
    out_client: *mut *mut ayr_client,
    out_error: *mut *mut ayr_error,
) -> ayr_result {
    // SAFETY: the documented contract: `out_error` is NULL or valid for one write.
    let out_error = unsafe { ErrorSlot::new(out_error) };
    panic::fallible(out_error, || {
        // SAFETY: the documented contract: an out-pointer or NULL.
        let out = unsafe { Out::new(out_client, "out_client") }?;
        let inner = ClientBuilder::from_env()?
            .user_agent_suffix(USER_AGENT_SUFFIX)
            .build()?;
        out.write(ayr_client { inner });
        Ok(())
    })
}

/// Frees a client and closes its idle connections. NULL is allowed and does nothing. No other
/// thread may be using the client, and it must not be used afterwards. Objects obtained from it
/// (webhooks, lists, errors) stay valid: they are owned separately.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ayr_client_free(client: *mut ayr_client) {
    // SAFETY: the contract: NULL or a client from libayr, freed once.
    panic::infallible((), || unsafe { args::free(client) })
}
