//! The SDK against the mock binary: the path the demo takes, checked step by step.

mod support;

use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook, Verifier, parse_delivery};
use support::{API_KEY, MockProcess};

fn client(mock: &MockProcess, key: &str) -> Client {
    Client::builder()
        .api_key(key)
        .base_url(&mock.base_url)
        .max_retries(0)
        .build()
        .unwrap()
}

#[test]
fn register_list_verify_unregister() {
    let outbox = std::env::temp_dir().join(format!("ayr-mock-e2e-{}", std::process::id()));
    let outbox_arg = outbox.to_str().unwrap().to_owned();
    let mock = MockProcess::start(&["--outbox", &outbox_arg]);
    assert!(
        mock.base_url.starts_with("http://127.0.0.1:"),
        "{}",
        mock.base_url
    );
    assert!(mock.base_url.ends_with("/api"));
    let client = client(&mock, API_KEY)
        .with_profile_key("profile-one")
        .unwrap();

    let hook = client
        .register_webhook(
            &RegisterWebhook::new(Action::Scheduled, "https://example.com/h").secret("e2e-secret"),
        )
        .unwrap();
    assert_eq!(hook.url, "https://example.com/h");
    assert_eq!(hook.ref_id.as_ref().map(String::len), Some(20));
    client
        .register_webhook(&RegisterWebhook::new(Action::Feed, "https://example.com/f"))
        .unwrap();

    let list = client.list_webhooks().unwrap();
    assert_eq!(list.get(Action::Scheduled), Some("https://example.com/h"));
    assert_eq!(list.get(Action::Feed), Some("https://example.com/f"));
    assert_eq!(list.len(), 2);

    let folder = outbox.join("profile-one");
    let body = std::fs::read(folder.join("scheduled.body")).unwrap();
    let headers = std::fs::read_to_string(folder.join("scheduled.headers")).unwrap();
    let pairs: Vec<(&str, &str)> = headers.lines().filter_map(|l| l.split_once(": ")).collect();
    Verifier::new("e2e-secret")
        .unwrap()
        .verify(pairs.iter().map(|(k, v)| (*k, *v)), &body)
        .unwrap();
    let delivery = parse_delivery(&body).unwrap();
    assert_eq!(delivery.ref_id, hook.ref_id);
    assert_eq!(delivery.payload["url"], "https://example.com/h");

    client.unregister_webhook(Action::Scheduled).unwrap();
    let err = client.unregister_webhook(Action::Scheduled).unwrap_err();
    assert!(matches!(err, Error::Api { status: 404, .. }), "{err:?}");
    client.rotate_webhook_secret("next-secret").unwrap();

    // Another profile sees none of it; the Primary Profile neither.
    assert!(
        client
            .list_webhooks_for_profile("profile-two")
            .unwrap()
            .is_empty()
    );
    assert!(
        self::client(&mock, API_KEY)
            .list_webhooks()
            .unwrap()
            .is_empty()
    );
    let _ = std::fs::remove_dir_all(&outbox);
}

#[test]
fn port_zero_prints_the_chosen_port_and_it_answers() {
    let mock = MockProcess::start(&[]);
    let port: u16 = mock
        .base_url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches("/api")
        .parse()
        .unwrap();
    assert_ne!(port, 0);
    assert!(client(&mock, API_KEY).list_webhooks().unwrap().is_empty());
}

#[test]
fn help_reads_as_a_manual_and_bad_options_exit_2() {
    let bin = env!("CARGO_BIN_EXE_ayrshare-webhooks-mock");
    let help = std::process::Command::new(bin)
        .arg("--help")
        .output()
        .unwrap();
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    for section in [
        "USAGE:",
        "OPTIONS:",
        "--latency-ms",
        "POST /_mock/deliveries",
        "EXIT STATUS:",
    ] {
        assert!(text.contains(section), "{section} missing from --help");
    }
    let bad = std::process::Command::new(bin)
        .arg("--latency-ms")
        .arg("soon")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--latency-ms"));
}
