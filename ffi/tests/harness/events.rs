//! The scenarios of `tests/c/test_events.c` that cross the language boundary: a delivery
//! signed here by the Rust core for the C program to verify, and the headers the C program
//! signs, verified here by the Rust core.

use std::time::{SystemTime, UNIX_EPOCH};

use ayrshare_webhooks::{Event, SocialKind, Verifier, sign_delivery};

use super::cases::Scenario;
use super::repo_root;

/// The secrets of `tests/c/check.h`.
const SECRET: &str = "whsec_c-suite-secret";
const OLD_SECRET: &str = "whsec_old-secret";

/// The body both crossings sign.
const BODY: &str = r#"{"action":"social","type":"unlink","platform":"x","hookId":"hk_from_rust"}"#;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Points the program at the shared samples of `tests/cases/events`.
pub fn samples(s: &mut Scenario) {
    s.set_env(
        "AYR_TEST_EVENTS",
        repo_root().join("tests/cases/events").display().to_string(),
    );
}

/// A rotation-window delivery signed by the core with the current and the previous secret;
/// the program verifies it with the previous one.
pub fn signed_by_rust(s: &mut Scenario) {
    let headers = sign_delivery(&[SECRET, OLD_SECRET], BODY.as_bytes(), now()).unwrap();
    s.set_env("AYR_TEST_SIGNED_BODY", BODY.to_owned());
    s.set_env("AYR_TEST_SIGNED_SIGNATURE", headers.signature);
    s.set_env(
        "AYR_TEST_SIGNED_SIGNATURE_V2",
        headers.signature_v2.unwrap(),
    );
    s.set_env("AYR_TEST_SIGNED_TIMESTAMP", headers.timestamp);
}

/// The program signs `BODY` and prints the headers; the core must accept them for either
/// secret and read the event.
pub fn verified_by_rust(s: &mut Scenario) {
    s.set_env("AYR_TEST_SIGNED_BODY", BODY.to_owned());
    s.check_stdout(|stdout| {
        let headers: Vec<(&str, &str)> = stdout
            .lines()
            .filter_map(|line| line.split_once(": "))
            .collect();
        if headers.len() != 3 {
            return Err(format!("expected 3 header lines, got {}", headers.len()));
        }
        for secret in [SECRET, OLD_SECRET] {
            let event = Verifier::new(secret)
                .unwrap()
                .verify_event(&headers, BODY.as_bytes())
                .map_err(|e| format!("the core rejected what C signed: {e}"))?;
            match event {
                Event::Social(social) if social.kind == Some(SocialKind::Unlink) => {}
                other => return Err(format!("unexpected event {other:?}")),
            }
        }
        let tampered = BODY.replace("unlink", "link");
        match Verifier::new(SECRET)
            .unwrap()
            .verify(&headers, tampered.as_bytes())
        {
            Err(_) => Ok(()),
            Ok(()) => Err("a tampered body passed".into()),
        }
    });
}
