//! Configuration of a [`Client`]: every setting, its default, and its validation.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::call::CancelCheck;
use crate::client::{Client, Settings};
use crate::proxy::{self, ProxySetting};
use crate::tls::{self, ENV_CA_BUNDLE, Trust};
use crate::{Error, validate};

/// The API's production base URL.
pub const DEFAULT_BASE_URL: &str = "https://api.ayrshare.com/api";
/// Default bound on one attempt, from connecting to reading the last byte of the answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default bound on establishing a connection (DNS, TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default number of retries after a failed first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// Environment variable holding the API key, read by [`Client::from_env`].
pub const ENV_API_KEY: &str = "AYRSHARE_API_KEY";
/// Environment variable holding a profile key, read by [`Client::from_env`] when set.
pub const ENV_PROFILE_KEY: &str = "AYRSHARE_PROFILE_KEY";
/// Environment variable holding a base URL, read by [`Client::from_env`] when set.
pub const ENV_BASE_URL: &str = "AYRSHARE_BASE_URL";

/// Builds a [`Client`]. Setters only store; [`ClientBuilder::build`] validates everything
/// and names the first bad field. `Debug` masks the keys.
///
/// ```
/// use std::time::Duration;
/// use ayrshare_webhooks::Client;
///
/// let client = Client::builder()
///     .api_key("API-KEY-OF-THE-PRIMARY-PROFILE")
///     .profile_key("PROFILE-KEY")
///     .timeout(Duration::from_secs(10))
///     .max_retries(1)
///     .user_agent_suffix("my-app/2.1")
///     .build()?;
/// # Ok::<(), ayrshare_webhooks::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    profile_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    user_agent_suffix: Option<String>,
    trust: Trust,
    proxy: ProxySetting,
    cancel: Option<CancelCheck>,
}

impl ClientBuilder {
    /// A builder with every setting at its default and no API key.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder holding what the environment sets: `AYRSHARE_API_KEY`,
    /// `AYRSHARE_PROFILE_KEY`, `AYRSHARE_BASE_URL` and `AYRSHARE_CA_BUNDLE`, each only when
    /// set to a non-empty value. Setters called afterwards override them. (Proxy variables are
    /// read by [`ClientBuilder::build`] for every builder; see [`ClientBuilder::proxy`].)
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when a variable is set but is not valid UTF-8. Values are
    /// validated by [`ClientBuilder::build`], and a missing API key is reported there.
    pub fn from_env() -> Result<Self, Error> {
        Ok(Self {
            api_key: env_value(ENV_API_KEY, "api_key")?,
            profile_key: env_value(ENV_PROFILE_KEY, "profile_key")?,
            base_url: env_value(ENV_BASE_URL, "base_url")?,
            trust: match env_value(ENV_CA_BUNDLE, "ca_bundle")? {
                Some(path) => Trust::Bundle(PathBuf::from(path)),
                None => Trust::Bundled,
            },
            ..Self::default()
        })
    }

    /// The API key of the Primary Profile (required).
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Acts for one User Profile on every call (each call can still override it).
    pub fn profile_key(mut self, profile_key: impl Into<String>) -> Self {
        self.profile_key = Some(profile_key.into());
        self
    }

