//! Secret hygiene: with distinctive API key, profile key and webhook secret values, every
//! error path (invalid input of each field, every API error status, 429, timeout, refused
//! connection, non-HTTP answers, decode errors from bodies that echo the request, signature
//! failures) and every `Debug`/`Display` of the public types is collected, and none of it
//! holds any of those values, nor any 8-byte piece of one.

mod faultkit;

use std::fmt::{Debug, Display};
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use ayrshare_faultserver::{FaultServer, closed_base_url};
use ayrshare_webhooks::{
    Action, Client, DeliveryHeaders, Error, RegisterWebhook, Verifier, parse_delivery,
    verify_signature,
};

const API_KEY: &str = "AKq7Zr2Wx9Lm4Tn8Vb3Hy6Jd";
const PROFILE_KEY: &str = "PKe5Gt1Rw7Yu3Io9Pa2Sd4Fg";
const CALL_PROFILE_KEY: &str = "CPr4Ty8Ui2Op6As0Df3Gh7J";
const SECRET: &str = "SCz8Xc6Vb4Nm2Qw0Er5Ty7Ui";
const NEW_SECRET: &str = "NSa1Sd3Fg5Hj7Kl9Zx2Cv4Bn";
const VALUES: [&str; 5] = [API_KEY, PROFILE_KEY, CALL_PROFILE_KEY, SECRET, NEW_SECRET];

/// Everything shown to a user, labelled by where it came from.
#[derive(Default)]
struct Shown(Vec<(String, String)>);

impl Shown {
    fn debug(&mut self, label: &str, value: &impl Debug) {
        self.0
            .push((format!("{label} (Debug)"), format!("{value:?}")));
        self.0
            .push((format!("{label} (pretty Debug)"), format!("{value:#?}")));
    }

    fn both(&mut self, label: &str, value: &(impl Debug + Display)) {
        self.debug(label, value);
        self.0
            .push((format!("{label} (Display)"), value.to_string()));
    }

    fn error<T: Debug>(&mut self, label: &str, result: Result<T, Error>) -> Error {
        let error = result.expect_err(label);
        self.both(label, &error);
        error
    }

    /// Asserts that no text holds any value in `values`, nor any 8-byte window of one.
    fn assert_clean(&self, values: &[&str]) {
        let mut leaks = Vec::new();
        for value in values {
            let windows: Vec<&str> = (0..=value.len().saturating_sub(8))
                .filter_map(|i| value.get(i..i + 8))
                .collect();
            for (label, text) in &self.0 {
                if let Some(piece) = windows.iter().find(|w| text.contains(*w)) {
                    leaks.push(format!("{label}: holds {piece:?} of a secret: {text}"));
                }
            }
        }
        assert!(leaks.is_empty(), "{}", leaks.join("\n"));
        assert!(self.0.len() > 100, "only {} texts collected", self.0.len());
    }
}

fn client_for(base_url: &str, timeout: Duration) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .profile_key(PROFILE_KEY)
        .base_url(base_url)
        .timeout(timeout)
        .connect_timeout(timeout)
        .max_retries(0)
        .build()
        .expect("valid client")
}

fn registration() -> RegisterWebhook {
    RegisterWebhook::new(Action::Scheduled, "https://example.com/hooks/ayrshare").secret(SECRET)
}

/// Every operation once against `script`, each failing; all errors collected.
fn every_operation_fails(shown: &mut Shown, script: &str, timeout: Duration) {
    let server = FaultServer::start(script);
    let client = client_for(&server.base_url(), timeout);
    let label = |op: &str| format!("{script} {op}");
    shown.error(&label("register"), client.register_webhook(&registration()));
    shown.error(
        &label("register per-call profile"),
        client.register_webhook(&registration().profile_key(CALL_PROFILE_KEY)),
    );
    shown.error(&label("list"), client.list_webhooks());
    shown.error(
        &label("list per-call profile"),
        client.list_webhooks_for_profile(CALL_PROFILE_KEY),
    );
    shown.error(
        &label("unregister per-call profile"),
        client.unregister_webhook_for_profile(Action::Feed, CALL_PROFILE_KEY),
    );
    shown.error(&label("rotate"), client.rotate_webhook_secret(NEW_SECRET));
    shown.error(
        &label("rotate per-call profile"),
        client.rotate_webhook_secret_for_profile(NEW_SECRET, CALL_PROFILE_KEY),
    );
}

