//! The exact request each operation puts on the wire, and how each answer is read.

mod support;

use ayrshare_webhooks::{Action, RegisterWebhook};
use mockito::Matcher;
use support::{API_KEY, HOOK_PATH, client, server};

const REGISTERED: &str = r#"{"status":"success","action":"scheduled","url":"https://mysite.com/hook","refId":"3dc079614bdc3f281d9"}"#;

#[test]
fn register_sends_action_url_and_secret() {
    let mut server = server();
    let mock = server
        .mock("POST", HOOK_PATH)
        .match_header("authorization", format!("Bearer {API_KEY}").as_str())
        .match_header("content-type", "application/json")
        .match_header("accept", "application/json")
        .match_header("profile-key", Matcher::Missing)
        .match_header(
            "user-agent",
            Matcher::Regex(r"^ayrshare-webhooks-rust/\d+\.\d+\.\d+$".into()),
        )
        .match_body(r#"{"action":"scheduled","url":"https://mysite.com/hook","secret":"s3cret"}"#)
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(REGISTERED)
        .expect(1)
        .create();

    let hook = client(&server)
        .register_webhook(
            &RegisterWebhook::new(Action::Scheduled, "https://mysite.com/hook").secret("s3cret"),
        )
        .unwrap();

    mock.assert();
    assert_eq!(hook.status, "success");
    assert_eq!(hook.action, Action::Scheduled);
    assert_eq!(hook.url, "https://mysite.com/hook");
    assert_eq!(hook.ref_id.as_deref(), Some("3dc079614bdc3f281d9"));
}

#[test]
fn register_without_secret_omits_the_field() {
    let mut server = server();
    let mock = server
        .mock("POST", HOOK_PATH)
        .match_body(r#"{"action":"feed","url":"https://mysite.com/feed"}"#)
        .with_body(r#"{"status":"success","action":"feed","url":"https://mysite.com/feed"}"#)
        .expect(1)
        .create();

    let hook = client(&server)
        .register_webhook(&RegisterWebhook::new(
            Action::Feed,
            "https://mysite.com/feed",
        ))
        .unwrap();

    mock.assert();
    assert_eq!(hook.ref_id, None);
}

#[test]
#[allow(deprecated)]
fn register_deprecated_account_activity_is_still_sent() {
    let mut server = server();
    let mock = server
        .mock("POST", HOOK_PATH)
        .match_body(r#"{"action":"accountActivity","url":"https://mysite.com/a"}"#)
        .with_body(
            r#"{"status":"success","action":"accountActivity","url":"https://mysite.com/a"}"#,
        )
        .create();
    let hook = client(&server)
        .register_webhook(&RegisterWebhook::new(
            Action::AccountActivity,
            "https://mysite.com/a",
        ))
        .unwrap();
    mock.assert();
    assert_eq!(hook.action, Action::AccountActivity);
}

#[test]
fn profile_key_is_sent_from_client_or_call() {
    let mut server = server();
    let from_client = server
        .mock("POST", HOOK_PATH)
        .match_header("profile-key", "CLIENT-PROFILE")
        .with_body(REGISTERED)
        .expect(1)
        .create();
    let from_call = server
        .mock("POST", HOOK_PATH)
        .match_header("profile-key", "CALL-PROFILE")
        .with_body(REGISTERED)
        .expect(1)
        .create();

    let client = client(&server).with_profile_key("CLIENT-PROFILE").unwrap();
    let request = RegisterWebhook::new(Action::Scheduled, "https://mysite.com/hook");
    client.register_webhook(&request).unwrap();
    client
        .register_webhook(&request.clone().profile_key("CALL-PROFILE"))
        .unwrap();

    from_client.assert();
    from_call.assert();
}

#[test]
fn unregister_sends_delete_with_action() {
    let mut server = server();
    let plain = server
        .mock("DELETE", HOOK_PATH)
        .match_header("authorization", format!("Bearer {API_KEY}").as_str())
        .match_header("content-type", "application/json")
        .match_header("profile-key", Matcher::Missing)
        .match_body(r#"{"action":"feed"}"#)
        .with_body(r#"{"status":"success","action":"feed"}"#)
        .expect(1)
        .create();
    let for_profile = server
        .mock("DELETE", HOOK_PATH)
        .match_header("profile-key", "P1")
        .match_body(r#"{"action":"messages"}"#)
        .with_body(r#"{"status":"success","action":"messages"}"#)
        .expect(1)
        .create();

    let client = client(&server);
    client.unregister_webhook(Action::Feed).unwrap();
    client
        .unregister_webhook_for_profile(Action::Messages, "P1")
        .unwrap();

    plain.assert();
    for_profile.assert();
}

#[test]
fn list_reads_every_known_action_and_keeps_the_raw_answer() {
    let mut server = server();
    let body = r#"{"status":"success","feed":"https://a.test/feed","scheduled":"https://a.test/s",
        "scheduledUpdated":"2026-01-01T00:00:00Z","updated":"2026-01-02","unknownAction":"https://x",
        "social":null,"batch":7}"#;
    let mock = server
        .mock("GET", HOOK_PATH)
        .match_header("authorization", format!("Bearer {API_KEY}").as_str())
        .match_header("content-type", Matcher::Missing)
        .match_header("profile-key", Matcher::Missing)
        .match_body("")
        .with_body(body)
        .expect(1)
        .create();

    let list = client(&server).list_webhooks().unwrap();

    mock.assert();
    let entries: Vec<(Action, &str)> = list.iter().collect();
    assert_eq!(
        entries,
        [
            (Action::Feed, "https://a.test/feed"),
            (Action::Scheduled, "https://a.test/s")
        ]
    );
    assert_eq!(list.len(), 2);
    assert_eq!(list.get(Action::Scheduled), Some("https://a.test/s"));
    assert_eq!(list.get(Action::Batch), None);
    assert_eq!(list.raw()["updated"], "2026-01-02");
    assert_eq!(list.raw()["unknownAction"], "https://x");
}

#[test]
fn list_for_profile_and_empty_list() {
    let mut server = server();
    let mock = server
        .mock("GET", HOOK_PATH)
        .match_header("profile-key", "P2")
        .with_body(r#"{"status":"success"}"#)
        .create();
    let list = client(&server).list_webhooks_for_profile("P2").unwrap();
    mock.assert();
    assert!(list.is_empty());
}

#[test]
fn rotate_posts_the_new_secret() {
    let mut server = server();
    let plain = server
        .mock("POST", "/api/hook/webhook/secret")
        .match_header("authorization", format!("Bearer {API_KEY}").as_str())
        .match_header("content-type", "application/json")
        .match_header("profile-key", Matcher::Missing)
        .match_body(r#"{"secret":"new \"quoted\" secret"}"#)
        .with_body(r#"{"status":"success","action":"webhook","refId":"r1"}"#)
        .expect(1)
        .create();
    let for_profile = server
        .mock("POST", "/api/hook/webhook/secret")
        .match_header("profile-key", "P3")
        .match_body(r#"{"secret":"other"}"#)
        .with_body(r#"{"status":"success","action":"webhook","refId":"r2"}"#)
        .expect(1)
        .create();

    let client = client(&server);
    client
        .rotate_webhook_secret("new \"quoted\" secret")
        .unwrap();
    client
        .rotate_webhook_secret_for_profile("other", "P3")
        .unwrap();

    plain.assert();
    for_profile.assert();
}

#[test]
fn user_agent_suffix_is_appended() {
    let mut server = server();
    let mock = server
        .mock("GET", HOOK_PATH)
        .match_header(
            "user-agent",
            Matcher::Regex(r"^ayrshare-webhooks-rust/\d+\.\d+\.\d+ my-app/2\.1$".into()),
        )
        .with_body(r#"{"status":"success"}"#)
        .create();
    let client = ayrshare_webhooks::Client::builder()
        .api_key(API_KEY)
        .base_url(support::base_url(&server))
        .user_agent_suffix("my-app/2.1")
        .build()
        .unwrap();
    client.list_webhooks().unwrap();
    mock.assert();
}

#[test]
fn base_url_with_trailing_slash_gives_the_same_paths() {
    let mut server = server();
    let mock = server
        .mock("GET", HOOK_PATH)
        .with_body(r#"{"status":"success"}"#)
        .create();
    let client = ayrshare_webhooks::Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/api/", server.url()))
        .build()
        .unwrap();
    client.list_webhooks().unwrap();
    mock.assert();
}

#[test]
fn clones_and_profile_clients_share_one_connection() {
    // Four calls from three handles of one client; the server must see a single connection.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        use std::io::{BufRead, BufReader, Read, Write};
        let (stream, _) = listener.accept().unwrap();
        listener.set_nonblocking(true).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        for _ in 0..4 {
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                if line == "\r\n" {
                    break;
                }
            }
            reader.read_exact(&mut vec![0; length]).unwrap();
            let body = r#"{"status":"success"}"#;
            write!(
                writer,
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
        // No second connection was attempted.
        assert!(listener.accept().is_err());
    });
    let client = ayrshare_webhooks::Client::builder()
        .api_key(API_KEY)
        .base_url(format!("http://127.0.0.1:{port}/api"))
        .build()
        .unwrap();
    let clone = client.clone();
    let profile = client.with_profile_key("P").unwrap();
    client.list_webhooks().unwrap();
    clone.list_webhooks().unwrap();
    profile.list_webhooks().unwrap();
    profile.unregister_webhook(Action::Feed).unwrap();
    server.join().unwrap();
}
