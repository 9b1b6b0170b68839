//! The core's typed `Event` as C strings: every string field becomes a `CString` once, at
//! parse time, so the accessors only hand out pointers. A typed string holding a NUL character
//! is AYR_ERR_DECODE (a C string cannot carry it), as everywhere in libayr.

use std::ffi::CString;

use ayrshare_webhooks::{
    AccountActivityEvent, Event, Message, MessageParticipant, MessagesEvent, PostResult,
    ScheduledEvent, SocialEvent, SocialKind,
};
use serde_json::{Map, Value};

use crate::error::ayr_error;
use crate::event::{ayr_event, ayr_event_kind};
use crate::event_fields::ayr_social_kind;
use crate::strings;

/// An optional string field, converted.
pub(crate) type Text = Option<CString>;

/// The fields of the event's kind; those of other kinds stay empty.
#[derive(Default)]
pub(crate) struct Fields {
    pub(crate) sub_action: Text,
    pub(crate) id: Text,
    pub(crate) url: Text,
    pub(crate) platform: Text,
    pub(crate) title: Text,
    pub(crate) source: Text,
    pub(crate) type_text: Text,
    pub(crate) display_name: Text,
    pub(crate) refresh_by: Text,
    pub(crate) social_kind: Option<ayr_social_kind>,
    pub(crate) details: Option<Details>,
    pub(crate) errors_json: Text,
    pub(crate) post_results: Vec<Post>,
    pub(crate) message: Option<CMessage>,
    pub(crate) schedule_date: Text,
    pub(crate) retry_attempt: Option<i64>,
    pub(crate) media_urls: Vec<CString>,
    pub(crate) users_json: Text,
    pub(crate) direct_message_events: Vec<DirectMessage>,
}

/// A social event's `details`.
pub(crate) struct Details {
    pub(crate) status: Text,
    pub(crate) code: Option<i64>,
    pub(crate) message: Text,
    pub(crate) other_json: CString,
}

/// One entry of `postIds`.
pub(crate) struct Post {
    pub(crate) platform: Text,
    pub(crate) status: Text,
    pub(crate) id: Text,
    pub(crate) post_url: Text,
    pub(crate) other_json: CString,
}

/// A messages event's `message`.
pub(crate) struct CMessage {
    pub(crate) text: Text,
    pub(crate) platform: Text,
    pub(crate) status: Text,
    pub(crate) id: Text,
    pub(crate) sender: Option<Participant>,
    pub(crate) receiver: Option<Participant>,
    pub(crate) data_json: Text,
    pub(crate) media: Vec<Media>,
    pub(crate) other_json: CString,
}

/// A message's `sender` or `receiver`.
pub(crate) struct Participant {
    pub(crate) id: Text,
    pub(crate) name: Text,
    pub(crate) username: Text,
    pub(crate) other_json: CString,
}

/// One entry of a message's `media`.
pub(crate) struct Media {
    pub(crate) kind: Text,
    pub(crate) url: Text,
    pub(crate) other_json: CString,
}

/// One entry of `directMessageEvents`.
pub(crate) struct DirectMessage {
    pub(crate) kind: Text,
    pub(crate) created_at: Text,
    pub(crate) id: Text,
    pub(crate) message_create_json: Text,
    pub(crate) other_json: CString,
}

fn text(value: Option<String>, what: &str) -> Result<Text, ayr_error> {
    strings::optional_from_answer(value, what)
}

/// JSON text never holds a NUL byte (serde_json escapes it), so this cannot fail in practice.
fn json(value: &Value) -> Result<CString, ayr_error> {
    strings::from_answer(value.to_string(), "the event's JSON")
}

fn object_json(map: Map<String, Value>) -> Result<CString, ayr_error> {
    json(&Value::Object(map))
}

fn optional_json(value: Option<Value>) -> Result<Text, ayr_error> {
    value.map(|v| json(&v)).transpose()
}

impl ayr_event {
    /// Converts the core's event.
    pub(crate) fn from_core(event: Event) -> Result<ayr_event, ayr_error> {
        let own = |value: Option<&str>| value.map(str::to_owned);
        let action = text(own(event.action()), "the event's `action`")?;
        let created = text(own(event.created()), "the event's `created`")?;
        let code = event.code();
        let ref_id = text(own(event.ref_id()), "the event's `refId`")?;
        let hook_id = text(own(event.hook_id()), "the event's `hookId`")?;
        let status = text(own(event.status()), "the event's `status`")?;
        let (kind, fields, other) = match event {
            Event::Scheduled(mut e) => {
                let other = std::mem::take(&mut e.other);
                (ayr_event_kind::AYR_EVENT_SCHEDULED, scheduled(e)?, other)
            }
            Event::Social(mut e) => {
                let other = std::mem::take(&mut e.other);
                (ayr_event_kind::AYR_EVENT_SOCIAL, social(e)?, other)
            }
            Event::Messages(mut e) => {
                let other = std::mem::take(&mut e.other);
                (ayr_event_kind::AYR_EVENT_MESSAGES, messages(e)?, other)
            }
            Event::AccountActivity(mut e) => {
                let other = std::mem::take(&mut e.other);
                let kind = ayr_event_kind::AYR_EVENT_ACCOUNT_ACTIVITY;
                (kind, account_activity(e)?, other)
            }
            Event::Feed(e) => (ayr_event_kind::AYR_EVENT_FEED, Fields::default(), e.other),
            Event::Batch(e) => (ayr_event_kind::AYR_EVENT_BATCH, Fields::default(), e.other),
            Event::Unknown(e) => (
                ayr_event_kind::AYR_EVENT_UNKNOWN,
                Fields::default(),
                e.other,
            ),
            // A kind added to the core later: its common fields, and the rest as JSON.
            other => {
                let map = other.other().clone();
                (ayr_event_kind::AYR_EVENT_UNKNOWN, Fields::default(), map)
            }
        };
        Ok(ayr_event {
            kind,
            action,
            created,
            code,
            ref_id,
            hook_id,
            status,
            other_json: object_json(other)?,
            fields,
        })
    }
}

