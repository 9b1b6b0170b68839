//! The client: one connection pool per process, the four webhook operations, validation
//! before I/O.

use std::fmt;
use std::sync::{Arc, Mutex, TryLockError};
use std::time::Duration;

use ureq::Agent;
use ureq::http::{HeaderValue, Method, Uri};
use ureq::tls::TlsConfig;

use crate::call::{self, CancelCheck};
use crate::logging::{self, Operation};
use crate::proxy::Proxy;
use crate::retry::{self, Failure, Plan, Resend};
use crate::seal::{self, Credentials};
use crate::secret::Secret;
use crate::tls::Trust;
use crate::transport::{self, AgentSettings, Outgoing};
use crate::wire::{self, Answer, RegisterBody, RotateSecretBody, UnregisterBody};
use crate::{Action, ClientBuilder, Error, RegisterWebhook, Webhook, WebhookList, validate};

/// Validated settings shared by a client and all its clones.
pub(crate) struct Settings {
    pub api_key: Secret,
    pub base_url: String,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_retries: u32,
    pub user_agent: String,
    pub trust: Trust,
    pub tls: TlsConfig,
    pub proxy: Option<Proxy>,
}

impl Settings {
    fn agent(&self) -> Agent {
        transport::agent(&AgentSettings {
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent: &self.user_agent,
            tls: &self.tls,
            proxy: self.proxy.as_ref(),
        })
    }
}

/// What every clone shares: settings, the endpoints and the `Authorization` header (made once,
/// not per call), and the connection pools.
struct Shared {
    settings: Settings,
    hook_url: Uri,
    secret_url: Uri,
    authorization: HeaderValue,
    agents: Agents,
}

/// The connection pool of the process that built the client, and the one of a forked child.
///
/// A child process (gunicorn `--preload`, Celery and uWSGI workers, `multiprocessing`)
/// inherits the parent's pooled sockets: were both to use them, each would read answers meant
/// for the other. So a client checks its process id on every call: in any process but its
/// creator it uses a pool of its own, made on the child's first call, and never touches the
/// inherited one (dropping it later only closes the child's copies of the descriptors).
struct Agents {
    owner: u32,
    agent: Agent,
    forked: Mutex<Option<(u32, Agent)>>,
}

impl Agents {
    fn new(settings: &Settings) -> Self {
        Self {
            owner: std::process::id(),
            agent: settings.agent(),
            forked: Mutex::new(None),
        }
    }

    /// The pool for the calling process.
    fn current(&self, settings: &Settings) -> Agent {
        let pid = std::process::id();
        if pid == self.owner {
            return self.agent.clone();
        }
        // A lock held at the moment of `fork` by a thread the child does not have stays
        // locked in the child: never wait for it without bound. After a few tries the call
        // gets a pool of its own (correct, only without reuse).
        for _ in 0..1000 {
            let mut slot = match self.forked.try_lock() {
                Ok(slot) => slot,
                Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                Err(TryLockError::WouldBlock) => {
                    std::thread::yield_now();
                    continue;
                }
            };
            if let Some((owner, agent)) = slot.as_ref() {
                if *owner == pid {
                    return agent.clone();
                }
            }
            let agent = settings.agent();
            *slot = Some((pid, agent.clone()));
            return agent;
        }
        settings.agent()
    }
}

/// One operation: what the logs call it, its request line, and whether it may be re-sent.
struct Call<'a> {
    name: &'static str,
    method: Method,
    url: &'a Uri,
    resend: Resend,
}

/// A blocking client of the Ayrshare webhook API.
///
/// Every method validates its arguments before any I/O and returns [`Error::InvalidInput`]
/// without sending anything when one is bad. Each attempt is bounded by the timeout; failed
/// attempts are retried as the crate docs describe. `Client` is cheap to clone, and clones
/// (including [`Client::with_profile_key`]) share one keep-alive connection pool. It is
/// `Send + Sync`: share one client between threads. `Debug` masks the keys.
///
/// ```no_run
/// use ayrshare_webhooks::{Action, Client, RegisterWebhook};
///
/// let client = Client::new("API-KEY")?;
/// let hook = client.register_webhook(
///     &RegisterWebhook::new(Action::Scheduled, "https://example.com/hooks/ayrshare")
///         .secret("my-signing-secret"),
/// )?;
/// println!("{} registered for profile {:?}", hook.action, hook.ref_id);
/// # Ok::<(), ayrshare_webhooks::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    profile_key: Option<Secret>,
    cancel: Option<CancelCheck>,
}

impl Client {
    /// A client with `api_key` and every other setting at its default.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on field `api_key` when the key is empty, longer than 512
    /// bytes, or holds whitespace or control characters.
    pub fn new(api_key: impl Into<String>) -> Result<Client, Error> {
        ClientBuilder::new().api_key(api_key).build()
    }

