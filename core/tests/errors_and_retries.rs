//! How each kind of failed answer becomes a typed error, and which ones are retried.

mod support;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook};
use support::{API_KEY, HOOK_PATH, client, client_with_retries, error_body, server};

fn register(client: &Client) -> Result<ayrshare_webhooks::Webhook, Error> {
    client.register_webhook(
        &RegisterWebhook::new(Action::Scheduled, "https://mysite.com/hook").secret("s3cret"),
    )
}

#[test]
fn client_errors_are_typed_and_never_retried() {
    for (status, code, message) in [
        (400, 101, "Missing or incorrect parameters"),
        (401, 102, "API Key not valid"),
        (402, 103, "Payment required"),
        (403, 169, "Profile suspended or plan without webhooks"),
        (404, 181, "Webhook not found"),
        (405, 199, "Method not allowed"),
    ] {
        let mut server = server();
        let mock = server
            .mock("POST", HOOK_PATH)
            .with_status(status)
            .with_body(error_body(code, message))
            .expect(1)
            .create();
        let err = register(&client_with_retries(&server, 2)).unwrap_err();
        mock.assert();
        match &err {
            Error::Api {
                status: got_status,
                code: got_code,
                message: got_message,
                ..
            } => {
                assert_eq!(*got_status, status as u16);
                assert_eq!(*got_code, Some(code));
                assert_eq!(got_message, message);
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(err.status(), Some(status as u16));
        assert_eq!(err.api_code(), Some(code));
        assert!(!err.is_retryable());
    }
}

#[test]
fn success_status_with_error_body_is_an_api_error() {
    let mut server = server();
    let mock = server
        .mock("POST", HOOK_PATH)
        .with_status(200)
        .with_body(error_body(272, "Webhook URL is not valid"))
        .expect(1)
        .create();
    let err = register(&client_with_retries(&server, 2)).unwrap_err();
    mock.assert();
    assert_eq!(err.status(), Some(200));
    assert_eq!(err.api_code(), Some(272));
    assert_eq!(
        err.to_string(),
        "Ayrshare API error (HTTP 200, code 272): Webhook URL is not valid"
    );
}

#[test]
fn error_details_are_kept() {
    let mut server = server();
    server
        .mock("POST", HOOK_PATH)
        .with_status(400)
        .with_body(
            r#"{"status":"error","code":101,"message":"bad","errors":[
                {"action":"webhook","status":"error","code":272,"message":"bad url","platform":null}]}"#,
        )
        .create();
    let Error::Api { details, .. } = register(&client(&server)).unwrap_err() else {
        panic!("expected an API error")
    };
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].code, Some(272));
    assert_eq!(details[0].message.as_deref(), Some("bad url"));
    assert_eq!(details[0].action.as_deref(), Some("webhook"));
    assert_eq!(details[0].platform, None);
}

#[test]
fn html_502_is_an_api_error_with_a_short_snippet_and_is_retried() {
    let mut server = server();
    let html = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(5000)
    );
    let mock = server
        .mock("POST", HOOK_PATH)
        .with_status(502)
        .with_header("content-type", "text/html")
        .with_body(html)
        .expect(2)
        .create();
    let err = register(&client_with_retries(&server, 1)).unwrap_err();
    mock.assert();
    let Error::Api {
        status,
        code,
        message,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((*status, *code), (502, None));
    assert!(
        message.starts_with("HTTP 502 Bad Gateway (non-JSON body starting with \"<html><head>"),
        "{message}"
    );
    assert!(message.len() < 200, "{message}");
    assert!(err.is_retryable());
}

#[test]
fn non_json_success_is_a_decode_error() {
    for body in ["<html>ok</html>", "[1,2]", "", "{\"status\":\"succ"] {
        let mut server = server();
        let mock = server
            .mock("POST", HOOK_PATH)
            .with_status(200)
            .with_body(body)
            .expect(1)
            .create();
        let err = register(&client_with_retries(&server, 2)).unwrap_err();
        mock.assert();
        assert!(
            matches!(
                &err,
                Error::Decode {
                    status: Some(200),
                    ..
                }
            ),
            "{body}: {err:?}"
        );
        assert!(!err.is_retryable());
    }
}