fn invalid_inputs(shown: &mut Shown, base_url: &str) {
    let long = |value: &str| value.repeat(50);
    for (label, key) in [
        ("api key with a space", format!("{API_KEY} x")),
        ("api key with CRLF", format!("{API_KEY}\r\nX: y")),
        ("api key too long", long(API_KEY)),
    ] {
        let err = shown.error(label, Client::new(key));
        assert_eq!(err.invalid_field(), Some("api_key"));
    }
    let builder = Client::builder().api_key(API_KEY).base_url(base_url);
    for (label, key) in [
        ("profile key with a tab", format!("{PROFILE_KEY}\tx")),
        ("profile key too long", long(PROFILE_KEY)),
    ] {
        let err = shown.error(label, builder.clone().profile_key(key.clone()).build());
        assert_eq!(err.invalid_field(), Some("profile_key"));
        let client = client_for(base_url, Duration::from_secs(1));
        shown.error(label, client.with_profile_key(&key));
        shown.error(label, client.list_webhooks_for_profile(&key));
        shown.error(
            label,
            client.unregister_webhook_for_profile(Action::Feed, &key),
        );
        shown.error(
            label,
            client.rotate_webhook_secret_for_profile(NEW_SECRET, &key),
        );
        shown.error(
            label,
            client.register_webhook(&registration().profile_key(key.clone())),
        );
    }
    let client = client_for(base_url, Duration::from_secs(1));
    for (label, secret) in [
        ("secret with LF", format!("{SECRET}\n")),
        ("secret with DEL", format!("{SECRET}\u{7f}")),
        ("secret too long", long(SECRET)),
    ] {
        let err = shown.error(
            label,
            client.register_webhook(&registration().secret(secret.clone())),
        );
        assert_eq!(err.invalid_field(), Some("secret"));
        shown.error(label, client.rotate_webhook_secret(&secret));
    }
    shown.error("empty verifier secret", Verifier::new(""));
    for (label, url) in [
        ("http url", format!("http://example.com/{SECRET}")),
        ("url with a space", format!("https://example.com/ {SECRET}")),
        (
            "url with credentials",
            format!("https://u:{SECRET}@example.com/"),
        ),
        (
            "url too long",
            format!("https://example.com/{}", SECRET.repeat(100)),
        ),
    ] {
        let err = shown.error(
            label,
            client.register_webhook(&RegisterWebhook::new(Action::Feed, url).secret(SECRET)),
        );
        assert_eq!(err.invalid_field(), Some("url"));
    }
    shown.error("unknown action", Action::from_str("Feed"));
    for (label, result) in [
        (
            "remote http base url",
            builder.clone().base_url("http://example.com/api").build(),
        ),
        (
            "base url with credentials",
            builder
                .clone()
                .base_url(format!("https://u:{SECRET}@example.com/api"))
                .build(),
        ),
        (
            "zero timeout",
            builder.clone().timeout(Duration::ZERO).build(),
        ),
        (
            "zero connect timeout",
            builder.clone().connect_timeout(Duration::ZERO).build(),
        ),
        ("too many retries", builder.clone().max_retries(11).build()),
        (
            "bad user agent suffix",
            builder.clone().user_agent_suffix("a\r\nb").build(),
        ),
    ] {
        shown.error(label, result);
    }
}

fn signature_failures(shown: &mut Shown) {
    let body = br#"{"action":"scheduled","status":"success"}"#;
    let verifier = Verifier::new(SECRET).expect("verifier");
    shown.debug("verifier", &verifier);
    shown.debug(
        "verifier without timestamp",
        &verifier.clone().without_timestamp_check(),
    );
    let now = SystemTime::now();
    let zeros = "0".repeat(64);
    let v2 = format!("v1={zeros},v1=zz");
    for (label, headers) in [
        ("missing signature", DeliveryHeaders::default()),
        (
            "malformed signature",
            DeliveryHeaders {
                signature: Some("zz"),
                ..Default::default()
            },
        ),
        (
            "wrong signature",
            DeliveryHeaders {
                signature: Some(&zeros),
                ..Default::default()
            },
        ),
        (
            "wrong rotation signatures",
            DeliveryHeaders {
                signature_v2: Some(&v2),
                ..Default::default()
            },
        ),
    ] {
        let err = verifier
            .verify_headers(&headers, body, now)
            .expect_err(label);
        shown.both(label, &err);
        shown.debug(label, &headers);
    }
    for (label, signature) in [
        ("hex", zeros.as_str()),
        ("empty", ""),
        ("junk", "not a signature"),
    ] {
        let err = verify_signature(SECRET.as_bytes(), body, signature).expect_err(label);
        shown.both(label, &err);
    }
    let err = verify_signature(b"", body, &zeros).expect_err("empty secret");
    shown.both("empty secret", &err);
    let err = parse_delivery(SECRET.as_bytes()).expect_err("not a delivery");
    // A delivery body is the caller's own data, so it may be quoted; only check it is short.
    assert!(err.to_string().len() < 300, "{err}");
}

