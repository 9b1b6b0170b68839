//! Reading a delivery body: the common fields typed, the whole payload kept as JSON (for typed
//! fields per action, see [`parse_event`](crate::parse_event)).

use std::fmt;

use serde_json::{Map, Value};

use crate::wire::{json_error_kind, json_integer, snippet};
use crate::{Action, Error};

/// The action a delivery reports: one this SDK knows, or a new one kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DeliveryAction {
    /// A documented action.
    Known(Action),
    /// An action this version of the SDK does not know, spelled as received.
    Other(String),
}

impl DeliveryAction {
    /// The action as spelled on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            DeliveryAction::Known(action) => action.as_str(),
            DeliveryAction::Other(name) => name,
        }
    }

    /// The known action, if it is one.
    pub fn known(&self) -> Option<Action> {
        match self {
            DeliveryAction::Known(action) => Some(*action),
            DeliveryAction::Other(_) => None,
        }
    }
}

impl fmt::Display for DeliveryAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One webhook delivery: what Ayrshare POSTed to the registered URL.
///
/// The fields every payload shares are typed (each `None` when absent or of another type);
/// the whole payload, including action-specific fields such as `postIds` or `platform`, is in
/// [`Delivery::payload`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Delivery {
    /// The delivery's `action`.
    pub action: DeliveryAction,
    /// `subAction`, such as `"messageCreated"`.
    pub sub_action: Option<String>,
    /// `created`: when the event happened, as sent (numbers are kept as their text).
    pub created: Option<String>,
    /// `code`: Ayrshare's numeric code.
    pub code: Option<i64>,
    /// `refId`: the Ref Id of the User Profile concerned.
    pub ref_id: Option<String>,
    /// `hookId`: the id of this delivery, the same on Ayrshare's retries of it: the key to
    /// deduplicate deliveries on (numbers are kept as their text).
    pub hook_id: Option<String>,
    /// `status`, such as `"success"` or `"error"`.
    pub status: Option<String>,
    /// The whole JSON object as received.
    pub payload: Value,
}

/// Parses a delivery body into its common fields and the whole payload as JSON (verify it
/// first with [`Verifier`](crate::Verifier)). [`parse_event`](crate::parse_event) types the
/// fields of each action too.
///
/// ```
/// use ayrshare_webhooks::{Action, DeliveryAction, parse_delivery};
///
/// let delivery = parse_delivery(br#"{"action":"scheduled","subAction":"postPublished",
///     "refId":"abc","code":200,"postIds":[{"platform":"x","status":"success"}]}"#)?;
/// assert_eq!(delivery.action, DeliveryAction::Known(Action::Scheduled));
/// assert_eq!(delivery.sub_action.as_deref(), Some("postPublished"));
/// assert_eq!(delivery.payload["postIds"][0]["platform"], "x");
/// # Ok::<(), ayrshare_webhooks::Error>(())
/// ```
///
/// # Errors
/// [`Error::Decode`] (with no status) when the body is not a JSON object with a string
/// `action`.
pub fn parse_delivery(body: &[u8]) -> Result<Delivery, Error> {
    let invalid = |reason: &str| Error::Decode {
        status: None,
        reason: reason.to_owned(),
        snippet: snippet(body, &[]),
    };
    let object: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err(invalid("a delivery must be a JSON object")),
        Err(e) => {
            return Err(invalid(&format!(
                "a delivery must be JSON ({})",
                json_error_kind(&e)
            )));
        }
    };
    let action = match object.get("action") {
        Some(Value::String(name)) => match Action::from_wire(name) {
            Some(action) => DeliveryAction::Known(action),
            None => DeliveryAction::Other(name.clone()),
        },
        Some(_) => return Err(invalid("the delivery's `action` is not a string")),
        None => return Err(invalid("the delivery has no `action`")),
    };
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    let text_or_number = |key: &str| match object.get(key) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Ok(Delivery {
        action,
        sub_action: text("subAction"),
        created: text_or_number("created"),
        code: object.get("code").and_then(json_integer),
        ref_id: text("refId"),
        hook_id: text_or_number("hookId"),
        status: text("status"),
        payload: Value::Object(object),
    })
}
