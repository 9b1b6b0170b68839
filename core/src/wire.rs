//! The wire format: the JSON bodies the SDK sends, and how every answer is turned into a
//! typed value or an [`Error`]. Pure functions of bytes, so they are fuzzed directly.

use std::borrow::Cow;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::ApiErrorDetail;
use crate::secret::redact;
use crate::{Action, Error, Webhook, WebhookList};

/// One HTTP answer, fully read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The parsed `Retry-After` header, if any.
    pub retry_after: Option<Duration>,
    /// The body (at most the 1 MiB cap).
    pub body: Vec<u8>,
}

/// Body of `POST /hook/webhook`.
#[derive(Serialize)]
pub(crate) struct RegisterBody<'a> {
    pub action: &'a str,
    pub url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<&'a str>,
}

/// Body of `DELETE /hook/webhook`.
#[derive(Serialize)]
pub(crate) struct UnregisterBody<'a> {
    pub action: &'a str,
}

/// Body of `POST /hook/webhook/secret`.
#[derive(Serialize)]
pub(crate) struct RotateSecretBody<'a> {
    pub secret: &'a str,
}

/// Serialises a request body. These bodies hold only strings, so this cannot fail.
pub(crate) fn to_json(body: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(body).expect("request bodies are plain string maps")
}

/// Turns an answer into its JSON object, or the error it stands for: a non-2xx status (429
/// becomes [`Error::RateLimited`]), a 2xx whose `status` is `"error"`, or a 2xx body that is
/// not a JSON object. `secrets` are scrubbed from any server text kept in the error.
pub(crate) fn interpret(answer: &Answer, secrets: &[&str]) -> Result<Map<String, Value>, Error> {
    let parsed = serde_json::from_slice::<Value>(&answer.body);
    let success = (200..300).contains(&answer.status);
    match parsed {
        Ok(Value::Object(object)) => {
            let says_error = object.get("status").and_then(Value::as_str) == Some("error");
            if success && !says_error {
                Ok(object)
            } else {
                Err(error_from_json(answer, &object, secrets))
            }
        }
        Ok(_) if success => Err(decode_error(answer, "expected a JSON object", secrets)),
        Err(e) if success => Err(decode_error(
            answer,
            &format!("not valid JSON ({})", json_error_kind(&e)),
            secrets,
        )),
        _ => Err(error_from_non_json(answer, secrets)),
    }
}

/// Reads the answer to a registration. A missing `url` or `action` falls back to what was
/// requested (the API echoes both; the fallback keeps a terser answer usable).
pub(crate) fn decode_registration(
    answer: &Answer,
    requested_action: Action,
    requested_url: &str,
    secrets: &[&str],
) -> Result<Webhook, Error> {
    match plain_registration(answer, requested_action, requested_url) {
        Some(webhook) => Ok(webhook),
        None => decode_any_registration(answer, requested_action, requested_url, secrets),
    }
}

/// The documented registration answer: these four fields (each a string, null or absent) and
/// no other, borrowed from the body unless they hold escapes. Any other field sends the answer
/// to the general decoder: serde skips unknown fields with a laxer check than it parses them
/// (invalid UTF-8, lone surrogates, out-of-range numbers), so skipping them here could accept
/// what the general decoder refuses.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistrationFields<'a> {
    #[serde(borrow)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow)]
    action: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "refId")]
    ref_id: Option<Cow<'a, str>>,
}

/// The documented answer, a 2xx JSON object of [`RegistrationFields`] whose status is not
/// `"error"`, read without building a map of the whole body: a fifth of the instructions of
/// [`decode_any_registration`], which reads every other answer and gives the same [`Webhook`]
/// for these. `None` for every other answer.
fn plain_registration(
    answer: &Answer,
    requested_action: Action,
    requested_url: &str,
) -> Option<Webhook> {
    let first = answer.body.iter().find(|b| !b.is_ascii_whitespace());
    // serde would also read a struct from a JSON array; only an object is an answer.
    if !(200..300).contains(&answer.status) || first != Some(&b'{') {
        return None;
    }
    let fields: RegistrationFields<'_> = serde_json::from_slice(&answer.body).ok()?;
    if fields.status.as_deref() == Some("error") {
        return None;
    }
    let action = match fields.action {
        None => requested_action,
        Some(name) => Action::from_wire(&name)?,
    };
    Some(Webhook {
        status: fields
            .status
            .map_or_else(|| "success".to_owned(), Cow::into_owned),
        action,
        url: fields
            .url
            .map_or_else(|| requested_url.to_owned(), Cow::into_owned),
        ref_id: fields.ref_id.map(Cow::into_owned),
    })
}

