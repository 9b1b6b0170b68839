//! Deliveries on demand: signed with the profile's secrets, sent to the registered URL,
//! retried as Ayrshare retries, every attempt recorded.

mod support;

use ayrshare_webhooks::{
    Action, Client, RegisterWebhook, SignatureError, Verifier, parse_delivery,
};
use serde_json::{Value, json};
use support::{API_KEY, MockProcess, Receiver};

fn client(mock: &MockProcess) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(&mock.base_url)
        .max_retries(0)
        .build()
        .unwrap()
}

fn register(
    mock: &MockProcess,
    profile: &str,
    action: Action,
    receiver: &Receiver,
    secret: Option<&str>,
) {
    let url = format!("https://127.0.0.1:{}/hooks/{profile}", receiver.port);
    let mut request = RegisterWebhook::new(action, url).profile_key(profile);
    if let Some(secret) = secret {
        request = request.secret(secret);
    }
    client(mock).register_webhook(&request).unwrap();
}

#[test]
fn a_delivery_is_signed_and_sent_to_the_registered_url() {
    let mock = MockProcess::start(&["--deliver-over-http"]);
    let receiver = Receiver::start(&[204]);
    register(
        &mock,
        "tenant",
        Action::Scheduled,
        &receiver,
        Some("s3cret"),
    );
    let (status, record) = mock.post(
        "deliveries",
        &json!({"action": "scheduled", "profile": "tenant", "wait": true}),
    );
    assert_eq!(status, 200, "{record}");
    assert_eq!(record["state"], "delivered");
    assert_eq!(record["signed"], true);
    assert_eq!(record["attempts"].as_array().unwrap().len(), 1);
    assert_eq!(record["attempts"][0]["status"], 204);
    assert_eq!(
        record["url"],
        format!("http://127.0.0.1:{}/hooks/tenant", receiver.port)
    );

    let got = receiver.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].path, "/hooks/tenant");
    Verifier::new("s3cret")
        .unwrap()
        .verify(got[0].headers.iter().map(|(k, v)| (k, v)), &got[0].body)
        .unwrap();
    assert_eq!(
        Verifier::new("other")
            .unwrap()
            .verify(got[0].headers.iter().map(|(k, v)| (k, v)), &got[0].body),
        Err(SignatureError::Mismatch)
    );
    assert!(
        !got[0]
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("X-Authorization-Content-SHA256-V2"))
    );
    let delivery = parse_delivery(&got[0].body).unwrap();
    assert_eq!(delivery.hook_id.as_deref(), record["hookId"].as_str());
    assert_eq!(
        delivery.payload["url"],
        format!("https://127.0.0.1:{}/hooks/tenant", receiver.port)
    );
    assert_eq!(mock.get("deliveries")["deliveries"][0], record);
}

#[test]
fn a_failed_delivery_is_retried_with_the_same_hook_id_until_accepted() {
    let mock = MockProcess::start(&["--deliver-over-http", "--retry-delays-ms", "50,100"]);
    let receiver = Receiver::start(&[500, 503, 200]);
    register(&mock, "tenant", Action::Social, &receiver, Some("s3cret"));
    let (status, first) = mock.post(
        "deliveries",
        &json!({"action": "social", "profile": "tenant"}),
    );
    assert_eq!(status, 202);
    assert_eq!(first["state"], "pending");
    let list = mock.wait_for_deliveries(|l| l[0]["state"] != "pending");
    let statuses: Vec<&Value> = list[0]["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["status"])
        .collect();
    assert_eq!(statuses, [&json!(500), &json!(503), &json!(200)]);
    assert_eq!(list[0]["state"], "delivered");
    let got = receiver.requests();
    assert_eq!(got.len(), 3);
    let hook_ids: Vec<Option<String>> = got
        .iter()
        .map(|r| parse_delivery(&r.body).unwrap().hook_id)
        .collect();
    assert!(
        hook_ids
            .iter()
            .all(|h| h.as_deref() == first["hookId"].as_str()),
        "{hook_ids:?}"
    );
    assert!(got.iter().all(|r| r.body == got[0].body));
}

#[test]
fn a_delivery_refused_on_every_attempt_fails_after_the_retries() {
    let mock = MockProcess::start(&["--deliver-over-http", "--retry-delays-ms", "10,10"]);
    let receiver = Receiver::start(&[401]);
    register(&mock, "tenant", Action::Feed, &receiver, None);
    let (_, record) = mock.post(
        "deliveries",
        &json!({"action": "feed", "profile": "tenant", "wait": true}),
    );
    assert_eq!(record["state"], "failed");
    assert_eq!(record["signed"], false);
    assert_eq!(record["attempts"].as_array().unwrap().len(), 3);
    let got = receiver.requests();
    assert_eq!(got.len(), 3);
    assert!(
        !got[0]
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("X-Authorization-Content-SHA256"))
    );
}

#[test]
fn after_a_rotation_deliveries_carry_both_signatures() {
    let mock = MockProcess::start(&["--deliver-over-http"]);
    let receiver = Receiver::start(&[200]);
    register(
        &mock,
        "tenant",
        Action::Messages,
        &receiver,
        Some("old-secret"),
    );
    client(&mock)
        .rotate_webhook_secret_for_profile("new-secret", "tenant")
        .unwrap();
    let (_, record) = mock.post(
        "deliveries",
        &json!({"action": "messages", "profile": "tenant", "wait": true}),
    );
    assert_eq!(record["state"], "delivered");
    let got = &receiver.requests()[0];
    let v2 = got
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("X-Authorization-Content-SHA256-V2"))
        .map(|(_, v)| v.clone())
        .expect("the rotation header");
    assert_eq!(v2.matches("v1=").count(), 2);
    for secret in ["old-secret", "new-secret"] {
        Verifier::new(secret)
            .unwrap()
            .verify(got.headers.iter().map(|(k, v)| (k, v)), &got.body)
            .unwrap();
    }
}

#[test]
fn nothing_registered_or_a_bad_request_sends_nothing() {
    let mock = MockProcess::start(&[]);
    assert_eq!(mock.post("deliveries", &json!({"action": "batch"})).0, 404);
    assert_eq!(mock.post("deliveries", &json!({"action": "nope"})).0, 400);
    assert_eq!(
        mock.post("deliveries", &json!({"action": "feed", "profile": 3}))
            .0,
        400
    );
    assert_eq!(mock.get("deliveries")["deliveries"], json!([]));
}
