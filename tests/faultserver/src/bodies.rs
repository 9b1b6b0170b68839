//! The bodies the server answers with: the API's documented success bodies, Ayrshare-shaped
//! error bodies, and the echo of a request.

use serde_json::{Value, json};

use crate::http::Request;

/// The `refId` every success body carries.
pub const REF_ID: &str = "faultserver-ref-id";

/// The URLs the success answer to a listing carries.
pub const LISTED: [(&str, &str); 2] = [
    ("feed", "https://example.com/hooks/feed"),
    ("scheduled", "https://example.com/hooks/scheduled"),
];

/// The Ayrshare `code` of the error body answered with HTTP `status`: `1000 + status`, so a
/// test can tell the body's code from the HTTP status.
pub fn error_code(status: u16) -> i64 {
    1000 + i64::from(status)
}

/// The `message` of the error body answered with HTTP `status`.
pub fn error_message(status: u16) -> String {
    format!(
        "fault server: HTTP {status} {}",
        crate::http::reason(status)
    )
}

/// `{"status":"error","code":1000+status,"message":"fault server: HTTP <status> <reason>"}`.
pub(crate) fn error(status: u16) -> Vec<u8> {
    json!({
        "status": "error",
        "code": error_code(status),
        "message": error_message(status),
    })
    .to_string()
    .into_bytes()
}

/// The documented success body of the operation `request` is, echoing its `action` and `url`:
/// - `POST …/hook/webhook/secret`: `{"status":"success","action":"webhook","refId":…}`;
/// - `POST …/hook/webhook`: `{"status":"success","action":…,"url":…,"refId":…}`;
/// - `DELETE …/hook/webhook`: `{"status":"success","action":…}`;
/// - `GET …/hook/webhook`: `{"status":"success","feed":…,"scheduled":…,"updated":…}`;
/// - anything else: `{"status":"success"}`.
pub(crate) fn success(request: &Request) -> Vec<u8> {
    let sent: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let field = |name: &str, default: &str| {
        sent.get(name)
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_owned()
    };
    let path = request.path();
    let body = match request.method.as_str() {
        "POST" if path.ends_with("/hook/webhook/secret") => {
            json!({"status": "success", "action": "webhook", "refId": REF_ID})
        }
        "POST" if path.ends_with("/hook/webhook") => json!({
            "status": "success",
            "action": field("action", "feed"),
            "url": field("url", "https://example.com/hook"),
            "refId": REF_ID,
        }),
        "DELETE" if path.ends_with("/hook/webhook") => {
            json!({"status": "success", "action": field("action", "feed")})
        }
        "GET" if path.ends_with("/hook/webhook") => {
            let mut object = serde_json::Map::new();
            object.insert("status".into(), "success".into());
            for (action, url) in LISTED {
                object.insert(action.into(), url.into());
            }
            object.insert("updated".into(), "2026-01-01T00:00:00Z".into());
            Value::Object(object)
        }
        _ => json!({"status": "success"}),
    };
    body.to_string().into_bytes()
}

/// The request repeated as text, credentials first: the `Authorization` and `Profile-Key`
/// header lines, then the body, then the whole raw request.
pub(crate) fn echo_text(request: &Request) -> Vec<u8> {
    let mut out = Vec::new();
    for name in ["authorization", "profile-key"] {
        if let Some(value) = request.header(name) {
            out.extend_from_slice(format!("{name}: {value}\n").as_bytes());
        }
    }
    out.extend_from_slice(&request.body);
    out.push(b'\n');
    out.extend_from_slice(&request.raw);
    out
}

/// An Ayrshare-shaped error body for `status` whose `message` and `errors[0]` text fields all
/// hold [`echo_text`].
pub(crate) fn echo_json(status: u16, request: &Request) -> Vec<u8> {
    let text = String::from_utf8_lossy(&echo_text(request)).into_owned();
    json!({
        "status": "error",
        "code": error_code(status),
        "message": text,
        "errors": [{
            "action": text, "status": "error", "code": error_code(status),
            "message": text, "platform": text,
        }],
    })
    .to_string()
    .into_bytes()
}

/// Bytes that are not an HTTP answer.
pub(crate) const GARBAGE: &[u8] =
    b"\x00\x01\x02GARBAGE \xff\xfe this is not HTTP at all \x1b[31m\r\n\r\n\x00\x00";

/// The head of the 10 MiB `huge` body; [`HUGE_TAIL`] closes it, padding goes between.
pub(crate) const HUGE_HEAD: &[u8] = br#"{"status":"success","action":"feed","padding":""#;
/// The end of the `huge` body.
pub(crate) const HUGE_TAIL: &[u8] = br#""}"#;

/// A gzip stream (about 10 KiB) of the 10 MiB `huge` body: `HUGE_HEAD`, padding, `HUGE_TAIL`.
pub(crate) const GZIP_BOMB: &[u8] = include_bytes!("bomb.json.gz");
