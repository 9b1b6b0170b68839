//! Deliveries without documented fields of their own: `feed` and `batch` (no published sample),
//! and actions this version does not know.

use serde_json::{Map, Value};

use super::Common;
use super::fields::Fields;

/// A `feed` or `batch` delivery: the common fields typed, every other field as sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UntypedEvent {
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
    /// Every other field, as sent.
    pub other: Map<String, Value>,
}

/// A delivery whose `action` this version does not know (such as `comments`), or that has no
/// string `action`: the common fields typed, every other field as sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UnknownEvent {
    /// `action` as sent; `None` when absent or not a string (then it is in `other`).
    pub action: Option<String>,
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
    /// Every other field, as sent.
    pub other: Map<String, Value>,
}

impl UntypedEvent {
    pub(super) fn read(common: Common, fields: Fields) -> UntypedEvent {
        UntypedEvent {
            created: common.created,
            code: common.code,
            ref_id: common.ref_id,
            hook_id: common.hook_id,
            status: common.status,
            other: fields.into_other(),
        }
    }
}

impl UnknownEvent {
    pub(super) fn read(action: Option<String>, common: Common, fields: Fields) -> UnknownEvent {
        UnknownEvent {
            action,
            created: common.created,
            code: common.code,
            ref_id: common.ref_id,
            hook_id: common.hook_id,
            status: common.status,
            other: fields.into_other(),
        }
    }
}
