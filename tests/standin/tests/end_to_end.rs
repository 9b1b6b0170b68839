//! The SDK against the stand-in binary: the path the demo takes, checked step by step.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook, Verifier, parse_delivery};

struct StandIn {
    child: Child,
    base_url: String,
}

impl StandIn {
    fn start(outbox: &std::path::Path) -> StandIn {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ayrshare-standin"))
            .args(["--api-key", "e2e-key", "--outbox"])
            .arg(outbox)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the stand-in starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        StandIn {
            child,
            base_url: line.trim().to_owned(),
        }
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn register_list_verify_unregister() {
    let outbox = std::env::temp_dir().join(format!("ayr-standin-e2e-{}", std::process::id()));
    let standin = StandIn::start(&outbox);
    let client = Client::builder()
        .api_key("e2e-key")
        .base_url(&standin.base_url)
        .build()
        .unwrap()
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

    client.unregister_webhook(Action::Scheduled).unwrap();
    let err = client.unregister_webhook(Action::Scheduled).unwrap_err();
    assert!(matches!(err, Error::Api { status: 404, .. }), "{err:?}");
    client.rotate_webhook_secret("next-secret").unwrap();

    // Another profile sees none of it; a wrong key is refused.
    assert!(
        client
            .list_webhooks_for_profile("profile-two")
            .unwrap()
            .is_empty()
    );
    let stranger = Client::builder()
        .api_key("wrong-key")
        .base_url(&standin.base_url)
        .build()
        .unwrap();
    assert_eq!(stranger.list_webhooks().unwrap_err().status(), Some(401));
    let _ = std::fs::remove_dir_all(&outbox);
}
