//! Delivery bodies: parsed only when they are a JSON object with a string `action`, with every
//! typed field agreeing with the payload; otherwise a short decode error.
#![no_main]

use ayrshare_webhooks::{Action, DeliveryAction, Error, parse_delivery};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn integer(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text_or_number(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fuzz_target!(|body: &[u8]| {
    let parsed = serde_json::from_slice::<Value>(body).ok();
    let action = parsed
        .as_ref()
        .and_then(Value::as_object)
        .and_then(|o| o.get("action"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    match parse_delivery(body) {
        Ok(delivery) => {
            let name = action.expect("parsed a delivery without a string action");
            let payload = parsed.expect("parsed a delivery that is not JSON");
            assert_eq!(delivery.action.as_str(), name);
            let known = Action::ALL.into_iter().find(|a| a.as_str() == name);
            match (&delivery.action, known) {
                (DeliveryAction::Known(a), Some(k)) => assert_eq!(*a, k),
                (DeliveryAction::Other(_), None) => {}
                (got, expected) => panic!("{got:?} for {expected:?}"),
            }
            let text = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
            assert_eq!(delivery.sub_action, text("subAction"));
            assert_eq!(delivery.ref_id, text("refId"));
            assert_eq!(delivery.status, text("status"));
            assert_eq!(delivery.code, integer(payload.get("code")));
            assert_eq!(delivery.created, text_or_number(payload.get("created")));
            assert_eq!(delivery.hook_id, text_or_number(payload.get("hookId")));
            assert_eq!(delivery.payload, payload);
        }
        Err(error) => {
            assert!(action.is_none(), "rejected a delivery with a string action");
            assert!(
                matches!(error, Error::Decode { status: None, .. }),
                "{error:?}"
            );
            let shown = error.to_string();
            assert!(shown.len() < 1024, "a {}-byte message", shown.len());
        }
    }
});