/// [`decode_registration`] for any answer: the error it stands for, or the webhook.
///
/// A success is read leniently, since the API has succeeded: a numeric `refId` is kept as its
/// text; an `action`, `url` or `status` that is not a string (or, for `action`, not a known
/// action's name) falls back to what was requested (or `"success"`); a `refId` of another type
/// is absent; other fields are not read.
pub(crate) fn decode_any_registration(
    answer: &Answer,
    requested_action: Action,
    requested_url: &str,
    secrets: &[&str],
) -> Result<Webhook, Error> {
    let object = interpret(answer, secrets)?;
    let action = object
        .get("action")
        .and_then(Value::as_str)
        .and_then(Action::from_wire)
        .unwrap_or(requested_action);
    let text = |field: &str| object.get(field).and_then(Value::as_str).map(str::to_owned);
    Ok(Webhook {
        status: text("status").unwrap_or_else(|| "success".to_owned()),
        action,
        url: text("url").unwrap_or_else(|| requested_url.to_owned()),
        ref_id: match object.get("refId") {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        },
    })
}

/// Reads the answer to a listing: every known action key with a string value. Other keys
/// (`status`, `updated`, `<action>Updated`, ...) are left in the raw answer only; the exact
/// list shape is *unconfirmed* in Ayrshare's documentation, so it is read leniently.
pub(crate) fn decode_list(answer: &Answer, secrets: &[&str]) -> Result<WebhookList, Error> {
    let object = interpret(answer, secrets)?;
    let entries = Action::ALL
        .into_iter()
        .filter_map(|action| {
            let url = object.get(action.as_str())?.as_str()?;
            Some((action, url.to_owned()))
        })
        .collect();
    Ok(WebhookList {
        entries,
        raw: Value::Object(object),
    })
}

/// Reads an answer whose content is not used (unregister, rotate): success or error only. A
/// 2xx with an empty body (a 204, say) is a success.
pub(crate) fn decode_acknowledgement(answer: &Answer, secrets: &[&str]) -> Result<(), Error> {
    if (200..300).contains(&answer.status) && answer.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    interpret(answer, secrets).map(drop)
}

fn error_from_json(answer: &Answer, object: &Map<String, Value>, secrets: &[&str]) -> Error {
    let details: Vec<ApiErrorDetail> = object
        .get("errors")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .take(MAX_DETAILS)
                .filter_map(|item| detail(item, secrets))
                .collect()
        })
        .unwrap_or_default();
    let code = object.get("code").and_then(json_integer);
    let message = object
        .get("message")
        .and_then(Value::as_str)
        .map(|m| server_text(m, secrets))
        .or_else(|| details.iter().find_map(|d| d.message.clone()))
        .unwrap_or_else(|| status_text(answer.status).to_owned());
    if answer.status == 429 {
        return Error::RateLimited {
            retry_after: answer.retry_after,
            code,
            message,
        };
    }
    Error::Api {
        status: answer.status,
        code,
        message,
        details,
        retry_after: answer.retry_after,
    }
}

fn error_from_non_json(answer: &Answer, secrets: &[&str]) -> Error {
    let mut message = status_text(answer.status).to_owned();
    if !answer.body.is_empty() {
        message.push_str(&format!(
            " (non-JSON body starting with \"{}\")",
            snippet(&answer.body, secrets)
        ));
    }
    if answer.status == 429 {
        return Error::RateLimited {
            retry_after: answer.retry_after,
            code: None,
            message,
        };
    }
    Error::Api {
        status: answer.status,
        code: None,
        message,
        details: Vec::new(),
        retry_after: answer.retry_after,
    }
}

