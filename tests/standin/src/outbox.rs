//! The deliveries the stand-in would send, written to files so programs in any language can
//! read and verify them.

use std::io;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;

/// Writes `<dir>/<profile or "primary">/<action>.body` (exact bytes) and `<action>.headers`
/// (one `Name: value` per line), the body signed with HMAC-SHA256 keyed by `secret`.
pub fn write_delivery(
    dir: &Path,
    profile: Option<&str>,
    action: &str,
    url: &str,
    ref_id: &str,
    secret: &str,
) -> io::Result<()> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let body = json!({
        "action": action,
        "subAction": if action == "scheduled" { "postPublished" } else { "event" },
        "status": "success",
        "code": 200,
        "created": iso8601(now),
        "refId": ref_id,
        "hookId": format!("hook-{action}"),
        "id": "standin-post-1",
        "errors": [],
        "postIds": [{"postUrl": "https://x.com/ayrshare/status/1", "platform": "twitter",
                     "status": "success", "id": "1"}],
        "url": url,
    })
    .to_string();
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let signature: String = ring::hmac::sign(&key, body.as_bytes())
        .as_ref()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let folder = dir.join(safe_name(profile.unwrap_or("primary")));
    std::fs::create_dir_all(&folder)?;
    std::fs::write(folder.join(format!("{action}.body")), &body)?;
    std::fs::write(
        folder.join(format!("{action}.headers")),
        format!(
            "Content-Type: application/json\nX-Authorization-Content-SHA256: {signature}\nX-Authorization-Timestamp: {now}\n"
        ),
    )
}

/// A file-name-safe form of a profile key.
fn safe_name(profile: &str) -> String {
    let name: String = profile
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "_".to_owned()
    } else {
        name
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a Unix time (civil-from-days, proleptic Gregorian).
fn iso8601(unix: u64) -> String {
    let days = (unix / 86_400) as i64;
    let secs = unix % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_764_237_600), "2025-11-27T10:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn profile_names_cannot_escape_the_outbox() {
        assert_eq!(safe_name("../../etc"), "______etc");
        assert_eq!(safe_name("demo-profile-c"), "demo-profile-c");
    }
}
