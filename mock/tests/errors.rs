//! The API's error answers, as the mock gives them: exact statuses, codes and headers.

mod support;

use std::time::{Duration, Instant};

use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook};
use serde_json::json;
use support::{API_KEY, MockProcess};

fn client(mock: &MockProcess, key: &str) -> Client {
    Client::builder()
        .api_key(key)
        .base_url(&mock.base_url)
        .max_retries(0)
        .build()
        .unwrap()
}

const AUTH: (&str, &str) = ("authorization", "Bearer e2e-key");

#[test]
fn a_wrong_key_is_401_and_a_plan_without_webhooks_is_403() {
    let mock = MockProcess::start(&["--plan-without-webhooks-key", "basic-key"]);
    let err = client(&mock, "wrong-key").list_webhooks().unwrap_err();
    assert!(
        matches!(
            err,
            Error::Api {
                status: 401,
                code: Some(102),
                ..
            }
        ),
        "{err:?}"
    );
    let err = client(&mock, "basic-key")
        .register_webhook(&RegisterWebhook::new(Action::Feed, "https://example.com/h"))
        .unwrap_err();
    assert_eq!(err.status(), Some(403), "{err:?}");
    let (status, _, body) = mock.api("GET", "/hook/webhook", &[], None);
    assert_eq!((status, &body["status"]), (401, &json!("error")));
}

#[test]
fn only_listed_profile_keys_exist_once_some_are_listed() {
    let mock = MockProcess::start(&["--profile-key", "tenant-a"]);
    let client = client(&mock, API_KEY);
    assert!(
        client
            .list_webhooks_for_profile("tenant-a")
            .unwrap()
            .is_empty()
    );
    let err = client.list_webhooks_for_profile("tenant-b").unwrap_err();
    assert_eq!(err.status(), Some(403), "{err:?}");
}

#[test]
fn missing_parameters_are_400_code_101_and_change_nothing() {
    let mock = MockProcess::start(&[]);
    let json = ("content-type", "application/json");
    for (method, path, body) in [
        (
            "POST",
            "/hook/webhook",
            r#"{"url": "https://example.com/h"}"#,
        ),
        ("POST", "/hook/webhook", r#"{"action": "feed"}"#),
        (
            "POST",
            "/hook/webhook",
            r#"{"action": "nope", "url": "https://example.com/h"}"#,
        ),
        (
            "POST",
            "/hook/webhook",
            r#"{"action": "feed", "url": "http://example.com/h"}"#,
        ),
        ("POST", "/hook/webhook", "not json"),
        ("DELETE", "/hook/webhook", "{}"),
        ("POST", "/hook/webhook/secret", r#"{"secret": ""}"#),
        ("POST", "/hook/webhook/secret", "{}"),
    ] {
        let (status, _, answer) = mock.api(method, path, &[AUTH, json], Some(body));
        assert_eq!(status, 400, "{method} {path} {body}");
        assert_eq!(answer["code"], 101, "{method} {path} {body}");
        assert_eq!(answer["status"], "error");
    }
    assert!(client(&mock, API_KEY).list_webhooks().unwrap().is_empty());
}

#[test]
fn nothing_registered_is_404_and_a_wrong_method_405() {
    let mock = MockProcess::start(&[]);
    let err = client(&mock, API_KEY)
        .unregister_webhook(Action::Social)
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err:?}");
    let (status, _, _) = mock.api("PUT", "/hook/webhook", &[AUTH], Some("{}"));
    assert_eq!(status, 405);
    let (status, _, _) = mock.api("GET", "/hook/elsewhere", &[AUTH], None);
    assert_eq!(status, 404);
}

#[test]
fn the_request_budget_is_per_profile_then_429_with_rate_limit_headers() {
    let mock = MockProcess::start(&["--request-budget", "2", "--retry-after", "120"]);
    let client = client(&mock, API_KEY);
    for _ in 0..2 {
        client.list_webhooks_for_profile("busy").unwrap();
    }
    let err = client.list_webhooks_for_profile("busy").unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { retry_after: Some(d), .. } if d == Duration::from_secs(120)),
        "{err:?}"
    );
    // Another profile, and the Primary Profile, have their own budgets.
    client.list_webhooks_for_profile("quiet").unwrap();
    client.list_webhooks().unwrap();
    let (status, headers, _) = mock.api(
        "GET",
        "/hook/webhook",
        &[AUTH, ("profile-key", "busy")],
        None,
    );
    assert_eq!(status, 429);
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(header("x-ratelimit-max").as_deref(), Some("2"));
    assert_eq!(header("x-ratelimit-count").as_deref(), Some("4"));
    let counts = mock.get("requests");
    assert_eq!(counts["profiles"]["busy"]["list"], 4);
    assert_eq!(counts["profiles"]["quiet"]["total"], 1);
    assert_eq!(counts["primary"]["list"], 1);
}

#[test]
fn latency_is_added_to_each_api_request_only() {
    // Long enough that a slow spell of a busy machine cannot pass for it.
    let mock = MockProcess::start(&["--latency-ms", "1500"]);
    let client = client(&mock, API_KEY);
    client.list_webhooks().unwrap(); // connects
    let started = Instant::now();
    client.list_webhooks().unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    let started = Instant::now();
    mock.get("requests");
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
}
