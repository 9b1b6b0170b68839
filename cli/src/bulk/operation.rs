//! What a bulk run does to each profile, and how each result counts.

use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook};
use serde_json::{Value, json};

/// The call a bulk run makes for every profile.
pub enum Operation {
    /// `register`: idempotent; a failure is tried again on resume.
    Register {
        action: Action,
        url: String,
        secret: Option<String>,
    },
    /// `unregister`: idempotent; a 404 (nothing registered) counts as done.
    Unregister { action: Action },
    /// `rotate-secret`: not idempotent; sent at most once per profile.
    Rotate { secret: String },
}

/// How one profile's call ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It succeeded.
    Done,
    /// It failed and changed nothing on Ayrshare's side; safe to try again.
    Failed,
    /// It may or may not have taken effect (a rotation that timed out, say).
    Unknown,
}

impl Outcome {
    /// The report's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Failed => "failed",
            Outcome::Unknown => "unknown",
        }
    }
}

impl Operation {
    /// The command's name, recorded in the report.
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Register { .. } => "register",
            Operation::Unregister { .. } => "unregister",
            Operation::Rotate { .. } => "rotate-secret",
        }
    }

    /// What a resumed run must repeat exactly (never a secret): the action, and the URL of a
    /// registration.
    pub fn parameters(&self) -> Value {
        match self {
            Operation::Register { action, url, .. } => {
                json!({"action": action.as_str(), "url": url})
            }
            Operation::Unregister { action } => json!({"action": action.as_str()}),
            Operation::Rotate { .. } => json!({}),
        }
    }

    /// Whether each call must be recorded as started before it is sent.
    pub fn is_rotation(&self) -> bool {
        matches!(self, Operation::Rotate { .. })
    }

    /// Makes the call for `profile_key`; `Ok(note)` carries a remark for the report.
    pub fn run(&self, client: &Client, profile_key: &str) -> Result<Option<&'static str>, Error> {
        match self {
            Operation::Register {
                action,
                url,
                secret,
            } => {
                let mut request =
                    RegisterWebhook::new(*action, url.clone()).profile_key(profile_key);
                if let Some(secret) = secret {
                    request = request.secret(secret.clone());
                }
                client.register_webhook(&request).map(|_| None)
            }
            Operation::Unregister { action } => {
                match client.unregister_webhook_for_profile(*action, profile_key) {
                    Ok(()) => Ok(None),
                    Err(Error::Api { status: 404, .. }) => Ok(Some("nothing was registered")),
                    Err(error) => Err(error),
                }
            }
            Operation::Rotate { secret } => client
                .rotate_webhook_secret_for_profile(secret, profile_key)
                .map(|()| None),
        }
    }

    /// How a failed call counts. Register and unregister change nothing when they fail, or
    /// change it the way a retry would (a call cancelled by Ctrl-C included). A rotation the
    /// API refused with a 4xx (429 included) changed nothing, nor one that never reached it (an
    /// untrusted certificate fails the handshake before the request is written; a proxy's
    /// refusal leaves no tunnel). One that got no answer, a 5xx or an unreadable success, or
    /// was cancelled in flight (the SDK cannot say whether any of it was sent), may have been
    /// applied, so its outcome is unknown.
    pub fn classify(&self, error: &Error) -> Outcome {
        if !self.is_rotation() {
            return Outcome::Failed;
        }
        match error {
            Error::InvalidInput { .. }
            | Error::RateLimited { .. }
            | Error::Tls { .. }
            | Error::Proxy { .. } => Outcome::Failed,
            Error::Api { status, .. } if (400..500).contains(status) => Outcome::Failed,
            _ => Outcome::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_rotation_can_be_unknown() {
        let timeout = Error::Timeout { attempts: 1 };
        let rotate = Operation::Rotate { secret: "s".into() };
        let unregister = Operation::Unregister {
            action: Action::Feed,
        };
        assert_eq!(rotate.classify(&timeout), Outcome::Unknown);
        assert_eq!(unregister.classify(&timeout), Outcome::Failed);
        let refused = Client::new("bad key").unwrap_err();
        assert_eq!(rotate.classify(&refused), Outcome::Failed);
        // Cancelled in flight: maybe sent, so unknown for a rotation; safe to redo otherwise.
        assert_eq!(rotate.classify(&Error::Cancelled), Outcome::Unknown);
        assert_eq!(unregister.classify(&Error::Cancelled), Outcome::Failed);
        let untrusted = Error::Tls {
            reason: "unknown issuer".into(),
        };
        assert_eq!(rotate.classify(&untrusted), Outcome::Failed);
    }
}
