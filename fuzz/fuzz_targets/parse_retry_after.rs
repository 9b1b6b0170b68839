//! `Retry-After` values: delta-seconds give exactly that wait, HTTP dates a wait no longer
//! than the date's distance from the epoch, and anything else none.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use ayrshare_webhooks::fuzzing::parse_retry_after;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|value: &str| {
    let parsed = parse_retry_after(value);
    let trimmed = value.trim();
    if let Ok(seconds) = trimmed.parse::<u64>() {
        assert_eq!(parsed, Some(Duration::from_secs(seconds)), "{value:?}");
    } else if let Ok(date) = httpdate::parse_http_date(trimmed) {
        let wait = parsed.expect("an HTTP date gives a wait");
        let since_epoch = date.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
        assert!(wait <= since_epoch, "{value:?}: {wait:?}");
    } else {
        assert_eq!(parsed, None, "{value:?}");
    }
});
