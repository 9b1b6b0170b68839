//! `accountActivity` deliveries: X account activity such as direct messages (Ayrshare
//! documents the action as gone after 2026-03-31).

use serde_json::{Map, Value};

use super::Common;
use super::fields::Fields;

/// An `accountActivity` delivery (X; deprecated by Ayrshare after 2026-03-31).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AccountActivityEvent {
    /// `created`: when the event happened, as sent (a number is kept as its text).
    pub created: Option<String>,
    /// `code`: Ayrshare's HTTP-like code.
    pub code: Option<i64>,
    /// `refId`: the Ref Id of the User Profile concerned.
    pub ref_id: Option<String>,
    /// `hookId`: the id of this delivery, the same on Ayrshare's retries of it (the key to
    /// deduplicate on).
    pub hook_id: Option<String>,
    /// `status`: `"success"` or `"error"`.
    pub status: Option<String>,
    /// `platform`, such as `"twitter"`.
    pub platform: Option<String>,
    /// `type`: the kind of activity, as sent.
    pub kind: Option<String>,
    /// `directMessageEvents` (a single object is read as a list of one).
    pub direct_message_events: Vec<DirectMessageEvent>,
    /// `mediaUrls` (empty when absent or not a list of strings).
    pub media_urls: Vec<String>,
    /// `retryAttempt`.
    pub retry_attempt: Option<i64>,
    /// `scheduleDate`, as sent (a number is kept as its text).
    pub schedule_date: Option<String>,
    /// `source`.
    pub source: Option<String>,
    /// `title`: the User Profile's title.
    pub title: Option<String>,
    /// `url`.
    pub url: Option<String>,
    /// `users`, as sent.
    pub users: Option<Value>,
    /// Every field not typed above (including a typed field of an unexpected type), as sent.
    pub other: Map<String, Value>,
}

/// One entry of `directMessageEvents`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DirectMessageEvent {
    /// `type`, such as `"message_create"`.
    pub kind: Option<String>,
    /// `createdAt`, as sent (a number is kept as its text).
    pub created_at: Option<String>,
    /// `id` (a number is kept as its text).
    pub id: Option<String>,
    /// `messageCreate`, as sent.
    pub message_create: Option<Value>,
    /// Every other field, as sent.
    pub other: Map<String, Value>,
}

impl AccountActivityEvent {
    pub(super) fn read(common: Common, mut fields: Fields) -> AccountActivityEvent {
        AccountActivityEvent {
            platform: fields.text("platform"),
            kind: fields.text("type"),
            direct_message_events: fields.objects("directMessageEvents", |mut dm| {
                DirectMessageEvent {
                    kind: dm.text("type"),
                    created_at: dm.text_or_number("createdAt"),
                    id: dm.text_or_number("id"),
                    message_create: dm.raw("messageCreate"),
                    other: dm.into_other(),
                }
            }),
            media_urls: fields.texts("mediaUrls"),
            retry_attempt: fields.integer("retryAttempt"),
            schedule_date: fields.text_or_number("scheduleDate"),
            source: fields.text("source"),
            title: fields.text("title"),
            url: fields.text("url"),
            users: fields.raw("users"),
            created: common.created,
            code: common.code,
            ref_id: common.ref_id,
            hook_id: common.hook_id,
            status: common.status,
            other: fields.into_other(),
        }
    }
}
