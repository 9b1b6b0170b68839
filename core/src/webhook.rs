//! What the API answers about webhooks: one registration, or the list of them.

use crate::Action;

/// A registered webhook, as the API confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Webhook {
    /// The API's `status`, `"success"` for a registration.
    pub status: String,
    /// The action the webhook is registered for.
    pub action: Action,
    /// The URL deliveries go to.
    pub url: String,
    /// The Ref Id of the User Profile the webhook belongs to, when the API gave it.
    pub ref_id: Option<String>,
}

/// Every webhook registered for a profile: one URL per action, plus the API's whole answer.
///
/// ```
/// # use ayrshare_webhooks::{Action, WebhookList};
/// # fn show(list: &WebhookList) {
/// for (action, url) in list.iter() {
///     println!("{action} -> {url}");
/// }
/// if let Some(url) = list.get(Action::Scheduled) {
///     println!("scheduled posts report to {url}");
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookList {
    pub(crate) entries: Vec<(Action, String)>,
    pub(crate) raw: serde_json::Value,
}

impl WebhookList {
    /// The URL registered for `action`, if any.
    pub fn get(&self, action: Action) -> Option<&str> {
        self.entries
            .iter()
            .find(|(a, _)| *a == action)
            .map(|(_, url)| url.as_str())
    }

    /// The registered `(action, url)` pairs, in [`Action::ALL`] order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (Action, &str)> {
        self.entries.iter().map(|(a, url)| (*a, url.as_str()))
    }

    /// How many actions have a webhook.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no action has a webhook.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The API's answer as it came, including fields this SDK does not interpret (such as
    /// `updated` timestamps).
    pub fn raw(&self) -> &serde_json::Value {
        &self.raw
    }
}