fn scheduled(e: ScheduledEvent) -> Result<Fields, ayr_error> {
    Ok(Fields {
        sub_action: text(e.sub_action, "the event's `subAction`")?,
        id: text(e.id, "the event's `id`")?,
        url: text(e.url, "the event's `url`")?,
        errors_json: Some(json(&Value::Array(e.errors))?),
        post_results: e.post_ids.into_iter().map(post).collect::<Result<_, _>>()?,
        ..Fields::default()
    })
}

fn post(p: PostResult) -> Result<Post, ayr_error> {
    Ok(Post {
        platform: text(p.platform, "a post result's `platform`")?,
        status: text(p.status, "a post result's `status`")?,
        id: text(p.id, "a post result's `id`")?,
        post_url: text(p.post_url, "a post result's `postUrl`")?,
        other_json: object_json(p.other)?,
    })
}

fn social(e: SocialEvent) -> Result<Fields, ayr_error> {
    let kind = e.kind.map(|kind| match kind {
        SocialKind::Link => (ayr_social_kind::AYR_SOCIAL_LINK, kind),
        SocialKind::Unlink => (ayr_social_kind::AYR_SOCIAL_UNLINK, kind),
        SocialKind::Refresh => (ayr_social_kind::AYR_SOCIAL_REFRESH, kind),
        _ => (ayr_social_kind::AYR_SOCIAL_OTHER, kind),
    });
    let details = match e.details {
        Some(d) => Some(Details {
            status: text(d.status, "the event's `details.status`")?,
            code: d.code,
            message: text(d.message, "the event's `details.message`")?,
            other_json: object_json(d.other)?,
        }),
        None => None,
    };
    Ok(Fields {
        social_kind: kind.as_ref().map(|(c, _)| *c),
        type_text: text(
            kind.map(|(_, k)| k.as_str().to_owned()),
            "the event's `type`",
        )?,
        platform: text(e.platform, "the event's `platform`")?,
        display_name: text(e.display_name, "the event's `displayName`")?,
        title: text(e.title, "the event's `title`")?,
        source: text(e.source, "the event's `source`")?,
        refresh_by: text(e.refresh_by, "the event's `refreshBy`")?,
        details,
        ..Fields::default()
    })
}

fn messages(e: MessagesEvent) -> Result<Fields, ayr_error> {
    Ok(Fields {
        sub_action: text(e.sub_action, "the event's `subAction`")?,
        message: e.message.map(message).transpose()?,
        ..Fields::default()
    })
}

fn message(m: Message) -> Result<CMessage, ayr_error> {
    Ok(CMessage {
        text: text(m.text, "the message's `text`")?,
        platform: text(m.platform, "the message's `platform`")?,
        status: text(m.status, "the message's `status`")?,
        id: text(m.id, "the message's `id`")?,
        sender: m.sender.map(participant).transpose()?,
        receiver: m.receiver.map(participant).transpose()?,
        data_json: optional_json(m.data)?,
        media: m
            .media
            .into_iter()
            .map(|media| {
                Ok(Media {
                    kind: text(media.kind, "a media's `type`")?,
                    url: text(media.url, "a media's `url`")?,
                    other_json: object_json(media.other)?,
                })
            })
            .collect::<Result<_, ayr_error>>()?,
        other_json: object_json(m.other)?,
    })
}

fn participant(p: MessageParticipant) -> Result<Participant, ayr_error> {
    Ok(Participant {
        id: text(p.id, "a participant's `id`")?,
        name: text(p.name, "a participant's `name`")?,
        username: text(p.username, "a participant's `username`")?,
        other_json: object_json(p.other)?,
    })
}

fn account_activity(e: AccountActivityEvent) -> Result<Fields, ayr_error> {
    Ok(Fields {
        platform: text(e.platform, "the event's `platform`")?,
        type_text: text(e.kind, "the event's `type`")?,
        schedule_date: text(e.schedule_date, "the event's `scheduleDate`")?,
        source: text(e.source, "the event's `source`")?,
        title: text(e.title, "the event's `title`")?,
        url: text(e.url, "the event's `url`")?,
        retry_attempt: e.retry_attempt,
        users_json: optional_json(e.users)?,
        media_urls: e
            .media_urls
            .into_iter()
            .map(|url| strings::from_answer(url, "an entry of `mediaUrls`"))
            .collect::<Result<_, _>>()?,
        direct_message_events: e
            .direct_message_events
            .into_iter()
            .map(|dm| {
                Ok(DirectMessage {
                    kind: text(dm.kind, "a direct message event's `type`")?,
                    created_at: text(dm.created_at, "a direct message event's `createdAt`")?,
                    id: text(dm.id, "a direct message event's `id`")?,
                    message_create_json: optional_json(dm.message_create)?,
                    other_json: object_json(dm.other)?,
                })
            })
            .collect::<Result<_, ayr_error>>()?,
        ..Fields::default()
    })
}