fn well_formed_values(shown: &mut Shown, base_url: &str) {
    let builder = Client::builder()
        .api_key(API_KEY)
        .profile_key(PROFILE_KEY)
        .base_url(base_url)
        .user_agent_suffix("hygiene/1");
    shown.debug("builder", &builder);
    let client = builder.build().expect("client");
    shown.debug("client", &client);
    shown.debug(
        "client per profile",
        &client.with_profile_key(CALL_PROFILE_KEY).expect("profile"),
    );
    shown.debug("request", &registration().profile_key(CALL_PROFILE_KEY));
    shown.debug("request clone", &registration().clone());
    shown.debug(
        "webhook",
        &client.register_webhook(&registration()).expect("register"),
    );
    shown.debug("list", &client.list_webhooks().expect("list"));
}

#[test]
fn no_key_or_secret_appears_in_any_message() {
    let mut shown = Shown::default();
    let ok_server = FaultServer::start("200");
    invalid_inputs(&mut shown, &ok_server.base_url());
    well_formed_values(&mut shown, &ok_server.base_url());
    assert_eq!(
        ok_server.requests(),
        2,
        "only the two well-formed calls are sent"
    );

    let quick = Duration::from_secs(2);
    for status in [
        400, 401, 402, 403, 404, 405, 408, 409, 422, 429, 500, 502, 503, 504,
    ] {
        every_operation_fails(&mut shown, &format!("echo-json:{status}"), quick);
        every_operation_fails(&mut shown, &format!("echo:{status}"), quick);
    }
    for script in [
        "echo-json:200", // a 2xx whose JSON says "error", message echoing the request
        "echo:200",      // a 2xx that is not JSON: a decode error quoting the body's start
        "mirror",
        "garbage",
        "reset",
        "close",
        "truncated",
        "429",
        "429:3600",
        "huge",
    ] {
        every_operation_fails(&mut shown, script, quick);
    }
    every_operation_fails(&mut shown, "silent", Duration::from_millis(300));
    let refused = client_for(&closed_base_url(), quick);
    shown.error("refused", refused.register_webhook(&registration()));
    signature_failures(&mut shown);

    shown.assert_clean(&VALUES);
    let scrubbed = shown
        .0
        .iter()
        .filter(|(_, t)| t.contains("[redacted]"))
        .count();
    assert!(
        scrubbed > 100,
        "the echoes reached only {scrubbed} messages"
    );
}

/// Keys and secrets holding characters that JSON and `Debug` escape (`"`, `\`): a server
/// echoing the JSON request body sends them back escaped, and that form must not leak either.
#[test]
fn escaped_forms_of_keys_and_secrets_do_not_appear() {
    let api_key = r#"AK"q7Zr\2Wx9"#;
    let secret = r#"SC"z8X\c6Vb/4"#;
    let mut shown = Shown::default();
    for script in ["echo-json:400", "echo:400", "echo:200", "mirror"] {
        let server = FaultServer::start(script);
        let client = Client::builder()
            .api_key(api_key)
            .base_url(server.base_url())
            .max_retries(0)
            .build()
            .expect("client");
        shown.error(
            script,
            client.register_webhook(
                &RegisterWebhook::new(Action::Feed, "https://example.com/h").secret(secret),
            ),
        );
        shown.error(script, client.rotate_webhook_secret(secret));
        shown.debug(script, &client);
    }
    let mut forms = Vec::new();
    for value in [api_key, secret] {
        forms.push(value.to_owned());
        forms.push(
            serde_json::to_string(value)
                .unwrap()
                .trim_matches('"')
                .to_owned(),
        );
        forms.push(format!("{value:?}").trim_matches('"').to_owned());
    }
    let leaks: Vec<String> = shown
        .0
        .iter()
        .filter_map(|(label, text)| {
            let form = forms.iter().find(|f| text.contains(f.as_str()))?;
            Some(format!("{label}: holds {form:?}: {text}"))
        })
        .collect();
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}
