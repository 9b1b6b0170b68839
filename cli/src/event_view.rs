//! A typed event (the core's [`Event`]) as `verify` and `send-test` show it: one JSON object
//! of a stable shape for `--json`, and indented lines for people.
//!
//! The JSON object always has every key of its kind, `null` (or `[]`, `{}`) when absent:
//! `kind` (`scheduled`, `social`, `messages`, `accountActivity`, `feed`, `batch` or
//! `unknown`), `action` (as sent, for an unknown one), the common fields `created`, `code`,
//! `refId`, `hookId`, `status`, the kind's typed fields under their wire names, and `other`:
//! every field not typed, as sent.

use ayrshare_webhooks::{
    AccountActivityEvent, DirectMessageEvent, Event, Message, MessageMedia, MessageParticipant,
    MessagesEvent, PostResult, ScheduledEvent, SocialDetails, SocialEvent,
};
use serde_json::{Map, Value, json};

/// The event as one JSON object (see the module's doc for its shape).
pub fn to_json(event: &Event) -> Value {
    let mut object = json!({
        "kind": kind(event),
        "action": event.action(),
        "created": event.created(),
        "code": event.code(),
        "refId": event.ref_id(),
        "hookId": event.hook_id(),
        "status": event.status(),
    });
    let typed = match event {
        Event::Scheduled(e) => scheduled(e),
        Event::Social(e) => social(e),
        Event::Messages(e) => messages(e),
        Event::AccountActivity(e) => account_activity(e),
        _ => json!({}),
    };
    if let (Value::Object(object), Value::Object(typed)) = (&mut object, typed) {
        object.extend(typed);
        object.insert("other".into(), Value::Object(event.other().clone()));
    }
    object
}

/// The kind of event: the variant, spelled as its action is on the wire.
pub fn kind(event: &Event) -> &'static str {
    match event {
        Event::Scheduled(_) => "scheduled",
        Event::Social(_) => "social",
        Event::Messages(_) => "messages",
        Event::AccountActivity(_) => "accountActivity",
        Event::Feed(_) => "feed",
        Event::Batch(_) => "batch",
        _ => "unknown",
    }
}

/// What the event is, in a few words: `scheduled event`, `comments event (an action this
/// version does not type)`, `event without an action`.
pub fn title(event: &Event) -> String {
    match (kind(event), event.action()) {
        ("unknown", Some(action)) => {
            format!("{action} event (an action this version does not type)")
        }
        ("unknown", None) => "event without an action".to_owned(),
        (kind, _) => format!("{kind} event"),
    }
}

/// The event's fields as `name: value` lines, each indented by `indent`: absent fields left
/// out, a list one `- ` line per item, `other` as compact JSON.
pub fn lines(event: &Event, indent: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Value::Object(object) = to_json(event) {
        for (name, value) in &object {
            if name == "kind" || name == "action" {
                continue;
            }
            push_field(&mut out, indent, name, value);
        }
    }
    out
}

fn push_field(out: &mut Vec<String>, indent: &str, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Array(items) if items.is_empty() => {}
        Value::Object(map) if map.is_empty() => {}
        Value::Array(items) => {
            out.push(format!("{indent}{name}:"));
            for item in items {
                out.push(format!("{indent}  - {}", inline(item)));
            }
        }
        Value::Object(_) if name == "other" => out.push(format!("{indent}{name}: {value}")),
        Value::Object(map) => {
            out.push(format!("{indent}{name}:"));
            let deeper = format!("{indent}  ");
            for (name, value) in map {
                push_field(out, &deeper, name, value);
            }
        }
        other => out.push(format!("{indent}{name}: {}", inline(other))),
    }
}

