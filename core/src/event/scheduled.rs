//! `scheduled` deliveries: a post went out (or failed) on one or more networks.

use serde_json::{Map, Value};

use super::Common;
use super::fields::Fields;

/// A `scheduled` delivery: the outcome of a post, per network.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ScheduledEvent {
    /// `created`: when the event happened, as sent (a number is kept as its text).
    pub created: Option<String>,
    /// `code`: Ayrshare's HTTP-like code.
    pub code: Option<i64>,
    /// `refId`: the Ref Id of the User Profile concerned.
    pub ref_id: Option<String>,
    /// `hookId`: the id of this delivery, the same on Ayrshare's retries of it (the key to
    /// deduplicate on). The published `scheduled` sample has none.
    pub hook_id: Option<String>,
    /// `status`: `"success"` or `"error"`.
    pub status: Option<String>,
    /// `subAction`, such as `"tikTokPublished"` (only on some events).
    pub sub_action: Option<String>,
    /// `id`: the Ayrshare post id (a number is kept as its text).
    pub id: Option<String>,
    /// `postIds`: one entry per network the post went to (empty when absent or not a list of
    /// objects; then the raw value is in `other`).
    pub post_ids: Vec<PostResult>,
    /// `errors`: the list as sent (empty when absent or not a list).
    pub errors: Vec<Value>,
    /// `url`: the webhook URL the delivery was sent to.
    pub url: Option<String>,
    /// Every field not typed above (including a typed field of an unexpected type), as sent.
    pub other: Map<String, Value>,
}

/// One entry of a `scheduled` delivery's `postIds`: the post on one network.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PostResult {
    /// `platform`, such as `"twitter"`.
    pub platform: Option<String>,
    /// `status`: `"success"` or `"error"`.
    pub status: Option<String>,
    /// `id`: the network's post id (a number is kept as its text).
    pub id: Option<String>,
    /// `postUrl`: the post's address on the network.
    pub post_url: Option<String>,
    /// Every other field of the entry, as sent.
    pub other: Map<String, Value>,
}

impl ScheduledEvent {
    pub(super) fn read(common: Common, mut fields: Fields) -> ScheduledEvent {
        ScheduledEvent {
            sub_action: fields.text("subAction"),
            id: fields.text_or_number("id"),
            post_ids: fields.objects("postIds", PostResult::read),
            errors: fields.list("errors"),
            url: fields.text("url"),
            created: common.created,
            code: common.code,
            ref_id: common.ref_id,
            hook_id: common.hook_id,
            status: common.status,
            other: fields.into_other(),
        }
    }
}

impl PostResult {
    fn read(mut fields: Fields) -> PostResult {
        PostResult {
            platform: fields.text("platform"),
            status: fields.text("status"),
            id: fields.text_or_number("id"),
            post_url: fields.text("postUrl"),
            other: fields.into_other(),
        }
    }
}
