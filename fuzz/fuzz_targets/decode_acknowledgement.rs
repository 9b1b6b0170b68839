//! The answer to `DELETE /hook/webhook` or `POST /hook/webhook/secret`, fed raw: a success only
//! for a 2xx JSON object not saying "error"; every error typed and free of the secret.
#![no_main]

use ayrshare_webhooks::fuzzing::decode_acknowledgement;
use fuzz_checks::{check_decoded, split_answer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (status, body) = split_answer(data);
    check_decoded(status, body, &decode_acknowledgement(status, body));
});
