//! `parse_event` on a sample of every action the API documents (`tests/cases/events/`), and
//! the lenient cases: odd types, missing fields, unknown actions and kinds.

use ayrshare_webhooks::{Error, Event, SocialKind, parse_event};
use serde_json::{Value, json};

fn sample(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../tests/cases/events/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn event(name: &str) -> Event {
    parse_event(&sample(name)).unwrap()
}

fn common(event: &Event, action: &str, hook_id: &str, created: &str) {
    assert_eq!(event.action(), Some(action));
    assert_eq!(event.hook_id(), Some(hook_id));
    assert_eq!(event.created(), Some(created));
    assert_eq!(event.ref_id(), Some("3dc079614bdc3f281d9"));
    assert_eq!(event.code(), Some(200));
    assert_eq!(event.status(), Some("success"));
}

#[test]
fn scheduled() {
    let event = event("scheduled");
    common(&event, "scheduled", "hk_8f2a", "2026-11-27T10:00:00.000Z");
    let Event::Scheduled(e) = event else {
        panic!("{event:?}")
    };
    assert_eq!(e.sub_action.as_deref(), Some("tikTokPublished"));
    assert_eq!(e.id.as_deref(), Some("RJTsGk8TyWWZsIhyk2Qy"));
    assert_eq!(e.url.as_deref(), Some("https://mysite.com/hooks/ayrshare"));
    assert!(e.errors.is_empty());
    assert_eq!(e.post_ids.len(), 2);
    let [twitter, tiktok] = &e.post_ids[..] else {
        unreachable!()
    };
    assert_eq!(twitter.platform.as_deref(), Some("twitter"));
    assert_eq!(twitter.status.as_deref(), Some("success"));
    assert_eq!(twitter.id.as_deref(), Some("1570456773712580608"));
    assert_eq!(
        twitter.post_url.as_deref(),
        Some("https://twitter.com/ayrshare/status/1570456773712580608")
    );
    assert_eq!(tiktok.platform.as_deref(), Some("tiktok"));
    assert_eq!(
        tiktok.id.as_deref(),
        Some("7143557452345707819"),
        "a number id as text"
    );
    assert!(twitter.other.is_empty() && tiktok.other.is_empty());
    assert!(
        e.other.is_empty(),
        "every documented field is typed: {:?}",
        e.other
    );
}

#[test]
fn social() {
    let event = event("social");
    common(&event, "social", "hk_91c0", "2026-11-27T10:05:00Z");
    let Event::Social(e) = event else {
        panic!("{event:?}")
    };
    assert_eq!(e.kind, Some(SocialKind::Refresh));
    assert_eq!(e.platform.as_deref(), Some("linkedin"));
    assert_eq!(e.display_name.as_deref(), Some("Ayrshare Inc."));
    assert_eq!(e.title.as_deref(), Some("Acme Marketing"));
    assert_eq!(e.source.as_deref(), Some("system"));
    assert_eq!(e.refresh_by.as_deref(), Some("2026-12-27T00:00:00Z"));
    let details = e.details.as_ref().unwrap();
    assert_eq!(details.status.as_deref(), Some("error"));
    assert_eq!(details.code, Some(349));
    assert_eq!(details.message.as_deref(), Some("Account locked"));
    assert!(details.other.is_empty());
    assert!(e.other.is_empty(), "{:?}", e.other);
}

#[test]
fn social_kinds() {
    for (text, kind) in [
        ("link", SocialKind::Link),
        ("unlink", SocialKind::Unlink),
        ("refresh", SocialKind::Refresh),
        ("suspend", SocialKind::Other("suspend".into())),
        ("LINK", SocialKind::Other("LINK".into())),
    ] {
        let body = json!({"action": "social", "type": text}).to_string();
        let Event::Social(e) = parse_event(body.as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(e.kind.as_ref(), Some(&kind));
        assert_eq!(kind.as_str(), text);
        assert_eq!(kind.to_string(), text);
    }
}

#[test]
fn messages() {
    let event = event("messages");
    common(&event, "messages", "hk_4d11", "2026-11-27T10:10:00Z");
    let Event::Messages(e) = event else {
        panic!("{event:?}")
    };
    assert_eq!(e.sub_action.as_deref(), Some("messageCreated"));
    let m = e.message.as_ref().unwrap();
    assert_eq!(m.text.as_deref(), Some("Hello from Ayrshare"));
    assert_eq!(m.platform.as_deref(), Some("facebook"));
    assert_eq!(m.status.as_deref(), Some("received"));
    assert_eq!(m.id.as_deref(), Some("m_9XOMkxg3CnMr"));
    let sender = m.sender.as_ref().unwrap();
    assert_eq!(sender.id.as_deref(), Some("7101813409857336"));
    assert_eq!(sender.name.as_deref(), Some("Jane Doe"));
    assert_eq!(sender.username.as_deref(), Some("janedoe"));
    assert_eq!(sender.other["picture"], "https://example.com/jane.png");
    let receiver = m.receiver.as_ref().unwrap();
    assert_eq!(receiver.id.as_deref(), Some("106638148652444"));
    assert_eq!(receiver.username.as_deref(), Some("ayrshare"));
    assert_eq!(
        m.data,
        Some(
            json!({"hashtags": ["launch"], "userMentions": [], "urls": ["https://www.ayrshare.com"]})
        )
    );
    assert_eq!(m.media.len(), 1);
    assert_eq!(m.media[0].kind.as_deref(), Some("image"));
    assert_eq!(
        m.media[0].url.as_deref(),
        Some("https://example.com/photo.jpg")
    );
    assert!(m.other.is_empty() && e.other.is_empty());
}

#[test]
fn the_older_message_action_is_a_messages_event() {
    let event = event("message_legacy");
    common(&event, "messages", "59127", "1764237600");
    let Event::Messages(e) = event else {
        panic!("{event:?}")
    };
    assert_eq!(e.sub_action.as_deref(), Some("reaction"));
    let m = e.message.unwrap();
    assert_eq!(m.platform.as_deref(), Some("instagram"));
    assert_eq!(m.sender.unwrap().name, None);
    assert_eq!(m.receiver, None);
    assert!(m.media.is_empty());
}

#[test]
fn account_activity() {
    let event = event("account_activity");
    common(&event, "accountActivity", "hk_aa07", "2026-11-27T10:15:00Z");
    let Event::AccountActivity(e) = event else {
        panic!("{event:?}")
    };
    assert_eq!(e.platform.as_deref(), Some("twitter"));
    assert_eq!(e.kind.as_deref(), Some("directMessage"));
    assert_eq!(e.direct_message_events.len(), 1);
    let dm = &e.direct_message_events[0];
    assert_eq!(dm.kind.as_deref(), Some("message_create"));
    assert_eq!(dm.created_at.as_deref(), Some("1764237900000"));
    assert_eq!(dm.id.as_deref(), Some("1570455736368660484"));
    assert_eq!(
        dm.message_create.as_ref().unwrap()["messageData"]["text"],
        "Hi there"
    );
    assert_eq!(e.media_urls, ["https://pbs.twimg.com/dm_gif/1.gif"]);
    assert_eq!(e.retry_attempt, Some(0));
    assert_eq!(e.schedule_date.as_deref(), Some("2026-11-27T10:15:00Z"));
    assert_eq!(e.source.as_deref(), Some("user"));
    assert_eq!(e.title.as_deref(), Some("Acme Marketing"));
    assert_eq!(e.url.as_deref(), Some("https://mysite.com/hooks/ayrshare"));
    assert_eq!(
        e.users.as_ref().unwrap()["1438624520271880195"]["screenName"],
        "janedoe"
    );
    assert!(e.other.is_empty(), "{:?}", e.other);
}

#[test]
fn feed_and_batch_keep_every_other_field() {
    let feed = event("feed");
    common(&feed, "feed", "hk_fe3d", "2026-11-27T10:20:00Z");
    let Event::Feed(f) = &feed else {
        panic!("{feed:?}")
    };
    assert_eq!(f.other["platform"], "instagram");
    assert_eq!(f.other["items"][0]["caption"], "New post");
    assert_eq!(f.other.len(), 2);

    let batch = event("batch");
    assert_eq!(batch.action(), Some("batch"));
    assert_eq!((batch.status(), batch.code()), (Some("error"), Some(400)));
    let Event::Batch(b) = &batch else {
        panic!("{batch:?}")
    };
    assert_eq!(b.other["batchId"], "b_77");
    assert_eq!(b.other["processed"], 2);
}

#[test]
fn an_unknown_action_is_kept_as_text() {
    let event = event("unknown");
    common(&event, "comments", "hk_c0de", "2026-11-27T10:30:00Z");
    let Event::Unknown(e) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(e.action.as_deref(), Some("comments"));
    assert_eq!(e.other["subAction"], "commentCreated");
    assert_eq!(e.other["comment"], "Great video");
    assert_eq!(event.other().len(), 3);
}

#[test]
fn no_action_or_an_odd_one_is_unknown() {
    let Event::Unknown(none) = parse_event(b"{}").unwrap() else {
        panic!()
    };
    assert_eq!((none.action, none.hook_id), (None, None));
    assert!(none.other.is_empty());

    let event = parse_event(br#"{"action":7,"hookId":"h"}"#).unwrap();
    assert_eq!(event.action(), None);
    assert_eq!(event.hook_id(), Some("h"));
    assert_eq!(event.other()["action"], 7, "the odd action is kept");
    // Actions are case-sensitive on the wire.
    assert!(matches!(
        parse_event(br#"{"action":"Scheduled"}"#).unwrap(),
        Event::Unknown(_)
    ));
}

#[test]
fn odd_types_are_kept_untyped_in_other() {
    let body = json!({
        "action": "scheduled",
        "created": {"at": 1},
        "code": "n/a",
        "refId": 5,
        "hookId": [1],
        "status": false,
        "subAction": null,
        "id": 12.5,
        "postIds": [{"platform": "x"}, "not an object"],
        "errors": "none",
        "url": 3,
    });
    let event = parse_event(body.to_string().as_bytes()).unwrap();
    let Event::Scheduled(e) = &event else {
        panic!("{event:?}")
    };
    assert_eq!(e.created, None);
    assert_eq!(e.code, None);
    assert_eq!(e.ref_id, None);
    assert_eq!(e.hook_id, None);
    assert_eq!(e.status, None);
    assert_eq!(e.sub_action, None);
    assert_eq!(
        e.id.as_deref(),
        Some("12.5"),
        "any number is kept as its text"
    );
    assert!(e.post_ids.is_empty());
    assert!(e.errors.is_empty());
    assert_eq!(e.url, None);
    let mut expected = body.as_object().unwrap().clone();
    expected.remove("action");
    expected.remove("id");
    assert_eq!(
        &e.other, &expected,
        "every field that could not be typed, as sent"
    );
}

#[test]
fn lenient_numbers_and_single_objects() {
    let body = br#"{"action":"accountActivity","code":"201","retryAttempt":"2",
        "directMessageEvents":{"id":42,"type":"message_create"},"mediaUrls":["a",1]}"#;
    let Event::AccountActivity(e) = parse_event(body).unwrap() else {
        panic!()
    };
    assert_eq!(e.code, Some(201));
    assert_eq!(e.retry_attempt, Some(2));
    assert_eq!(
        e.direct_message_events.len(),
        1,
        "one object read as a list of one"
    );
    assert_eq!(e.direct_message_events[0].id.as_deref(), Some("42"));
    assert!(e.media_urls.is_empty());
    assert_eq!(e.other["mediaUrls"], json!(["a", 1]));
}

#[test]
fn only_a_body_that_is_not_a_json_object_fails() {
    for (body, reason) in [
        (&b""[..], "a delivery must be JSON (truncated)"),
        (b"<html>", "a delivery must be JSON (syntax error)"),
        (b"{\"action\":", "a delivery must be JSON (truncated)"),
        (b"[1,2]", "a delivery must be a JSON object"),
        (b"\"scheduled\"", "a delivery must be a JSON object"),
        (b"null", "a delivery must be a JSON object"),
        (b"\xff\xfe", "a delivery must be JSON (syntax error)"),
    ] {
        match parse_event(body) {
            Err(Error::Decode {
                status: None,
                reason: got,
                ..
            }) => assert_eq!(got, reason),
            other => panic!("{body:?}: {other:?}"),
        }
    }
}

#[test]
fn the_common_accessors_match_the_variant_fields() {
    for name in [
        "scheduled",
        "social",
        "messages",
        "message_legacy",
        "account_activity",
        "feed",
        "batch",
        "unknown",
    ] {
        let raw: Value = serde_json::from_slice(&sample(name)).unwrap();
        let event = event(name);
        assert_eq!(event.ref_id(), raw["refId"].as_str(), "{name}");
        assert_eq!(event.status(), raw["status"].as_str(), "{name}");
        assert_eq!(event.code(), raw["code"].as_i64(), "{name}");
        assert!(
            event.hook_id().is_some() && event.created().is_some(),
            "{name}"
        );
    }
}

#[test]
fn deeply_nested_bodies_fail_cleanly() {
    let body = format!("{}{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    assert!(parse_event(body.as_bytes()).is_err());
}