fn detail(item: &Value, secrets: &[&str]) -> Option<ApiErrorDetail> {
    let object = item.as_object()?;
    let text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .map(|s| server_text(s, secrets))
    };
    Some(ApiErrorDetail {
        action: text("action"),
        status: text("status"),
        code: object.get("code").and_then(json_integer),
        message: text("message"),
        platform: text("platform"),
    })
}

/// Most entries of an error body's `errors` array kept in an [`Error::Api`].
const MAX_DETAILS: usize = 50;
/// Longest server-supplied text kept in an error, in characters.
const MAX_SERVER_TEXT_CHARS: usize = 500;

/// Server-supplied text as kept in an error: credentials removed first, then cut to
/// [`MAX_SERVER_TEXT_CHARS`] so a huge message cannot become a huge `Display`.
fn server_text(text: &str, secrets: &[&str]) -> String {
    let clean = redact(text, secrets);
    match clean.char_indices().nth(MAX_SERVER_TEXT_CHARS) {
        Some((cut, _)) => format!("{}…", &clean[..cut]),
        None => clean,
    }
}

/// An integer from a JSON number or a numeric string (`102` or `"102"`).
pub(crate) fn json_integer(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Names a JSON parse failure's category in words.
pub(crate) fn json_error_kind(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Io => "read error",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Eof => "truncated",
    }
}

/// Builds an [`Error::Decode`] for `answer`.
pub(crate) fn decode_error(answer: &Answer, reason: &str, secrets: &[&str]) -> Error {
    Error::Decode {
        status: Some(answer.status),
        reason: reason.to_owned(),
        snippet: snippet(&answer.body, secrets),
    }
}

