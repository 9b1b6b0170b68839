//! Inputs from the fuzz targets (`fuzz/`), replayed on the stable toolchain with `cargo test`:
//! the committed seed corpora of the byte-level targets, and every input that once broke an
//! invariant.

use std::path::PathBuf;

use ayrshare_webhooks::fuzzing::{
    decode_acknowledgement, decode_list, decode_registration, parse_retry_after,
};
use ayrshare_webhooks::{Error, parse_delivery};

/// The status and body a decoder target reads from its input (as `fuzz/src/lib.rs` does).
fn split_answer(data: &[u8]) -> (u16, &[u8]) {
    const COMMON: [u16; 16] = [
        200, 201, 204, 299, 302, 400, 401, 403, 404, 408, 429, 500, 502, 503, 504, 100,
    ];
    match data {
        [] => (200, data),
        [first, rest @ ..] if *first < 0x80 => (COMMON[usize::from(*first) % COMMON.len()], rest),
        [first, second, rest @ ..] => (100 + u16::from_le_bytes([*first, *second]) % 500, rest),
        [_] => (200, &[]),
    }
}

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../fuzz/corpus/{target}"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("corpus entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("corpus file"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{target}: empty seed corpus");
    files
}

/// What every decoder answer must satisfy: success only from a 2xx, the secret never shown.
fn check<T>(case: &str, status: u16, result: Result<T, Error>) {
    match result {
        Ok(_) => assert!(
            (200..300).contains(&status),
            "{case}: success from {status}"
        ),
        Err(error) => {
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("KEY"), "{case}: {shown}");
            assert_eq!(error.status(), Some(status), "{case}: {error:?}");
            if status == 429 {
                assert!(matches!(error, Error::RateLimited { .. }), "{case}");
            }
        }
    }
}

#[test]
fn decoder_seed_corpora_keep_their_invariants() {
    for target in [
        "decode_registration",
        "decode_list",
        "decode_acknowledgement",
    ] {
        for (name, data) in corpus(target) {
            let (status, body) = split_answer(&data);
            let case = format!("{target}/{name}");
            match target {
                "decode_registration" => check(&case, status, decode_registration(status, body)),
                "decode_list" => check(&case, status, decode_list(status, body)),
                _ => check(&case, status, decode_acknowledgement(status, body)),
            }
        }
    }
}

#[test]
fn retry_after_and_delivery_seed_corpora_parse_without_panicking() {
    for (name, data) in corpus("parse_retry_after") {
        let text = String::from_utf8_lossy(&data);
        if let Ok(seconds) = text.trim().parse::<u64>() {
            assert_eq!(
                parse_retry_after(&text),
                Some(std::time::Duration::from_secs(seconds)),
                "{name}"
            );
        } else {
            let _ = parse_retry_after(&text);
        }
    }
    let mut parsed = 0;
    for (name, data) in corpus("parse_delivery") {
        match parse_delivery(&data) {
            Ok(delivery) => {
                parsed += 1;
                assert!(delivery.payload.is_object(), "{name}");
            }
            Err(error) => assert!(
                matches!(error, Error::Decode { status: None, .. }),
                "{name}: {error:?}"
            ),
        }
    }
    assert!(parsed >= 4, "only {parsed} seed deliveries parsed");
}