/// A value on one line: text as is, an object as `key: value, ...` of its non-empty fields,
/// anything else as compact JSON.
fn inline(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !is_empty(v))
            .map(|(k, v)| match v {
                Value::String(text) => format!("{k}: {text}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

fn other(map: &Map<String, Value>) -> Value {
    Value::Object(map.clone())
}

fn scheduled(e: &ScheduledEvent) -> Value {
    json!({
        "subAction": e.sub_action,
        "id": e.id,
        "postIds": e.post_ids.iter().map(post_result).collect::<Vec<_>>(),
        "errors": e.errors,
        "url": e.url,
    })
}

fn post_result(p: &PostResult) -> Value {
    json!({
        "platform": p.platform,
        "status": p.status,
        "id": p.id,
        "postUrl": p.post_url,
        "other": other(&p.other),
    })
}

fn social(e: &SocialEvent) -> Value {
    json!({
        "type": e.kind.as_ref().map(|k| k.as_str()),
        "platform": e.platform,
        "displayName": e.display_name,
        "title": e.title,
        "source": e.source,
        "refreshBy": e.refresh_by,
        "details": e.details.as_ref().map(social_details),
    })
}

fn social_details(d: &SocialDetails) -> Value {
    json!({
        "status": d.status,
        "code": d.code,
        "message": d.message,
        "other": other(&d.other),
    })
}

fn messages(e: &MessagesEvent) -> Value {
    json!({
        "subAction": e.sub_action,
        "message": e.message.as_ref().map(message),
    })
}

fn message(m: &Message) -> Value {
    json!({
        "text": m.text,
        "platform": m.platform,
        "status": m.status,
        "id": m.id,
        "sender": m.sender.as_ref().map(participant),
        "receiver": m.receiver.as_ref().map(participant),
        "data": m.data,
        "media": m.media.iter().map(media).collect::<Vec<_>>(),
        "other": other(&m.other),
    })
}

fn participant(p: &MessageParticipant) -> Value {
    json!({
        "id": p.id,
        "name": p.name,
        "username": p.username,
        "other": other(&p.other),
    })
}

fn media(m: &MessageMedia) -> Value {
    json!({"type": m.kind, "url": m.url, "other": other(&m.other)})
}

fn account_activity(e: &AccountActivityEvent) -> Value {
    json!({
        "platform": e.platform,
        "type": e.kind,
        "directMessageEvents": e.direct_message_events.iter().map(direct_message).collect::<Vec<_>>(),
        "mediaUrls": e.media_urls,
        "retryAttempt": e.retry_attempt,
        "scheduleDate": e.schedule_date,
        "source": e.source,
        "title": e.title,
        "url": e.url,
        "users": e.users,
    })
}

fn direct_message(d: &DirectMessageEvent) -> Value {
    json!({
        "type": d.kind,
        "createdAt": d.created_at,
        "id": d.id,
        "messageCreate": d.message_create,
        "other": other(&d.other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ayrshare_webhooks::parse_event;

    #[test]
    fn every_key_of_the_kind_is_there_and_untyped_fields_stay_in_other() {
        let event = parse_event(
            br#"{"action":"social","type":"refresh","platform":"linkedin","hookId":7,
                "details":{"code":349,"message":"Account locked","extra":1},"title":5,"x":true}"#,
        )
        .unwrap();
        assert_eq!(
            to_json(&event),
            json!({
                "kind": "social", "action": "social", "created": null, "code": null,
                "refId": null, "hookId": "7", "status": null, "type": "refresh",
                "platform": "linkedin", "displayName": null, "title": null, "source": null,
                "refreshBy": null,
                "details": {"status": null, "code": 349, "message": "Account locked",
                            "other": {"extra": 1}},
                "other": {"title": 5, "x": true},
            })
        );
        assert_eq!(
            lines(&event, "  "),
            [
                "  hookId: 7",
                "  type: refresh",
                "  platform: linkedin",
                "  details:",
                "    code: 349",
                "    message: Account locked",
                "    other: {\"extra\":1}",
                "  other: {\"title\":5,\"x\":true}",
            ]
        );
    }

    #[test]
    fn unknown_actions_keep_their_name() {
        let comments = parse_event(br#"{"action":"comments","status":"success"}"#).unwrap();
        assert_eq!(to_json(&comments)["kind"], "unknown");
        assert_eq!(to_json(&comments)["action"], "comments");
        assert_eq!(
            title(&comments),
            "comments event (an action this version does not type)"
        );
        let none = parse_event(br#"{"action":3}"#).unwrap();
        assert_eq!(to_json(&none)["action"], Value::Null);
        assert_eq!(to_json(&none)["other"], json!({"action": 3}));
        assert_eq!(title(&none), "event without an action");
        let feed = parse_event(br#"{"action":"feed"}"#).unwrap();
        assert_eq!(title(&feed), "feed event");
        assert_eq!(lines(&feed, ""), Vec::<String>::new());
    }

    #[test]
    fn lists_are_one_line_per_item() {
        let event = parse_event(
            br#"{"action":"scheduled","id":"p1","postIds":[{"platform":"twitter","status":"success","postUrl":"https://x.com/p/1"}],"errors":[]}"#,
        )
        .unwrap();
        assert_eq!(
            lines(&event, ""),
            [
                "id: p1",
                "postIds:",
                "  - platform: twitter, status: success, postUrl: https://x.com/p/1",
            ]
        );
        assert_eq!(to_json(&event)["errors"], json!([]));
        assert_eq!(to_json(&event)["postIds"][0]["other"], json!({}));
    }
}
