//! Typed delivery events: a delivery body read once into one struct per action, leniently.

mod account_activity;
mod fields;
mod messages;
mod scheduled;
mod social;
mod untyped;

use serde_json::{Map, Value};

pub use account_activity::{AccountActivityEvent, DirectMessageEvent};
pub use messages::{Message, MessageMedia, MessageParticipant, MessagesEvent};
pub use scheduled::{PostResult, ScheduledEvent};
pub use social::{SocialDetails, SocialEvent, SocialKind};
pub use untyped::{UnknownEvent, UntypedEvent};

use crate::Error;
use crate::wire::{json_error_kind, snippet};
use fields::Fields;

/// One delivery, typed by its `action`.
///
/// Every variant has the common fields (`created`, `code`, `ref_id`, `hook_id`, `status`, also
/// readable through the methods of `Event`), the fields the API documents for that action,
/// typed, and `other`: every field it does not type, as sent. A field of an unexpected type is
/// not typed (`None` or an empty list) and stays, as sent, in `other`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
// One event per delivery, built once and rarely moved: unboxed variants keep matching plain.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// `scheduled`: the outcome of a post, per network.
    Scheduled(ScheduledEvent),
    /// `social`: a social account was linked, unlinked or needs refreshing.
    Social(SocialEvent),
    /// `messages` (or the older `message`): a direct message event.
    Messages(MessagesEvent),
    /// `accountActivity` (X; deprecated by Ayrshare after 2026-03-31).
    AccountActivity(AccountActivityEvent),
    /// `feed`: no fields documented beyond the common ones.
    Feed(UntypedEvent),
    /// `batch`: no fields documented beyond the common ones.
    Batch(UntypedEvent),
    /// Any other `action` (such as `comments` or `mentions`), or none.
    Unknown(UnknownEvent),
}

/// The fields every payload shares, read first.
pub(crate) struct Common {
    created: Option<String>,
    code: Option<i64>,
    ref_id: Option<String>,
    hook_id: Option<String>,
    status: Option<String>,
}

impl Common {
    fn read(fields: &mut Fields) -> Common {
        Common {
            created: fields.text_or_number("created"),
            code: fields.integer("code"),
            ref_id: fields.text("refId"),
            hook_id: fields.text_or_number("hookId"),
            status: fields.text("status"),
        }
    }
}

/// The same field of whichever variant `$event` is.
macro_rules! common_field {
    ($event:expr, $field:ident) => {
        match $event {
            Event::Scheduled(e) => &e.$field,
            Event::Social(e) => &e.$field,
            Event::Messages(e) => &e.$field,
            Event::AccountActivity(e) => &e.$field,
            Event::Feed(e) | Event::Batch(e) => &e.$field,
            Event::Unknown(e) => &e.$field,
        }
    };
}

impl Event {
    /// The action as spelled on the wire (`"messages"` also for the older `message`); for
    /// [`Event::Unknown`], the `action` as sent, or `None` when there was none.
    pub fn action(&self) -> Option<&str> {
        Some(match self {
            Event::Scheduled(_) => "scheduled",
            Event::Social(_) => "social",
            Event::Messages(_) => "messages",
            Event::AccountActivity(_) => "accountActivity",
            Event::Feed(_) => "feed",
            Event::Batch(_) => "batch",
            Event::Unknown(e) => return e.action.as_deref(),
        })
    }

    /// `created`: when the event happened, as sent (a number is kept as its text).
    pub fn created(&self) -> Option<&str> {
        common_field!(self, created).as_deref()
    }

    /// `code`: Ayrshare's HTTP-like code.
    pub fn code(&self) -> Option<i64> {
        *common_field!(self, code)
    }

    /// `refId`: the Ref Id of the User Profile concerned.
    pub fn ref_id(&self) -> Option<&str> {
        common_field!(self, ref_id).as_deref()
    }

    /// `hookId`: the id of this delivery, the same on Ayrshare's retries of it: the key to
    /// deduplicate deliveries on.
    pub fn hook_id(&self) -> Option<&str> {
        common_field!(self, hook_id).as_deref()
    }

    /// `status`: `"success"` or `"error"`.
    pub fn status(&self) -> Option<&str> {
        common_field!(self, status).as_deref()
    }

    /// Every field the event does not type, as sent.
    pub fn other(&self) -> &Map<String, Value> {
        common_field!(self, other)
    }
}

/// Parses a delivery body into a typed [`Event`] (verify it first, or use
/// [`Verifier::verify_event`](crate::Verifier::verify_event), which does both).
///
/// Lenient by design: a missing field, a field of an unexpected type, an unknown action or
/// kind never fails the parse; what cannot be typed is kept, as sent, in the event's `other`.
///
/// ```
/// use ayrshare_webhooks::{Event, parse_event};
///
/// let event = parse_event(br#"{"action":"scheduled","hookId":"h1","status":"success",
///     "postIds":[{"platform":"twitter","status":"success","postUrl":"https://x.com/p/1"}]}"#)?;
/// assert_eq!(event.hook_id(), Some("h1"));
/// let Event::Scheduled(scheduled) = event else { panic!("a scheduled event") };
/// assert_eq!(scheduled.post_ids[0].post_url.as_deref(), Some("https://x.com/p/1"));
/// # Ok::<(), ayrshare_webhooks::Error>(())
/// ```
///
/// # Errors
/// [`Error::Decode`] (with no status) only when the body is not a JSON object.
pub fn parse_event(body: &[u8]) -> Result<Event, Error> {
    let object: Map<String, Value> = match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err(not_an_event(body, "a delivery must be a JSON object")),
        Err(e) => {
            let reason = format!("a delivery must be JSON ({})", json_error_kind(&e));
            return Err(not_an_event(body, &reason));
        }
    };
    let mut fields = Fields::new(object);
    let action = fields.text("action");
    let common = Common::read(&mut fields);
    Ok(match action.as_deref() {
        Some("scheduled") => Event::Scheduled(ScheduledEvent::read(common, fields)),
        Some("social") => Event::Social(SocialEvent::read(common, fields)),
        Some("messages" | "message") => Event::Messages(MessagesEvent::read(common, fields)),
        Some("accountActivity") => {
            Event::AccountActivity(AccountActivityEvent::read(common, fields))
        }
        Some("feed") => Event::Feed(UntypedEvent::read(common, fields)),
        Some("batch") => Event::Batch(UntypedEvent::read(common, fields)),
        _ => Event::Unknown(UnknownEvent::read(action, common, fields)),
    })
}

fn not_an_event(body: &[u8], reason: &str) -> Error {
    Error::Decode {
        status: None,
        reason: reason.to_owned(),
        snippet: snippet(body, &[]),
    }
}