#[test]
fn a_success_with_odd_field_types_is_a_success() {
    let mut server = server();
    server
        .mock("POST", HOOK_PATH)
        .with_body(r#"{"status":"success","action":"scheduled","url":["x"],"refId":987}"#)
        .create();
    let hook = register(&client(&server)).unwrap();
    assert_eq!(hook.url, "https://mysite.com/hook");
    assert_eq!(hook.ref_id.as_deref(), Some("987"));
}

#[test]
fn an_empty_2xx_to_unregister_or_rotate_is_a_success() {
    let mut server = server();
    server.mock("DELETE", HOOK_PATH).with_status(204).create();
    server
        .mock("POST", "/api/hook/webhook/secret")
        .with_status(200)
        .with_body("")
        .create();
    let client = client(&server);
    client.unregister_webhook(Action::Feed).unwrap();
    client.rotate_webhook_secret("new-secret").unwrap();
}

#[test]
fn server_errors_are_retried_until_success() {
    let mut server = server();
    let failing = server
        .mock("POST", HOOK_PATH)
        .with_status(503)
        .expect(2)
        .create();
    let success = server
        .mock("POST", HOOK_PATH)
        .with_body(r#"{"status":"success","action":"scheduled","url":"https://mysite.com/hook"}"#)
        .expect(1)
        .create();
    let hook = register(&client_with_retries(&server, 2)).unwrap();
    failing.assert();
    success.assert();
    assert_eq!(hook.action, Action::Scheduled);
}

#[test]
fn server_errors_stop_after_max_retries() {
    for status in [500, 503, 504, 408] {
        let mut server = server();
        let mock = server
            .mock("GET", HOOK_PATH)
            .with_status(status)
            .with_header("retry-after", "0")
            .expect(3)
            .create();
        let err = client_with_retries(&server, 2).list_webhooks().unwrap_err();
        mock.assert();
        assert_eq!(err.status(), Some(status as u16), "{err:?}");
    }
}

#[test]
fn rate_limit_without_retry_after_returns_at_once() {
    let mut server = server();
    let mock = server
        .mock("POST", HOOK_PATH)
        .with_status(429)
        .with_body(error_body(429, "Too many requests"))
        .expect(1)
        .create();
    let err = register(&client_with_retries(&server, 2)).unwrap_err();
    mock.assert();
    match err {
        Error::RateLimited {
            retry_after,
            code,
            message,
            ..
        } => {
            assert_eq!(retry_after, None);
            assert_eq!(code, Some(429));
            assert_eq!(message, "Too many requests");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rate_limit_with_a_long_retry_after_returns_at_once_with_the_wait() {
    let mut server = server();
    let mock = server
        .mock("POST", HOOK_PATH)
        .with_status(429)
        .with_header("retry-after", "3600")
        .expect(1)
        .create();
    let started = Instant::now();
    let err = register(&client_with_retries(&server, 2)).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    mock.assert();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert!(matches!(err, Error::RateLimited { .. }));
    assert!(err.is_retryable());
}

#[test]
fn rate_limit_with_a_short_retry_after_waits_and_retries() {
    let mut server = server();
    let limited = server
        .mock("POST", HOOK_PATH)
        .with_status(429)
        .with_header("retry-after", "1")
        .expect(1)
        .create();
    let success = server
        .mock("POST", HOOK_PATH)
        .with_body(r#"{"status":"success"}"#)
        .expect(1)
        .create();
    let started = Instant::now();
    register(&client_with_retries(&server, 2)).unwrap();
    let waited = started.elapsed();
    limited.assert();
    success.assert();
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[test]
fn redirects_are_not_followed() {
    let mut server = server();
    let mock = server
        .mock("GET", HOOK_PATH)
        .with_status(302)
        .with_header("location", "https://elsewhere.test/steal")
        .expect(1)
        .create();
    let err = client_with_retries(&server, 2).list_webhooks().unwrap_err();
    mock.assert();
    assert_eq!(err.status(), Some(302));
}

#[test]
fn server_text_never_carries_credentials_into_errors() {
    let mut server = server();
    server
        .mock("POST", HOOK_PATH)
        .with_status(400)
        .with_body(error_body(
            101,
            &format!("bad key {API_KEY}, profile PROFILE-SECRET-KEY, secret s3cret"),
        ))
        .create();
    let client = client(&server)
        .with_profile_key("PROFILE-SECRET-KEY")
        .unwrap();
    let err = register(&client).unwrap_err();
    let shown = format!("{err} {err:?}");
    for secret in [API_KEY, "PROFILE-SECRET-KEY", "s3cret"] {
        assert!(!shown.contains(secret), "{secret} leaked in {shown}");
    }
    assert!(shown.contains("[redacted]"));
}

#[test]
fn a_silent_server_times_out_on_every_attempt() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::thread::spawn(move || {
        let mut held = vec![];
        for _ in 0..2 {
            held.push(listener.accept().unwrap().0);
        }
        std::thread::sleep(Duration::from_secs(2));
        held.len()
    });
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://127.0.0.1:{port}/api"))
        .timeout(Duration::from_millis(300))
        .max_retries(1)
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.list_webhooks().unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err, Error::Timeout { attempts: 2 });
    assert!(err.is_retryable());
    // Two 300 ms attempts and one backoff of at most 500 ms: 1.1 s, with 1.5 s to spare for a
    // busy machine (a third attempt, or one not bounded by its timeout, would take far longer).
    assert!(elapsed < Duration::from_millis(2600), "{elapsed:?}");
    assert_eq!(accepted.join().unwrap(), 2);
}

#[test]
fn a_closed_port_is_a_connection_error_after_every_attempt() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://127.0.0.1:{port}/api"))
        .max_retries(1)
        .build()
        .unwrap();
    let err = client.list_webhooks().unwrap_err();
    match &err {
        Error::Connection { reason, attempts } => {
            assert_eq!(*attempts, 2);
            assert!(reason.contains("refused"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), None);
}
