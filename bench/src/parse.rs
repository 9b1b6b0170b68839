//! Parse time per delivery: the core's typed `parse_event` next to `parse_delivery` (common
//! fields and the whole payload as JSON), on the shared sample of every action
//! (`tests/cases/events`).

use std::hint::black_box;
use std::time::Duration;

use crate::verify::median_seconds_per_op;

/// The samples measured, in the order reported.
pub const SAMPLES: [&str; 8] = [
    "scheduled",
    "social",
    "messages",
    "message_legacy",
    "account_activity",
    "feed",
    "batch",
    "unknown",
];

fn sample(name: &str) -> Result<Vec<u8>, String> {
    let path = format!(
        "{}/../tests/cases/events/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).map_err(|e| format!("{path}: {e}"))
}

/// Measures both parsers on each sample; prints
/// `parser=<parse_delivery|parse_event> sample=<name> bytes=<n> s_per_op=<seconds>` lines.
pub fn run() -> Result<(), String> {
    for name in SAMPLES {
        let body = sample(name)?;
        ayrshare_webhooks::parse_event(&body).map_err(|e| format!("{name}: {e}"))?;
        ayrshare_webhooks::parse_delivery(&body).map_err(|e| format!("{name}: {e}"))?;
        let total = Duration::from_millis(500);
        let delivery = median_seconds_per_op(total, || {
            black_box(ayrshare_webhooks::parse_delivery(black_box(&body))).ok();
        });
        let event = median_seconds_per_op(total, || {
            black_box(ayrshare_webhooks::parse_event(black_box(&body))).ok();
        });
        for (parser, s) in [("parse_delivery", delivery), ("parse_event", event)] {
            println!(
                "parser={parser} sample={name} bytes={} s_per_op={s:e}",
                body.len()
            );
        }
    }
    Ok(())
}