    /// A client configured from the environment: `AYRSHARE_API_KEY` (required), and
    /// `AYRSHARE_PROFILE_KEY` and `AYRSHARE_BASE_URL` when set to a non-empty value.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `AYRSHARE_API_KEY` is unset or any variable is invalid.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The client for validated `settings`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the base URL or the API key, valid by the SDK's rules, is
    /// still refused by the HTTP layer (which the validation rules are meant to rule out).
    pub(crate) fn from_settings(
        settings: Settings,
        profile_key: Option<Secret>,
        cancel: Option<CancelCheck>,
    ) -> Result<Client, Error> {
        let shared = Shared {
            hook_url: transport::endpoint(&settings.base_url, "/hook/webhook")?,
            secret_url: transport::endpoint(&settings.base_url, "/hook/webhook/secret")?,
            authorization: transport::authorization(settings.api_key.expose())?,
            agents: Agents::new(&settings),
            settings,
        };
        Ok(Client {
            shared: Arc::new(shared),
            profile_key,
            cancel,
        })
    }

    /// A client acting for the User Profile with `profile_key`, sharing this client's
    /// settings and connection pool.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on field `profile_key` when the key is invalid.
    pub fn with_profile_key(&self, profile_key: &str) -> Result<Client, Error> {
        Ok(Client {
            shared: Arc::clone(&self.shared),
            profile_key: Some(validate::key("profile_key", profile_key)?),
            cancel: self.cancel.clone(),
        })
    }

    /// A client whose calls stop with [`Error::Cancelled`] once `check` returns `true`,
    /// sharing this client's settings and connection pool (it replaces any check set with
    /// [`ClientBuilder::cancel_when`]). See that method for when `check` runs.
    pub fn with_cancel_when(&self, check: impl Fn() -> bool + Send + Sync + 'static) -> Client {
        Client {
            shared: Arc::clone(&self.shared),
            profile_key: self.profile_key.clone(),
            cancel: Some(Arc::new(check)),
        }
    }

