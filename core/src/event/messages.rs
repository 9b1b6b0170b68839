//! `messages` deliveries: direct messages received, read or reacted to.

use serde_json::{Map, Value};

use super::Common;
use super::fields::Fields;

/// A `messages` delivery (older documentation spells the action `message`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MessagesEvent {
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
    /// `subAction`, such as `"messageCreated"`, `"messageRead"` or `"reactionCreated"`
    /// (older documentation: `create`, `delete`, `reaction`).
    pub sub_action: Option<String>,
    /// `message`: the message concerned.
    pub message: Option<Message>,
    /// Every field not typed above (including a typed field of an unexpected type), as sent.
    pub other: Map<String, Value>,
}

/// The `message` of a `messages` delivery.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Message {
    /// `text`.
    pub text: Option<String>,
    /// `platform`, such as `"facebook"`.
    pub platform: Option<String>,
    /// `status`.
    pub status: Option<String>,
    /// `id`: the network's message id (a number is kept as its text).
    pub id: Option<String>,
    /// `sender`.
    pub sender: Option<MessageParticipant>,
    /// `receiver`.
    pub receiver: Option<MessageParticipant>,
    /// `data` (`hashtags`, `userMentions`, `urls`), as sent.
    pub data: Option<Value>,
    /// `media`: attachments.
    pub media: Vec<MessageMedia>,
    /// Every other field of the message, as sent.
    pub other: Map<String, Value>,
}

/// The `sender` or `receiver` of a message.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MessageParticipant {
    /// `id` (a number is kept as its text).
    pub id: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `username`.
    pub username: Option<String>,
    /// Every other field, as sent.
    pub other: Map<String, Value>,
}

/// One entry of a message's `media`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MessageMedia {
    /// `type`, such as `"image"`.
    pub kind: Option<String>,
    /// `url`.
    pub url: Option<String>,
    /// Every other field, as sent.
    pub other: Map<String, Value>,
}

impl MessagesEvent {
    pub(super) fn read(common: Common, mut fields: Fields) -> MessagesEvent {
        MessagesEvent {
            sub_action: fields.text("subAction"),
            message: fields.object("message", Message::read),
            created: common.created,
            code: common.code,
            ref_id: common.ref_id,
            hook_id: common.hook_id,
            status: common.status,
            other: fields.into_other(),
        }
    }
}

impl Message {
    fn read(mut fields: Fields) -> Message {
        Message {
            text: fields.text("text"),
            platform: fields.text("platform"),
            status: fields.text("status"),
            id: fields.text_or_number("id"),
            sender: fields.object("sender", MessageParticipant::read),
            receiver: fields.object("receiver", MessageParticipant::read),
            data: fields.raw("data"),
            media: fields.objects("media", |mut media| MessageMedia {
                kind: media.text("type"),
                url: media.text("url"),
                other: media.into_other(),
            }),
            other: fields.into_other(),
        }
    }
}

impl MessageParticipant {
    fn read(mut fields: Fields) -> MessageParticipant {
        MessageParticipant {
            id: fields.text_or_number("id"),
            name: fields.text("name"),
            username: fields.text("username"),
            other: fields.into_other(),
        }
    }
}
