//! The answer to `GET /hook/webhook`, fed raw: a success only for a 2xx JSON object not saying
//! "error", listing exactly the known actions with a string value, in `Action::ALL` order.
#![no_main]

use ayrshare_webhooks::Action;
use ayrshare_webhooks::fuzzing::decode_list;
use fuzz_checks::{check_decoded, split_answer};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let (status, body) = split_answer(data);
    let result = decode_list(status, body);
    if let (Some(object), Ok(list)) = (check_decoded(status, body, &result), &result) {
        let expected: Vec<(Action, &str)> = Action::ALL
            .into_iter()
            .filter_map(|a| Some((a, object.get(a.as_str())?.as_str()?)))
            .collect();
        let got: Vec<(Action, &str)> = list.iter().collect();
        assert_eq!(got, expected);
        assert_eq!(list.len(), expected.len());
        for (action, url) in &expected {
            assert_eq!(list.get(*action), Some(*url));
        }
        assert_eq!(list.raw(), &Value::Object(object.clone()));
    }
});
