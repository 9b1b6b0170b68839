//! The answer to `DELETE /hook/webhook` or `POST /hook/webhook/secret`, fed raw: a success only
//! for a 2xx JSON object not saying "error", or a 2xx with an empty body (a 204); every error
//! typed and free of the secret.
#![no_main]

use ayrshare_webhooks::fuzzing::decode_acknowledgement;
use fuzz_checks::{check_decoded, split_answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (status, body) = split_answer(data);
    let result = decode_acknowledgement(status, body);
    let empty_success = (200..300).contains(&status) && body.iter().all(u8::is_ascii_whitespace);
    if empty_success {
        assert!(result.is_ok(), "an empty 2xx is a success: {result:?}");
    } else {
        check_decoded(status, body, &result);
    }
});
