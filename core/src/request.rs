//! The arguments of a webhook registration.

use std::fmt;

use crate::Action;

/// What to register: an action, the HTTPS URL Ayrshare will POST its deliveries to, and
/// optionally a signing secret and a profile key for this one call.
///
/// Nothing is checked until the request is sent; then every field is validated before any I/O.
/// `Debug` never shows the secret or the profile key.
///
/// ```
/// use ayrshare_webhooks::{Action, RegisterWebhook};
///
/// let request = RegisterWebhook::new(Action::Scheduled, "https://example.com/hooks/ayrshare")
///     .secret("my-signing-secret")
///     .profile_key("PROFILE-KEY-OF-ONE-USER");
/// assert!(!format!("{request:?}").contains("my-signing-secret"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct RegisterWebhook {
    pub(crate) action: Action,
    pub(crate) url: String,
    pub(crate) secret: Option<String>,
    pub(crate) profile_key: Option<String>,
}

impl RegisterWebhook {
    /// A registration of `url` for `action`, with no secret and the client's profile key.
    pub fn new(action: Action, url: impl Into<String>) -> Self {
        Self {
            action,
            url: url.into(),
            secret: None,
            profile_key: None,
        }
    }

    /// Has Ayrshare sign each delivery with HMAC-SHA256 keyed by `secret` (1 to 1,024 bytes,
    /// no control characters).
    pub fn secret(mut self, secret: impl Into<String>) -> Self {
        self.secret = Some(secret.into());
        self
    }

    /// Registers for the User Profile with this key instead of the client's.
    pub fn profile_key(mut self, profile_key: impl Into<String>) -> Self {
        self.profile_key = Some(profile_key.into());
        self
    }

    /// The action to register.
    pub fn action(&self) -> Action {
        self.action
    }

    /// The destination URL, as given.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether a signing secret is set.
    pub fn has_secret(&self) -> bool {
        self.secret.is_some()
    }
}

impl fmt::Debug for RegisterWebhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisterWebhook")
            .field("action", &self.action)
            .field("url", &self.url)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .field("profile_key", &self.profile_key.as_ref().map(|_| "***"))
            .finish()
    }
}
