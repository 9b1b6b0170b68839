//! `Client`: the core's blocking client, with every network call made while detached from the
//! interpreter so other Python threads run while it waits.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use ayrshare_webhooks::{
    Action, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Error,
    RegisterWebhook, max_retries_from_i64,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict};

use crate::action::action_from_py;
use crate::cancel::CancelToken;
use crate::convert::{Count, Seconds, optional_text, repr_str, text, type_name};
use crate::errors::{IntoPyResult, guard};
use crate::types::Webhook;
use crate::{logging, signals};

const DEFAULT_TIMEOUT_SECS: f64 = DEFAULT_TIMEOUT.as_secs_f64();
const DEFAULT_CONNECT_TIMEOUT_SECS: f64 = DEFAULT_CONNECT_TIMEOUT.as_secs_f64();

/// A client of the Ayrshare webhook API: register, list and remove webhooks, and rotate their
/// signing secret.
///
/// Every argument is validated before any I/O: a bad one raises ``InvalidInputError`` naming
/// the field, and nothing is sent. Each attempt is bounded by ``timeout``; timeouts, connection
/// failures, HTTP 408/500/502/503/504 and a 429 with a short ``Retry-After`` are retried up to
/// ``max_retries`` times with backoff. Calls release the GIL while they wait. One client is
/// safe to share between threads, and its clones (``with_profile_key``) share its connection
/// pool. Its repr masks the keys.
///
/// Args:
///     api_key: The API key of the Primary Profile. ``None`` configures the client from the
///         environment: ``AYRSHARE_API_KEY``, and ``AYRSHARE_PROFILE_KEY`` and
///         ``AYRSHARE_BASE_URL`` when set (the other arguments still override them). With an
///         explicit key the environment is not read.
///     profile_key: Act for this User Profile on every call.
///     base_url: The API root (default ``https://api.ayrshare.com/api``). ``http`` is
///         accepted only to a loopback host.
///     timeout: Seconds one attempt may take, from connecting to the last byte (default 30).
///     connect_timeout: Seconds connecting may take (default 10).
///     max_retries: Retries after a failed first attempt, 0 to 10 (default 2).
///     system_roots: Verify the server against the operating system's certificate store
///         (honouring ``SSL_CERT_FILE``) instead of the bundled Mozilla roots.
///     ca_bundle: A PEM file (``str`` or ``os.PathLike``) of the CA certificates to trust
///         instead of any default, as ``requests``' ``verify=path``; also read from
///         ``AYRSHARE_CA_BUNDLE`` when configuring from the environment.
///     proxy: An HTTP proxy, ``"http://[user:password@]host[:port]"``, for every request;
///         ``""`` for none. ``None`` (the default): the environment's ``HTTPS_PROXY`` /
///         ``ALL_PROXY`` unless ``NO_PROXY`` lists the host. SOCKS proxies are refused.
///
/// A call interrupted by a signal (Ctrl-C) raises the signal handler's exception
/// (``KeyboardInterrupt``) within a fraction of a second; the connection is dropped. The SDK's
/// diagnostics (one debug record per attempt) go to ``logging.getLogger("ayrshare_webhooks")``.
///
/// Raises:
///     InvalidInputError: A setting is invalid, or no API key was given or found.
///     TypeError: An argument has the wrong type.
#[pyclass(frozen, module = "ayrshare_webhooks")]
pub(crate) struct Client {
    inner: ayrshare_webhooks::Client,
}

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (
        api_key = None,
        *,
        profile_key = None,
        base_url = None,
        timeout = Seconds(DEFAULT_TIMEOUT_SECS),
        connect_timeout = Seconds(DEFAULT_CONNECT_TIMEOUT_SECS),
        max_retries = Count(i64::from(DEFAULT_MAX_RETRIES)),
        system_roots = None,
        ca_bundle = None,
        proxy = None,
    ))]
    // The defaults as Python shows them (`help(Client)`, `inspect.signature`); the test suite
    // checks them against the defaults the core applies.
    #[pyo3(
        text_signature = "(api_key=None, *, profile_key=None, base_url=None, timeout=30.0, connect_timeout=10.0, max_retries=2, system_roots=False, ca_bundle=None, proxy=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: Option<&Bound<'_, PyAny>>,
        profile_key: Option<&Bound<'_, PyAny>>,
        base_url: Option<&Bound<'_, PyAny>>,
        timeout: Seconds,
        connect_timeout: Seconds,
        max_retries: Count,
        system_roots: Option<&Bound<'_, PyAny>>,
        ca_bundle: Option<&Bound<'_, PyAny>>,
        proxy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        guard(py, || {
            let version = py.version_info();
            // No api_key: the environment supplies the settings (the core's rules), and the
            // explicit arguments override them. An explicit api_key: the environment is not
            // read at all, so a stray AYRSHARE_PROFILE_KEY cannot redirect the client.
            let api_key = optional_text("api_key", api_key)?;
            let mut builder = match &api_key {
                None => ClientBuilder::from_env().or_raise(py)?,
                Some(key) => ClientBuilder::new().api_key(key.as_ref()),
            };
            builder = builder
                .timeout(timeout.duration("timeout").or_raise(py)?)
                .connect_timeout(connect_timeout.duration("connect_timeout").or_raise(py)?)
                .max_retries(max_retries_from_i64(max_retries.0).or_raise(py)?)
                .user_agent_suffix(format!(
                    "python/{}.{} ayrshare-webhooks-python/{}",
                    version.major,
                    version.minor,
                    env!("CARGO_PKG_VERSION")
                ));
            if let Some(profile_key) = optional_text("profile_key", profile_key)? {
                builder = builder.profile_key(profile_key.into_owned());
            }
            if let Some(base_url) = optional_text("base_url", base_url)? {
                builder = builder.base_url(base_url.into_owned());
            }
            if flag("system_roots", system_roots)? {
                builder = builder.system_roots();
            }
            if let Some(path) = ca_bundle.filter(|value| !value.is_none()) {
                builder = builder.ca_bundle(path_of("ca_bundle", path)?);
            }
            if let Some(url) = optional_text("proxy", proxy)? {
                builder = if url.is_empty() {
                    builder.no_proxy()
                } else {
                    builder.proxy(url.into_owned())
                };
            }
            Ok(Client {
                inner: builder.cancel_when(signals::check).build().or_raise(py)?,
            })
        })
    }

    /// Registers (or replaces) the webhook of ``action``: ``POST /hook/webhook``.
    ///
    /// Args:
    ///     action: An ``Action`` or its API spelling, such as ``"scheduled"``.
    ///     url: The ``https`` URL Ayrshare will POST deliveries to (it must be the final
    ///         destination: redirects are not followed).
    ///     secret: Have Ayrshare sign each delivery with HMAC-SHA256 keyed by this secret.
    ///     profile_key: Register for this User Profile instead of the client's.
    ///
    /// Returns:
    ///     The ``Webhook`` as the API confirmed it.
    ///
    /// Raises:
    ///     InvalidInputError: A bad action, URL, secret or profile key (nothing is sent).
    ///     APIError: The API answered with an error (see its subclasses).
    ///     APIConnectionError: The connection failed (``APITimeoutError``: it timed out).
    ///     DecodeError: The answer was not the expected JSON.
    #[pyo3(signature = (action, url, *, secret = None, profile_key = None))]
    fn register_webhook(
        &self,
        action: &Bound<'_, PyAny>,
        url: &Bound<'_, PyAny>,
        secret: Option<&Bound<'_, PyAny>>,
        profile_key: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Webhook> {
        let py = action.py();
        guard(py, || {
            let mut request =
                RegisterWebhook::new(action_from_py(action)?, text("url", url)?.into_owned());
            if let Some(secret) = optional_text("secret", secret)? {
                request = request.secret(secret.into_owned());
            }
            if let Some(profile_key) = optional_text("profile_key", profile_key)? {
                request = request.profile_key(profile_key.into_owned());
            }
            let hook = self.call(py, |client| client.register_webhook(&request))?;
            Ok(Webhook::from(hook))
        })
    }

    /// Lists the registered webhooks: ``GET /hook/webhook``.
    ///
    /// Args:
    ///     profile_key: List those of this User Profile instead of the client's.
    ///
    /// Returns:
    ///     A ``dict`` from action (its API spelling) to URL, for every action with a webhook.
    ///
    /// Raises:
    ///     InvalidInputError: A bad profile key (nothing is sent).
    ///     APIError, APIConnectionError, DecodeError: As for ``register_webhook``.
    #[pyo3(signature = (*, profile_key = None))]
    fn list_webhooks<'py>(
        &self,
        py: Python<'py>,
        profile_key: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        guard(py, || {
            let profile_key = optional_text("profile_key", profile_key)?.map(|k| k.into_owned());
            let list = self.call(py, |client| match &profile_key {
                Some(key) => client.list_webhooks_for_profile(key),
                None => client.list_webhooks(),
            })?;
            let dict = PyDict::new(py);
            for (action, url) in list.iter() {
                dict.set_item(action.as_str(), url)?;
            }
            Ok(dict)
        })
    }

    /// Removes the webhook of ``action``: ``DELETE /hook/webhook``.
    ///
    /// Args:
    ///     action: An ``Action`` or its API spelling.
    ///     profile_key: Act for this User Profile instead of the client's.
    ///
    /// Raises:
    ///     NotFoundError: No webhook is registered for ``action``.
    ///     InvalidInputError, APIError, APIConnectionError, DecodeError: As for
    ///         ``register_webhook``.
    #[pyo3(signature = (action, *, profile_key = None))]
    fn unregister_webhook(
        &self,
        action: &Bound<'_, PyAny>,
        profile_key: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let py = action.py();
        guard(py, || {
            let action: Action = action_from_py(action)?;
            let profile_key = optional_text("profile_key", profile_key)?.map(|k| k.into_owned());
            self.call(py, |client| match &profile_key {
                Some(key) => client.unregister_webhook_for_profile(action, key),
                None => client.unregister_webhook(action),
            })
        })
    }

    /// Sets a new signing secret for every webhook of the profile:
    /// ``POST /hook/webhook/secret``.
    ///
    /// For 24 hours Ayrshare signs deliveries with both the old and the new secret
    /// (``Verifier`` accepts either signature).
    ///
    /// Args:
    ///     secret: The new secret (1 to 1,024 bytes, no control characters).
    ///     profile_key: Act for this User Profile instead of the client's.
    ///
    /// Raises:
    ///     InvalidInputError, APIError, APIConnectionError, DecodeError: As for
    ///         ``register_webhook``.
    #[pyo3(signature = (secret, *, profile_key = None))]
    fn rotate_webhook_secret(
        &self,
        secret: &Bound<'_, PyAny>,
        profile_key: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let py = secret.py();
        guard(py, || {
            let secret = text("secret", secret)?.into_owned();
            let profile_key = optional_text("profile_key", profile_key)?.map(|k| k.into_owned());
            self.call(py, |client| match &profile_key {
                Some(key) => client.rotate_webhook_secret_for_profile(&secret, key),
                None => client.rotate_webhook_secret(&secret),
            })
        })
    }

    /// A client acting for the User Profile with ``profile_key``, sharing this client's
    /// settings and connection pool.
    ///
    /// Raises:
    ///     InvalidInputError: The profile key is invalid (field ``profile_key``).
    fn with_profile_key(&self, profile_key: &Bound<'_, PyAny>) -> PyResult<Client> {
        let py = profile_key.py();
        guard(py, || {
            let key = text("profile_key", profile_key)?;
            Ok(Client {
                inner: self.inner.with_profile_key(&key).or_raise(py)?,
            })
        })
    }

    /// A client sharing this one's settings and connection pool whose calls also stop once
    /// ``token`` is cancelled. Used by ``AsyncClient``; not part of the API.
    fn _with_cancel_token(&self, token: &CancelToken) -> Client {
        let flag = token.flag();
        Client {
            inner: self
                .inner
                .with_cancel_when(move || flag.load(Ordering::SeqCst) || signals::check()),
        }
    }

    /// The API root this client talks to, without a trailing ``/``.
    #[getter]
    fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// Whether this client acts for a User Profile.
    #[getter]
    fn has_profile_key(&self) -> bool {
        self.inner.has_profile_key()
    }

    /// The per-attempt timeout, in seconds.
    #[getter]
    fn timeout(&self) -> f64 {
        self.inner.timeout().as_secs_f64()
    }

    /// The connect timeout, in seconds.
    #[getter]
    fn connect_timeout(&self) -> f64 {
        self.inner.connect_timeout().as_secs_f64()
    }

    /// Retries after a failed first attempt.
    #[getter]
    fn max_retries(&self) -> u32 {
        self.inner.max_retries()
    }

    /// ``Client(base_url=..., api_key=..., profile_key=...)``, the keys masked.
    fn __repr__(&self, py: Python<'_>) -> String {
        let profile = self
            .inner
            .masked_profile_key()
            .map_or_else(|| "None".to_owned(), |masked| repr_str(py, &masked));
        format!(
            "Client(base_url={}, api_key={}, profile_key={profile})",
            repr_str(py, self.inner.base_url()),
            repr_str(py, &self.inner.masked_api_key())
        )
    }
}