    /// Another API root, such as a local stand-in (`http` is accepted only to a loopback host).
    /// Defaults to [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Bound on each attempt, from connecting to the last byte of the answer (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Bound on establishing each connection (default 10 s).
    pub fn connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.connect_timeout = Some(connect_timeout);
        self
    }

    /// Retries after a failed first attempt, 0 to 10 (default 2). See the crate docs for what
    /// is retried.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Text appended to the `User-Agent` header (printable ASCII, at most 128 bytes).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Verifies servers against the operating system's certificate store instead of the
    /// bundled Mozilla roots: on Linux the distribution's bundle (what `update-ca-certificates`
    /// maintains), honouring `SSL_CERT_FILE` and `SSL_CERT_DIR`; the system's store on macOS
    /// and Windows. Use it where a company CA or a TLS-inspecting proxy is trusted system-wide.
    /// Replaces an earlier [`ClientBuilder::ca_bundle`].
    pub fn system_roots(mut self) -> Self {
        self.trust = Trust::System;
        self
    }

    /// Verifies servers against the CA certificates of the PEM file at `path` instead of any
    /// default (as curl's `--cacert` and requests' `verify=path` do), for a private CA or a
    /// TLS-inspecting proxy. The file is read by [`ClientBuilder::build`]. Also set by
    /// `AYRSHARE_CA_BUNDLE` in [`ClientBuilder::from_env`]. Replaces an earlier
    /// [`ClientBuilder::system_roots`].
    pub fn ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.trust = Trust::Bundle(path.into());
        self
    }

    /// Sends every request through the HTTP proxy at `url` (`http://[user:password@]host[:port]`,
    /// tunnelling with `CONNECT`), whatever the environment says; `""` connects directly.
    ///
    /// Without this setting (or [`ClientBuilder::no_proxy`]) the environment decides: for an
    /// `https` base URL, the first of `https_proxy`, `HTTPS_PROXY`, `all_proxy`, `ALL_PROXY`
    /// that is set, unless `no_proxy` / `NO_PROXY` lists the host (entries `*`, `host`,
    /// `.domain`, `host:port`, IP addresses). A plain-`http` base URL, allowed only to a
    /// loopback host, never uses a proxy from the environment. SOCKS and `https://` proxies are
    /// refused, from here or the environment, rather than silently bypassed. Proxy
    /// credentials never appear in `Debug`, errors or logs.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Url(url.into());
        self
    }

    /// Connects directly, ignoring the proxy variables of the environment.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Direct;
        self
    }

    /// Makes calls stop early, with [`Error::Cancelled`], once `check` returns `true`.
    ///
    /// `check` runs on the calling thread at least every 100 ms while a call waits (for a name
    /// lookup, a connection, the server, or the pause before a retry), and at once when a
    /// signal interrupts a wait. The connection in use is then dropped. Without a check, calls
    /// run to their timeouts. Keep `check` quick: a flag read, not I/O.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicBool, Ordering};
    /// use ayrshare_webhooks::Client;
    ///
    /// let stop = Arc::new(AtomicBool::new(false)); // set by a Ctrl-C handler, say
    /// let flag = Arc::clone(&stop);
    /// let client = Client::builder()
    ///     .api_key("API-KEY")
    ///     .cancel_when(move || flag.load(Ordering::Relaxed))
    ///     .build()?;
    /// # Ok::<(), ayrshare_webhooks::Error>(())
    /// ```
    pub fn cancel_when(mut self, check: impl Fn() -> bool + Send + Sync + 'static) -> Self {
        self.cancel = Some(Arc::new(check));
        self
    }

    /// Removes a check set with [`ClientBuilder::cancel_when`]: calls run to their timeouts.
    pub fn without_cancel(mut self) -> Self {
        self.cancel = None;
        self
    }

    /// Validates the settings and builds the client. No request is made.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the first invalid setting, or `api_key` when none was set:
    /// also `ca_bundle` for a bundle that cannot be read or holds no PEM certificate,
    /// `system_roots` for an empty system store, and `proxy` for an unsupported or malformed
    /// proxy (set here or in the environment).
    pub fn build(self) -> Result<Client, Error> {
        let api_key = match &self.api_key {
            Some(key) => validate::key("api_key", key)?,
            None => {
                return Err(Error::invalid(
                    "api_key",
                    format!("none was given and {ENV_API_KEY} is not set"),
                ));
            }
        };
        let profile_key = self
            .profile_key
            .as_deref()
            .map(|key| validate::key("profile_key", key))
            .transpose()?;
        let base_url = validate::base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let timeout = validate::timeout("timeout", self.timeout.unwrap_or(DEFAULT_TIMEOUT))?;
        let connect_timeout = validate::timeout(
            "connect_timeout",
            self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
        )?;
        let max_retries = validate::max_retries(self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES))?;
        let mut user_agent = format!("ayrshare-webhooks-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(&validate::user_agent_suffix(suffix)?);
        }
        let parsed = url::Url::parse(&base_url)
            .map_err(|e| Error::invalid("base_url", format!("is not an absolute URL ({e})")))?;
        let proxy = proxy::choose(&self.proxy, &parsed)?;
        let tls = tls::config(&self.trust)?;
        Client::from_settings(
            Settings {
                api_key,
                base_url,
                timeout,
                connect_timeout,
                max_retries,
                user_agent,
                trust: self.trust,
                tls,
                proxy,
            },
            profile_key,
            self.cancel,
        )
    }
}

/// Reads an environment variable; unset or empty is `None`, non-Unicode is invalid.
fn env_value(name: &str, field: &'static str) -> Result<Option<String>, Error> {
    match std::env::var(name) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => {
            Err(Error::invalid(field, format!("{name} is not valid UTF-8")))
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("profile_key", &self.profile_key.as_ref().map(|_| "***"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("trust", &self.trust)
            .field("proxy", &self.proxy)
            .field("cancel_when", &self.cancel.as_ref().map(|_| "set"))
            .finish()
    }
}
