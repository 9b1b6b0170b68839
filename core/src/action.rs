//! The webhook actions (event families) Ayrshare can deliver.

use std::fmt;
use std::str::FromStr;

use crate::Error;

/// One family of events a webhook can be registered for.
///
/// `Display` and `FromStr` use the API's exact spellings (`"feed"`, `"accountActivity"`, ...);
/// parsing is case-sensitive, as the API is.
///
/// ```
/// use ayrshare_webhooks::Action;
///
/// let action: Action = "scheduled".parse()?;
/// assert_eq!(action, Action::Scheduled);
/// assert_eq!(action.to_string(), "scheduled");
/// assert!("Scheduled".parse::<Action>().is_err());
/// # Ok::<(), ayrshare_webhooks::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// New activity on a connected social feed.
    Feed,
    /// A social account was linked or unlinked.
    Social,
    /// A scheduled post was published or failed.
    Scheduled,
    /// A batch of posts finished.
    Batch,
    /// Direct-message events.
    Messages,
    /// Account activity events.
    #[deprecated(
        note = "Ayrshare documents `accountActivity` as unavailable after 2026-03-31; it can still be sent (see `Action::deprecation_note`)"
    )]
    AccountActivity,
}

#[allow(deprecated)]
impl Action {
    /// Every action, in the API's documentation order.
    pub const ALL: [Action; 6] = [
        Action::Feed,
        Action::Social,
        Action::Scheduled,
        Action::Batch,
        Action::Messages,
        Action::AccountActivity,
    ];

    /// The API's spelling of this action, as sent on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Feed => "feed",
            Action::Social => "social",
            Action::Scheduled => "scheduled",
            Action::Batch => "batch",
            Action::Messages => "messages",
            Action::AccountActivity => "accountActivity",
        }
    }

    /// Whether Ayrshare has announced this action's retirement (only `accountActivity`).
    pub const fn is_deprecated(self) -> bool {
        self.deprecation_note().is_some()
    }

    /// Why this action is deprecated, for warnings in every language; `None` when it is not.
    pub const fn deprecation_note(self) -> Option<&'static str> {
        match self {
            Action::AccountActivity => Some(
                "the Ayrshare action 'accountActivity' is documented as unavailable after 2026-03-31",
            ),
            _ => None,
        }
    }

    /// The action spelled exactly `name`, or `None`.
    pub(crate) fn from_wire(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == name)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Action {
    type Err = Error;

    /// Parses the API's spelling.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] on field `action` for anything else, naming the valid actions
    /// (and the one meant, when only case or padding differ). The value given is not quoted:
    /// a caller that swapped arguments may have passed a key or a secret here.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Action::from_wire(s).ok_or_else(|| {
            let valid: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
            let meant = Action::ALL
                .into_iter()
                .find(|a| a.as_str().eq_ignore_ascii_case(s.trim()));
            let hint = meant.map_or(String::new(), |a| {
                format!(" (did you mean {:?}?)", a.as_str())
            });
            Error::invalid(
                "action",
                format!(
                    "unknown action{hint}; expected one of: {}",
                    valid.join(", ")
                ),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_spelling() {
        for action in Action::ALL {
            assert_eq!(action.as_str().parse::<Action>().unwrap(), action);
        }
    }

    #[test]
    fn unknown_action_names_the_valid_ones() {
        let err = "Feed".parse::<Action>().unwrap_err();
        let text = err.to_string();
        assert!(text.contains("(did you mean \"feed\"?)"), "{text}");
        assert!(!text.contains("Feed"), "{text}");
        let err = "s3cret-value".parse::<Action>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid action: unknown action; expected one of: feed, social, scheduled, batch, \
             messages, accountActivity (no request was sent)"
        );
        assert!(
            text.contains("feed, social, scheduled, batch, messages, accountActivity"),
            "{text}"
        );
        assert_eq!(err.invalid_field(), Some("action"));
    }
}
