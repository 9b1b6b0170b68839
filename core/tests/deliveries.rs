//! Parsing of delivery bodies, one sample per payload family of the API documentation.

use ayrshare_webhooks::{Action, DeliveryAction, Error, parse_delivery};

#[test]
fn scheduled_delivery() {
    let body = br#"{"action":"scheduled","subAction":"postPublished","status":"success",
        "code":200,"created":"2026-11-27T10:00:00Z","refId":"3dc079614bdc3f281d9","hookId":"h_1",
        "id":"post_1","errors":[],"url":"https://mysite.com/hook",
        "postIds":[{"postUrl":"https://x.com/p/1","platform":"twitter","status":"success","id":"1"}]}"#;
    let d = parse_delivery(body).unwrap();
    assert_eq!(d.action, DeliveryAction::Known(Action::Scheduled));
    assert_eq!(d.sub_action.as_deref(), Some("postPublished"));
    assert_eq!(d.status.as_deref(), Some("success"));
    assert_eq!(d.code, Some(200));
    assert_eq!(d.created.as_deref(), Some("2026-11-27T10:00:00Z"));
    assert_eq!(d.ref_id.as_deref(), Some("3dc079614bdc3f281d9"));
    assert_eq!(d.hook_id.as_deref(), Some("h_1"));
    assert_eq!(d.payload["postIds"][0]["postUrl"], "https://x.com/p/1");
    assert_eq!(d.payload["id"], "post_1");
}

#[test]
fn social_delivery() {
    let body = br#"{"action":"social","platform":"linkedin","displayName":"Ayr Co","source":"user",
        "details":{"status":"linked","code":0,"message":"ok"},"refId":"r","created":1764237600}"#;
    let d = parse_delivery(body).unwrap();
    assert_eq!(d.action.known(), Some(Action::Social));
    assert_eq!(d.created.as_deref(), Some("1764237600"));
    assert_eq!(d.payload["details"]["status"], "linked");
    assert_eq!(d.payload["source"], "user");
    assert_eq!(d.sub_action, None);
}

#[test]
fn messages_delivery() {
    let body = br#"{"action":"messages","subAction":"messageCreated","platform":"facebook",
        "refId":"r","hookId":12345,"code":"200"}"#;
    let d = parse_delivery(body).unwrap();
    assert_eq!(d.action.known(), Some(Action::Messages));
    assert_eq!(d.sub_action.as_deref(), Some("messageCreated"));
    assert_eq!(d.hook_id.as_deref(), Some("12345"));
    assert_eq!(d.code, Some(200));
}

#[test]
#[allow(deprecated)]
fn account_activity_delivery() {
    let body = br#"{"action":"accountActivity","platform":"twitter","type":"dm",
        "directMessageEvents":[{"id":"1"}],"retryAttempt":1}"#;
    let d = parse_delivery(body).unwrap();
    assert_eq!(d.action, DeliveryAction::Known(Action::AccountActivity));
    assert_eq!(d.payload["retryAttempt"], 1);
}

#[test]
fn feed_and_batch_keep_unknown_fields() {
    for (name, action) in [("feed", Action::Feed), ("batch", Action::Batch)] {
        let body = format!(r#"{{"action":"{name}","somethingNew":{{"a":[1,2,3]}}}}"#);
        let d = parse_delivery(body.as_bytes()).unwrap();
        assert_eq!(d.action.known(), Some(action));
        assert_eq!(d.payload["somethingNew"]["a"][2], 3);
    }
}

#[test]
fn unknown_actions_are_kept_as_text() {
    let d = parse_delivery(br#"{"action":"futureThing","status":"success"}"#).unwrap();
    assert_eq!(d.action, DeliveryAction::Other("futureThing".into()));
    assert_eq!(d.action.to_string(), "futureThing");
    assert_eq!(d.action.known(), None);
}

#[test]
fn common_fields_of_the_wrong_type_are_none_not_errors() {
    let d = parse_delivery(br#"{"action":"feed","status":5,"code":"x","refId":[],"created":null}"#)
        .unwrap();
    assert_eq!(
        (d.status, d.code, d.ref_id, d.created),
        (None, None, None, None)
    );
}

#[test]
fn bodies_that_are_not_deliveries_are_decode_errors() {
    for body in [
        &b""[..],
        b"not json",
        b"[]",
        b"\"scheduled\"",
        b"{}",
        b"{\"action\":5}",
        b"{\"action\":\"feed\"",
        b"\xff\xfe",
    ] {
        let err = parse_delivery(body).unwrap_err();
        assert!(
            matches!(err, Error::Decode { status: None, .. }),
            "{body:?}: {err:?}"
        );
        assert!(
            err.to_string().starts_with("unexpected delivery body"),
            "{err}"
        );
    }
}

#[test]
fn deeply_nested_bodies_fail_cleanly() {
    let body = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse_delivery(body.as_bytes()).is_err());
}