impl Client {
    /// Runs one core call with the interpreter detached (other Python threads run meanwhile),
    /// after asking the `ayrshare_webhooks` logger which records it wants.
    fn call<T: Send>(
        &self,
        py: Python<'_>,
        body: impl FnOnce(&ayrshare_webhooks::Client) -> Result<T, Error> + Send,
    ) -> PyResult<T> {
        logging::prepare(py);
        py.detach(|| body(&self.inner)).or_raise(py)
    }
}

/// A `bool` argument (`None`: false), with a `TypeError` for anything else.
fn flag(name: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<bool> {
    match value {
        None => Ok(false),
        Some(value) if value.is_none() => Ok(false),
        Some(value) => match value.cast::<PyBool>() {
            Ok(flag) => Ok(flag.is_true()),
            Err(_) => Err(PyTypeError::new_err(format!(
                "{name} must be bool, not {}",
                type_name(value)
            ))),
        },
    }
}

/// A path argument: `str` or `os.PathLike` (as `open()` takes), with a `TypeError` otherwise
/// and an `InvalidInputError` for a name that is not valid Unicode.
fn path_of(name: &str, value: &Bound<'_, PyAny>) -> PyResult<PathBuf> {
    let py = value.py();
    let fspath = py
        .import(pyo3::intern!(py, "os"))?
        .call_method1(pyo3::intern!(py, "fspath"), (value,))
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "{name} must be str or os.PathLike, not {}",
                type_name(value)
            ))
        })?;
    if fspath.cast::<pyo3::types::PyString>().is_err() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a str path, not bytes"
        )));
    }
    Ok(PathBuf::from(text(name, &fspath)?.into_owned()))
}
