//! `social` deliveries: a social account was linked, unlinked or needs its link refreshed.

use std::fmt;

use serde_json::{Map, Value};

use super::Common;
use super::fields::Fields;

/// A `social` delivery: a change to a linked social account.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SocialEvent {
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
    /// `type`: what happened to the account.
    pub kind: Option<SocialKind>,
    /// `platform`, such as `"linkedin"`.
    pub platform: Option<String>,
    /// `displayName`: the account's name on the network.
    pub display_name: Option<String>,
    /// `title`: the User Profile's title.
    pub title: Option<String>,
    /// `source`: `"user"` or `"system"`; a system-initiated change calls for action.
    pub source: Option<String>,
    /// `refreshBy`: the date by which to refresh the link (ISO 8601, for `refresh`).
    pub refresh_by: Option<String>,
    /// `details`: why, for instance code 349 "Account locked".
    pub details: Option<SocialDetails>,
    /// Every field not typed above (including a typed field of an unexpected type), as sent.
    pub other: Map<String, Value>,
}

/// What happened to a social account: the `type` of a `social` delivery.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SocialKind {
    /// `link`: the account was linked.
    Link,
    /// `unlink`: the account was unlinked.
    Unlink,
    /// `refresh`: the link must be refreshed (see `refresh_by`).
    Refresh,
    /// A type this version does not know, as sent.
    Other(String),
}

impl SocialKind {
    fn from_wire(text: String) -> SocialKind {
        match text.as_str() {
            "link" => SocialKind::Link,
            "unlink" => SocialKind::Unlink,
            "refresh" => SocialKind::Refresh,
            _ => SocialKind::Other(text),
        }
    }

    /// The type as spelled on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            SocialKind::Link => "link",
            SocialKind::Unlink => "unlink",
            SocialKind::Refresh => "refresh",
            SocialKind::Other(text) => text,
        }
    }
}

impl fmt::Display for SocialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `details` of a `social` delivery.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SocialDetails {
    /// `status`.
    pub status: Option<String>,
    /// `code`, such as 349.
    pub code: Option<i64>,
    /// `message`, such as `"Account locked"`.
    pub message: Option<String>,
    /// Every other field of `details`, as sent.
    pub other: Map<String, Value>,
}

impl SocialEvent {
    pub(super) fn read(common: Common, mut fields: Fields) -> SocialEvent {
        SocialEvent {
            kind: fields.text("type").map(SocialKind::from_wire),
            platform: fields.text("platform"),
            display_name: fields.text("displayName"),
            title: fields.text("title"),
            source: fields.text("source"),
            refresh_by: fields.text_or_number("refreshBy"),
            details: fields.object("details", |mut details| SocialDetails {
                status: details.text("status"),
                code: details.integer("code"),
                message: details.text("message"),
                other: details.into_other(),
            }),
            created: common.created,
            code: common.code,
            ref_id: common.ref_id,
            hook_id: common.hook_id,
            status: common.status,
            other: fields.into_other(),
        }
    }
}
