//! `Verifier::verify` and `verify_event` with the `http::HeaderMap` of axum, hyper and other
//! `http`-based servers (the `http` feature; `make test-rust` runs this file with it).

use std::time::{SystemTime, UNIX_EPOCH};

use ayrshare_webhooks::{Error, Event, SignatureError, Verifier, sign_delivery};
use http::{HeaderMap, HeaderValue, Request};

const BODY: &[u8] = br#"{"action":"scheduled","hookId":"h1","postIds":[{"platform":"x","id":7}]}"#;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn a_signed_header_map_verifies_and_parses() {
    let headers = sign_delivery(&["s3cret"], BODY, now())
        .unwrap()
        .to_header_map();
    assert_eq!(headers.len(), 2);
    let verifier = Verifier::new("s3cret").unwrap();
    verifier.verify(&headers, BODY).unwrap();
    let Event::Scheduled(event) = verifier.verify_event(&headers, BODY).unwrap() else {
        panic!("a scheduled event")
    };
    assert_eq!(event.post_ids[0].id.as_deref(), Some("7"));
    assert_eq!(
        Verifier::new("other").unwrap().verify(&headers, BODY),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn a_request_built_for_a_receiver_test() {
    let signed = sign_delivery(&["new", "old"], BODY, now()).unwrap();
    let mut request = Request::post("/hooks/ayrshare")
        .body(BODY.to_vec())
        .unwrap();
    request.headers_mut().extend(signed.to_header_map());
    request
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    assert!(
        request
            .headers()
            .contains_key("x-authorization-content-sha256-v2")
    );
    for secret in ["new", "old"] {
        let event = Verifier::new(secret)
            .unwrap()
            .verify_event(request.headers(), request.body())
            .unwrap();
        assert_eq!(event.hook_id(), Some("h1"));
    }
}

#[test]
fn values_that_are_not_utf8() {
    let signed = sign_delivery(&["s3cret"], BODY, now()).unwrap();
    let verifier = Verifier::new("s3cret").unwrap();

    // Another header that is not UTF-8 is ignored.
    let mut headers = signed.to_header_map();
    headers.insert("x-other", HeaderValue::from_bytes(b"caf\xe9").unwrap());
    verifier.verify(&headers, BODY).unwrap();

    // One of the verifier's own that is not UTF-8 is malformed, never a panic.
    let mut bad_signature = signed.to_header_map();
    let mut bytes = signed.signature.clone().into_bytes();
    bytes[0] = 0xff;
    bad_signature.insert(
        "x-authorization-content-sha256",
        HeaderValue::from_bytes(&bytes).unwrap(),
    );
    assert_eq!(
        verifier.verify(&bad_signature, BODY),
        Err(SignatureError::MalformedSignature)
    );
    let mut bad_timestamp = signed.to_header_map();
    bad_timestamp.insert(
        "x-authorization-timestamp",
        HeaderValue::from_bytes(b"17\xff").unwrap(),
    );
    assert_eq!(
        verifier.verify_event(&bad_timestamp, BODY),
        Err(Error::Signature(SignatureError::MalformedTimestamp))
    );
}

#[test]
fn an_empty_header_map_has_no_signature() {
    let verifier = Verifier::new("s3cret").unwrap();
    assert_eq!(
        verifier.verify(&HeaderMap::new(), BODY),
        Err(SignatureError::MissingSignature)
    );
}