/// The start of a body for an error message: credentials removed first (so a cut cannot leave
/// half a key behind), then cut to 64 characters, control characters escaped.
pub(crate) fn snippet(body: &[u8], secrets: &[&str]) -> String {
    const MAX_CHARS: usize = 64;
    let head = &body[..body.len().min(4096)];
    let text = redact(&String::from_utf8_lossy(head), secrets);
    let mut out = String::new();
    for c in text.chars().take(MAX_CHARS) {
        if c == '"' || c == '\\' || c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if text.chars().nth(MAX_CHARS).is_some() {
        out.push('…');
    }
    out
}

fn status_text(status: u16) -> &'static str {
    match status {
        400 => "HTTP 400 Bad Request",
        401 => "HTTP 401 Unauthorized",
        402 => "HTTP 402 Payment Required",
        403 => "HTTP 403 Forbidden",
        404 => "HTTP 404 Not Found",
        405 => "HTTP 405 Method Not Allowed",
        408 => "HTTP 408 Request Timeout",
        429 => "HTTP 429 Too Many Requests",
        500 => "HTTP 500 Internal Server Error",
        502 => "HTTP 502 Bad Gateway",
        503 => "HTTP 503 Service Unavailable",
        504 => "HTTP 504 Gateway Timeout",
        200..=299 => "the API reported an error",
        300..=399 => "unexpected redirect (redirects are not followed)",
        _ => "unexpected HTTP status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn plain_registrations_read_as_the_general_decoder_reads_them() {
        let general =
            |a: &Answer| decode_any_registration(a, Action::Feed, "https://req.test/h", &["KEY"]);
        for body in [
            r#"{"status":"success","action":"scheduled","url":"https://x.test/h","refId":"r1"}"#,
            r#" {"action":"messages","refId":"r\u00e9f"} "#,
            r#"{"status":null,"action":null,"url":null,"refId":null}"#,
            r#"{}"#,
            r#"{"url":"https:\/\/esc.test\/h\n","status":"pending"}"#,
        ] {
            let a = answer(200, body);
            let plain = plain_registration(&a, Action::Feed, "https://req.test/h");
            assert_eq!(plain.as_ref(), general(&a).as_ref().ok(), "{body}");
            assert!(plain.is_some(), "{body}");
        }
        // Everything else is left to the general decoder.
        for (status, body) in [
            (200, r#"{"status":"error","code":1}"#),
            (200, r#"["success","feed","https://x.test/h","r1"]"#),
            (200, r#"{"action":"nonsense"}"#),
            (200, r#"{"refId":7}"#),
            (200, r#"{"url":"a","url":"b"}"#),
            // Other fields, even valid ones, are the general decoder's.
            (200, r#"{"status":"success","created":"2026-11-27"}"#),
            (200, "{\"ss\":\"s\\t\u{fffd}d\"}"),
            (200, r#"{"status":"success","created":1e400}"#),
            (200, r#"{"status":"success","x":"\ud800"}"#),
            (200, r#"{"status":"success"} trailing"#),
            (200, "not json"),
            (400, r#"{"status":"success"}"#),
        ] {
            let a = answer(status, body);
            assert_eq!(
                plain_registration(&a, Action::Feed, "https://req.test/h"),
                None,
                "{body}"
            );
        }
    }

    #[test]
    fn register_body_omits_absent_secret() {
        let body = RegisterBody {
            action: "feed",
            url: "https://x.test/h",
            secret: None,
        };
        assert_eq!(
            to_json(&body),
            br#"{"action":"feed","url":"https://x.test/h"}"#
        );
    }

    #[test]
    fn snippet_is_short_escaped_and_scrubbed() {
        let body = format!("<html>\n{}KEY123{}", "x".repeat(10), "y".repeat(100));
        let s = snippet(body.as_bytes(), &["KEY123"]);
        assert!(s.starts_with("<html>\\n"));
        assert!(s.contains("[redacted]"));
        assert!(!s.contains("KEY123"));
        assert!(s.ends_with('…'));
        assert_eq!(s.chars().count(), 64 + 1 + 1);
    }

    #[test]
    fn server_text_is_capped() {
        let body = serde_json::json!({
            "status": "error",
            "message": "m".repeat(1_000_000),
            "errors": vec![serde_json::json!({"message": "x"}); 10_000],
        })
        .to_string();
        let Error::Api {
            message, details, ..
        } = interpret(&answer(400, &body), &[]).unwrap_err()
        else {
            panic!("expected an API error")
        };
        assert_eq!(message.chars().count(), MAX_SERVER_TEXT_CHARS + 1);
        assert!(message.ends_with('…'));
        assert_eq!(details.len(), MAX_DETAILS);
    }

    #[test]
    fn success_with_error_status_is_an_api_error() {
        let err = interpret(
            &answer(200, r#"{"status":"error","code":"272","message":"no"}"#),
            &[],
        )
        .unwrap_err();
        assert_eq!(err.status(), Some(200));
        assert_eq!(err.api_code(), Some(272));
    }

    #[test]
    fn message_falls_back_to_first_detail() {
        let err = interpret(
            &answer(
                400,
                r#"{"status":"error","errors":[{"action":"post","status":"error","code":1,"message":"first","platform":"x"}]}"#,
            ),
            &[],
        )
        .unwrap_err();
        let Error::Api {
            message, details, ..
        } = err
        else {
            panic!("{err:?}")
        };
        assert_eq!(message, "first");
        assert_eq!(details.len(), 1);
        assert_eq!(details[0].platform.as_deref(), Some("x"));
    }

    #[test]
    fn a_success_with_odd_field_types_is_still_a_success() {
        let decode = |body: &str| {
            decode_registration(&answer(200, body), Action::Feed, "https://x.test/", &[]).unwrap()
        };
        let hook = decode(r#"{"status":"success","url":5,"refId":12345,"extra":{"a":[1]}}"#);
        assert_eq!(hook.url, "https://x.test/");
        assert_eq!(hook.ref_id.as_deref(), Some("12345"));
        assert_eq!(hook.status, "success");
        let hook = decode(r#"{"status":"success","action":"notAnAction","refId":[1]}"#);
        assert_eq!((hook.action, hook.ref_id), (Action::Feed, None));
        let hook = decode(r#"{"status":7,"action":3}"#);
        assert_eq!(
            (hook.status.as_str(), hook.action),
            ("success", Action::Feed)
        );
    }

    #[test]
    fn an_empty_success_acknowledges() {
        assert_eq!(decode_acknowledgement(&answer(204, ""), &[]), Ok(()));
        assert_eq!(decode_acknowledgement(&answer(200, " \n"), &[]), Ok(()));
        assert!(decode_acknowledgement(&answer(500, ""), &[]).is_err());
        assert!(decode_acknowledgement(&answer(200, "<html>"), &[]).is_err());
    }
}
