//! Property tests of `parse_event`: adding, removing or retyping fields anywhere in a sample of
//! each action (`tests/cases/events/`) never fails the parse, never panics, and never loses a
//! top-level field (each one is either typed or kept, as sent, in `other`).

use ayrshare_webhooks::{Event, parse_event};
use proptest::prelude::*;
use serde_json::{Map, Value};

const SAMPLES: [&str; 8] = [
    "scheduled",
    "social",
    "messages",
    "message_legacy",
    "account_activity",
    "feed",
    "batch",
    "unknown",
];

const COMMON: [&str; 5] = ["created", "code", "refId", "hookId", "status"];

fn sample(name: &str) -> Value {
    let path = format!(
        "{}/../tests/cases/events/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// The top-level fields the event of `action` types (from the API facts).
fn typed_fields(event: &Event) -> &'static [&'static str] {
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

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        Just(Value::String("link".into())),
        Just(Value::String("200".into())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-zA-Z]{1,10}", inner), 0..4)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// One change somewhere in the document: in the `object`-th object found (depth first), the
/// `key`-th field is removed or retyped to `value`, or a field `name` is added.
#[derive(Debug, Clone)]
enum Change {
    Remove {
        object: usize,
        key: usize,
    },
    Retype {
        object: usize,
        key: usize,
        value: Value,
    },
    Add {
        object: usize,
        name: String,
        value: Value,
    },
}

fn change() -> impl Strategy<Value = Change> {
    let index = 0usize..64;
    prop_oneof![
        (index.clone(), index.clone()).prop_map(|(object, key)| Change::Remove { object, key }),
        (index.clone(), index.clone(), json_value())
            .prop_map(|(object, key, value)| Change::Retype { object, key, value }),
        (
            index,
            prop_oneof![
                "[a-zA-Z]{1,12}",
                Just("postIds".to_owned()),
                Just("message".to_owned())
            ],
            json_value()
        )
            .prop_map(|(object, name, value)| Change::Add {
                object,
                name,
                value
            }),
    ]
}

/// How many objects `value` holds, itself included.
fn count_objects(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(count_objects).sum::<usize>(),
        Value::Array(items) => items.iter().map(count_objects).sum(),
        _ => 0,
    }
}

/// The `n`-th object of `value`, depth first (`n` counts down as objects are passed).
fn nth_object<'a>(value: &'a mut Value, n: &mut usize) -> Option<&'a mut Map<String, Value>> {
    match value {
        Value::Object(map) => {
            if *n == 0 {
                return Some(map);
            }
            *n -= 1;
            map.values_mut().find_map(|item| nth_object(item, n))
        }
        Value::Array(items) => items.iter_mut().find_map(|item| nth_object(item, n)),
        _ => None,
    }
}

fn apply(document: &mut Value, change: &Change) {
    let (Change::Remove { object, .. }
    | Change::Retype { object, .. }
    | Change::Add { object, .. }) = change;
    let mut n = object % count_objects(document);
    let map = nth_object(document, &mut n).expect("n is below the count");
    let key_at = |map: &Map<String, Value>, key: usize| {
        (!map.is_empty()).then(|| map.keys().nth(key % map.len()).unwrap().clone())
    };
    match change {
        Change::Remove { key, .. } => {
            if let Some(k) = key_at(map, *key) {
                map.remove(&k);
            }
        }
        Change::Retype { key, value, .. } => {
            if let Some(k) = key_at(map, *key) {
                map.insert(k, value.clone());
            }
        }
        Change::Add { name, value, .. } => {
            map.insert(name.clone(), value.clone());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn changed_fields_never_fail_and_never_get_lost(
        which in 0..SAMPLES.len(),
        changes in prop::collection::vec(change(), 1..6),
    ) {
        let mut document = sample(SAMPLES[which]);
        for change in &changes {
            apply(&mut document, change);
        }
        let body = serde_json::to_vec(&document).unwrap();
        let event = parse_event(&body).expect("an object always parses");
        // Compared with the body as read back (a float may not survive a round trip exactly).
        let document: Value = serde_json::from_slice(&body).unwrap();
        let input = document.as_object().unwrap();

        let action = input.get("action").and_then(Value::as_str);
        match action {
            Some("message") => prop_assert_eq!(event.action(), Some("messages")),
            _ => prop_assert_eq!(event.action(), action),
        }
        let typed = typed_fields(&event);
        for (key, value) in input {
            if key == "action" && value.is_string() {
                prop_assert!(!event.other().contains_key(key));
                continue;
            }
            match event.other().get(key) {
                Some(kept) => prop_assert_eq!(kept, value, "{} kept as sent", key),
                None => prop_assert!(
                    COMMON.contains(&key.as_str()) || typed.contains(&key.as_str()),
                    "{} was neither typed nor kept", key
                ),
            }
        }
        for key in event.other().keys() {
            prop_assert!(input.contains_key(key), "{} came from nowhere", key);
        }
        if let Some(Value::String(hook_id)) = input.get("hookId") {
            prop_assert_eq!(event.hook_id(), Some(hook_id.as_str()));
        }
    }

    #[test]
    fn any_object_parses(fields in prop::collection::vec(("[a-zA-Z]{1,10}", json_value()), 0..8)) {
        let object: Map<String, Value> = fields.into_iter().collect();
        let body = serde_json::to_vec(&Value::Object(object)).unwrap();
        prop_assert!(parse_event(&body).is_ok());
    }

    #[test]
    fn anything_else_is_an_error_not_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let is_object = matches!(serde_json::from_slice::<Value>(&bytes), Ok(Value::Object(_)));
        prop_assert_eq!(parse_event(&bytes).is_ok(), is_object);
    }
}