    /// The API root this client talks to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.shared.settings.base_url
    }

    /// The API key masked for display: `***` and, for keys of 20 characters or more, the
    /// last four (as `Debug` shows it), so logs can tell two keys apart without revealing either.
    pub fn masked_api_key(&self) -> String {
        self.shared.settings.api_key.masked()
    }

    /// The profile key masked as [`Client::masked_api_key`] masks the API key, or `None` when
    /// the client acts for the Primary Profile.
    pub fn masked_profile_key(&self) -> Option<String> {
        self.profile_key.as_ref().map(Secret::masked)
    }

    /// Whether this client acts for a User Profile.
    pub fn has_profile_key(&self) -> bool {
        self.profile_key.is_some()
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.shared.settings.timeout
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.shared.settings.connect_timeout
    }

    /// The number of retries after a failed first attempt.
    pub fn max_retries(&self) -> u32 {
        self.shared.settings.max_retries
    }

    /// Registers (or replaces) the webhook for `request.action()`:
    /// `POST /hook/webhook {"action", "url", "secret"?}`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] (nothing sent) for a bad URL, secret or profile key; otherwise
    /// any API, transport or decoding error of the answer.
    pub fn register_webhook(&self, request: &RegisterWebhook) -> Result<Webhook, Error> {
        let url = validate::webhook_url(&request.url)?;
        let secret = request
            .secret
            .as_deref()
            .map(validate::secret)
            .transpose()?;
        let profile_key = self.profile_for_call(request.profile_key.as_deref())?;
        let body = wire::to_json(&RegisterBody {
            action: request.action.as_str(),
            url: &url,
            secret: secret.as_ref().map(Secret::expose),
        });
        let extra = secret.as_ref().map(Secret::expose);
        if let Some(note) = request.action.deprecation_note() {
            logging::deprecated(note);
        }
        self.execute(
            Call {
                name: "register_webhook",
                method: Method::POST,
                url: &self.shared.hook_url,
                resend: Resend::Allowed,
            },
            profile_key.as_ref(),
            Some(&body),
            extra,
            |answer, secrets| wire::decode_registration(answer, request.action, &url, secrets),
        )
    }

    /// Removes the webhook of `action`: `DELETE /hook/webhook {"action"}`.
    ///
    /// # Errors
    /// Any API, transport or decoding error; a 404 when no webhook is registered for `action`
    /// is returned as [`Error::Api`] with status 404.
    pub fn unregister_webhook(&self, action: Action) -> Result<(), Error> {
        self.unregister(action, None)
    }

    /// [`Client::unregister_webhook`] for the User Profile with `profile_key`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on field `profile_key` (nothing sent), or as
    /// [`Client::unregister_webhook`].
    pub fn unregister_webhook_for_profile(
        &self,
        action: Action,
        profile_key: &str,
    ) -> Result<(), Error> {
        self.unregister(action, Some(profile_key))
    }

    fn unregister(&self, action: Action, profile_key: Option<&str>) -> Result<(), Error> {
        let profile_key = self.profile_for_call(profile_key)?;
        let body = wire::to_json(&UnregisterBody {
            action: action.as_str(),
        });
        self.execute(
            Call {
                name: "unregister_webhook",
                method: Method::DELETE,
                url: &self.shared.hook_url,
                resend: Resend::Allowed,
            },
            profile_key.as_ref(),
            Some(&body),
            None,
            wire::decode_acknowledgement,
        )
    }

    /// Lists the registered webhooks: `GET /hook/webhook`.
    ///
    /// # Errors
    /// Any API, transport or decoding error.
    pub fn list_webhooks(&self) -> Result<WebhookList, Error> {
        self.list(None)
    }

    /// [`Client::list_webhooks`] for the User Profile with `profile_key`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on field `profile_key` (nothing sent), or as
    /// [`Client::list_webhooks`].
    pub fn list_webhooks_for_profile(&self, profile_key: &str) -> Result<WebhookList, Error> {
        self.list(Some(profile_key))
    }

    fn list(&self, profile_key: Option<&str>) -> Result<WebhookList, Error> {
        let profile_key = self.profile_for_call(profile_key)?;
        self.execute(
            Call {
                name: "list_webhooks",
                method: Method::GET,
                url: &self.shared.hook_url,
                resend: Resend::Allowed,
            },
            profile_key.as_ref(),
            None,
            None,
            wire::decode_list,
        )
    }

    /// Sets a new signing secret for every webhook of the profile:
    /// `POST /hook/webhook/secret {"secret"}`. For 24 hours Ayrshare signs deliveries with both
    /// the old and the new secret (see [`Verifier`](crate::Verifier)).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on field `secret` (nothing sent), or any API, transport or
    /// decoding error.
    pub fn rotate_webhook_secret(&self, secret: &str) -> Result<(), Error> {
        self.rotate(secret, None)
    }

    /// [`Client::rotate_webhook_secret`] for the User Profile with `profile_key`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on field `secret` or `profile_key` (nothing sent), or as
    /// [`Client::rotate_webhook_secret`].
    pub fn rotate_webhook_secret_for_profile(
        &self,
        secret: &str,
        profile_key: &str,
    ) -> Result<(), Error> {
        self.rotate(secret, Some(profile_key))
    }

    fn rotate(&self, secret: &str, profile_key: Option<&str>) -> Result<(), Error> {
        let secret = validate::secret(secret)?;
        let profile_key = self.profile_for_call(profile_key)?;
        let body = wire::to_json(&RotateSecretBody {
            secret: secret.expose(),
        });
        self.execute(
            Call {
                name: "rotate_webhook_secret",
                method: Method::POST,
                url: &self.shared.secret_url,
                resend: Resend::OnlyIfUnsent,
            },
            profile_key.as_ref(),
            Some(&body),
            Some(secret.expose()),
            wire::decode_acknowledgement,
        )
    }

    /// The profile key for one call: the call's own (validated) or the client's.
    fn profile_for_call(&self, per_call: Option<&str>) -> Result<Option<Secret>, Error> {
        match per_call {
            Some(key) => validate::key("profile_key", key).map(Some),
            None => Ok(self.profile_key.clone()),
        }
    }

    /// Sends one operation with retries and decodes its answer with `decode`.
    fn execute<T>(
        &self,
        call: Call<'_>,
        profile_key: Option<&Secret>,
        body: Option<&[u8]>,
        secret: Option<&str>,
        decode: impl Fn(&Answer, &[&str]) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let settings = &self.shared.settings;
        let api_key = settings.api_key.expose();
        let secrets_storage = [Some(api_key), profile_key.map(Secret::expose), secret];
        let secrets: Vec<&str> = secrets_storage.into_iter().flatten().collect();
        let profile_placeholder = profile_key.map(|key| seal::placeholder(key.expose()));
        let outgoing = Outgoing {
            method: call.method.clone(),
            url: call.url,
            authorization: &self.shared.authorization,
            profile_key: profile_placeholder.as_deref(),
            body,
            secrets: &secrets,
        };
        let credentials = Credentials {
            api_key: Some(settings.api_key.clone()),
            profile_key: profile_key.cloned(),
        };
        let agent = self.shared.agents.current(settings);
        let cancel = self.cancel.as_ref();
        let sleep = |wait: Duration| call::sleep(wait, cancel);
        let plan = Plan {
            operation: Operation {
                name: call.name,
                method: &call.method,
                path: call.url.path(),
            },
            resend: call.resend,
            max_retries: settings.max_retries,
            sleep: &sleep,
        };
        retry::run(&plan, || {
            let attempt = call::Attempt::new(self.cancel.clone(), credentials.clone());
            let (sent, attempt) = call::run(attempt, || transport::send(&agent, &outgoing));
            let answer = sent.map_err(|error| Failure {
                error,
                sent: attempt.sent(),
            })?;
            match decode(&answer, &secrets) {
                Ok(value) => Ok((value, answer.status)),
                Err(error) => Err(Failure { error, sent: true }),
            }
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.shared.settings;
        f.debug_struct("Client")
            .field("base_url", &settings.base_url)
            .field("api_key", &settings.api_key)
            .field("profile_key", &self.profile_key)
            .field("timeout", &settings.timeout)
            .field("connect_timeout", &settings.connect_timeout)
            .field("max_retries", &settings.max_retries)
            .field("trust", &settings.trust)
            .field("proxy", &settings.proxy)
            .field("cancel_when", &self.cancel.as_ref().map(|_| "set"))
            .finish()
    }
}
