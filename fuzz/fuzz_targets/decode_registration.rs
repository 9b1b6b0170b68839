//! The answer to `POST /hook/webhook`, fed raw: a success only for a 2xx JSON object not saying
//! "error", whose fields are the ones returned when they have the documented type (a known
//! action's name, strings; a numeric `refId` as its text) and what was requested otherwise;
//! every error typed and free of the secret.
#![no_main]

use ayrshare_webhooks::Action;
use ayrshare_webhooks::fuzzing::decode_registration;
use fuzz_checks::{check_decoded, split_answer};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let (status, body) = split_answer(data);
    let result = decode_registration(status, body);
    if let (Some(object), Ok(hook)) = (check_decoded(status, body, &result), &result) {
        let text = |key: &str| object.get(key).and_then(Value::as_str);
        let known = text("action").and_then(|name| name.parse::<Action>().ok());
        assert_eq!(hook.action, known.unwrap_or(Action::Feed));
        assert_eq!(hook.url, text("url").unwrap_or("https://example.com/"));
        let ref_id = match object.get("refId") {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        };
        assert_eq!(hook.ref_id, ref_id);
        assert_eq!(hook.status, text("status").unwrap_or("success"));
    }
});
