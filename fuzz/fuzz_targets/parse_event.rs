//! Delivery bodies read as typed events: every JSON object parses, and each of its top-level
//! fields is either typed (with the value the payload holds) or kept, as sent, in `other`;
//! anything else is a short decode error.
#![no_main]

use ayrshare_webhooks::{Error, Event, parse_event};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// The fields every event types when they have the documented type.
const COMMON: [&str; 5] = ["created", "code", "refId", "hookId", "status"];

/// The top-level fields each kind of event types (from the API facts).
fn typed(event: &Event) -> &'static [&'static str] {
    match event {
        Event::Scheduled(_) => &["subAction", "id", "postIds", "errors", "url"],
        Event::Social(_) => &[
            "type",
            "platform",
            "displayName",
            "title",
            "source",
            "refreshBy",
            "details",
        ],
        Event::Messages(_) => &["subAction", "message"],
        Event::AccountActivity(_) => &[
            "platform",
            "type",
            "directMessageEvents",
            "mediaUrls",
            "retryAttempt",
            "scheduleDate",
            "source",
            "title",
            "url",
            "users",
        ],
        _ => &[],
    }
}

fuzz_target!(|body: &[u8]| {
    let parsed = serde_json::from_slice::<Value>(body).ok();
    match (parse_event(body), parsed) {
        (Ok(event), Some(Value::Object(input))) => {
            let action = input.get("action").and_then(Value::as_str);
            match action {
                Some("message") => assert_eq!(event.action(), Some("messages")),
                _ => assert_eq!(event.action(), action),
            }
            for (key, value) in &input {
                if key == "action" && value.is_string() {
                    assert!(!event.other().contains_key(key));
                    continue;
                }
                match event.other().get(key) {
                    Some(kept) => assert_eq!(kept, value, "{key} not kept as sent"),
                    None => assert!(
                        COMMON.contains(&key.as_str()) || typed(&event).contains(&key.as_str()),
                        "{key} was neither typed nor kept"
                    ),
                }
            }
            assert!(event.other().keys().all(|k| input.contains_key(k)));
            let text = |key: &str| input.get(key).and_then(Value::as_str);
            assert_eq!(event.ref_id(), text("refId"));
            assert_eq!(event.status(), text("status"));
            if let Some(Value::String(hook_id)) = input.get("hookId") {
                assert_eq!(event.hook_id(), Some(hook_id.as_str()));
            }
        }
        (Ok(event), other) => panic!("parsed {other:?} into {event:?}"),
        (Err(error), parsed) => {
            assert!(
                !matches!(parsed, Some(Value::Object(_))),
                "rejected a JSON object: {error}"
            );
            assert!(
                matches!(error, Error::Decode { status: None, .. }),
                "{error:?}"
            );
            let shown = error.to_string();
            assert!(shown.len() < 1024, "a {}-byte message", shown.len());
        }
    }
});
