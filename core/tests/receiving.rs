//! Receiving a delivery: `Verifier::verify` and `verify_event` with every header collection a
//! handler has at hand, and signing with `sign_delivery` to test a receiver.

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use ayrshare_webhooks::{
    Error, Event, SIGNATURE_HEADER, SignatureError, SignedHeaders, TIMESTAMP_HEADER, Verifier,
    sign_delivery,
};

const SECRET: &str = "whsec_receiving";
const BODY: &[u8] = br#"{"action":"social","type":"link","platform":"linkedin","hookId":"h9"}"#;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn signed() -> SignedHeaders {
    sign_delivery(&[SECRET], BODY, now()).unwrap()
}

fn owned_pairs() -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = signed()
        .pairs()
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    pairs.push(("Content-Type".into(), "application/json".into()));
    pairs
}

#[test]
fn every_collection_of_headers_verifies() {
    let verifier = Verifier::new(SECRET).unwrap();
    let pairs = owned_pairs();
    let slice: &[(String, String)] = &pairs;
    verifier.verify(slice, BODY).unwrap();
    verifier.verify(&pairs, BODY).unwrap();
    verifier.verify(pairs.iter(), BODY).unwrap();
    verifier
        .verify(pairs.iter().map(|(k, v)| (k, v)), BODY)
        .unwrap();
    verifier
        .verify(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())), BODY)
        .unwrap();
    verifier.verify(pairs.clone(), BODY).unwrap();

    let map: HashMap<String, String> = pairs.iter().cloned().collect();
    verifier.verify(&map, BODY).unwrap();
    verifier.verify(map.clone(), BODY).unwrap();
    let borrowed: HashMap<&str, &str> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    verifier.verify(&borrowed, BODY).unwrap();
    let sorted: BTreeMap<String, String> = pairs.iter().cloned().collect();
    verifier.verify(&sorted, BODY).unwrap();

    let headers = signed();
    verifier.verify(headers.pairs(), BODY).unwrap();
    let bytes: Vec<(&str, &[u8])> = headers
        .pairs()
        .into_iter()
        .map(|(k, v)| (k, v.as_bytes()))
        .collect();
    verifier.verify(&bytes, BODY).unwrap();
}

#[test]
fn names_in_any_case_and_cgi_environ_names() {
    let headers = signed();
    let verifier = Verifier::new(SECRET).unwrap();
    let lower = [
        ("x-authorization-content-sha256", headers.signature.as_str()),
        ("x-authorization-timestamp", headers.timestamp.as_str()),
    ];
    verifier.verify(lower, BODY).unwrap();
    let environ = [
        ("wsgi.url_scheme", "https"),
        (
            "HTTP_X_AUTHORIZATION_CONTENT_SHA256",
            headers.signature.as_str(),
        ),
        ("HTTP_X_AUTHORIZATION_TIMESTAMP", headers.timestamp.as_str()),
        ("CONTENT_TYPE", "application/json"),
    ];
    verifier.verify(environ, BODY).unwrap();
    // Underscores count only in the CGI form.
    let underscores = [
        ("X_Authorization_Content_SHA256", headers.signature.as_str()),
        (TIMESTAMP_HEADER, headers.timestamp.as_str()),
    ];
    assert_eq!(
        verifier.verify(underscores, BODY),
        Err(SignatureError::MissingSignature)
    );
}

#[test]
fn undecodable_values() {
    let headers = signed();
    let verifier = Verifier::new(SECRET).unwrap();
    let other: [(&str, &[u8]); 3] = [
        (SIGNATURE_HEADER, headers.signature.as_bytes()),
        (TIMESTAMP_HEADER, headers.timestamp.as_bytes()),
        ("X-Other", b"\xff\xfe"),
    ];
    verifier.verify(other, BODY).unwrap();
    let own: [(&str, &[u8]); 2] = [
        (SIGNATURE_HEADER, b"\xff\xfe"),
        (TIMESTAMP_HEADER, headers.timestamp.as_bytes()),
    ];
    assert_eq!(
        verifier.verify(own, BODY),
        Err(SignatureError::MalformedSignature)
    );
}

#[test]
fn verify_event_verifies_then_parses() {
    let verifier = Verifier::new(SECRET).unwrap();
    let Event::Social(social) = verifier.verify_event(owned_pairs(), BODY).unwrap() else {
        panic!("a social event")
    };
    assert_eq!(social.hook_id.as_deref(), Some("h9"));

    let tampered = br#"{"action":"social","type":"unlink","platform":"linkedin","hookId":"h9"}"#;
    let err = verifier.verify_event(owned_pairs(), tampered).unwrap_err();
    assert_eq!(err, Error::Signature(SignatureError::Mismatch));
    assert_eq!(
        err.to_string(),
        "delivery rejected: the signature does not match the body (wrong secret or altered body)"
    );
    assert!(!err.is_retryable());
    assert_eq!(err.status(), None);

    let stale = sign_delivery(&[SECRET], BODY, now() - 3600).unwrap();
    assert_eq!(
        verifier.verify_event(stale.pairs(), BODY),
        Err(Error::Signature(SignatureError::TimestampOutsideTolerance))
    );

    // A genuine signature over a body that is not a JSON object.
    let array = b"[1,2,3]";
    let headers = sign_delivery(&[SECRET], array, now()).unwrap();
    assert!(matches!(
        verifier.verify_event(headers.pairs(), array),
        Err(Error::Decode { status: None, .. })
    ));
}

#[test]
fn a_rotation_signs_with_both_secrets() {
    let headers = sign_delivery(&["new-secret", SECRET], BODY, now()).unwrap();
    assert!(headers.signature_v2.is_some());
    for secret in ["new-secret", SECRET] {
        let event = Verifier::new(secret)
            .unwrap()
            .verify_event(headers.pairs(), BODY)
            .unwrap();
        assert_eq!(event.action(), Some("social"));
    }
    // Only the rotation header, as Ayrshare may send during the window.
    let v2 = headers.signature_v2.as_deref().unwrap();
    let only_v2 = [
        ("X-Authorization-Content-SHA256-V2", v2),
        (TIMESTAMP_HEADER, headers.timestamp.as_str()),
    ];
    Verifier::new(SECRET)
        .unwrap()
        .verify(only_v2, BODY)
        .unwrap();
}
