//! With an ordinary `log` logger at trace level, nothing any crate logs (ureq's request-head
//! hex dumps included) holds the API key, the profile key, the webhook secret or the proxy's
//! credentials; and the SDK logs one debug record per attempt. One test: it installs the
//! process's logger.

use std::sync::Mutex;
use std::time::Duration;

use ayrshare_faultserver::tinyproxy::{ProxyOptions, Tinyproxy};
use ayrshare_faultserver::{CertKind, FaultServer};
use ayrshare_webhooks::{Action, Client, LOG_TARGET, RegisterWebhook};

const API_KEY: &str = "trace-API-KEY-7f3a9c2e51";
const PROFILE_KEY: &str = "trace-PROFILE-KEY-b81d4e";
const SECRET: &str = "trace-WEBHOOK-SECRET-0c55aa";
const NEW_SECRET: &str = "trace-ROTATED-SECRET-91f0";
const PROXY_PASSWORD: &str = "trace-PROXY-PASSWORD-d00d";

/// Every record: (target, level, message).
static RECORDS: Mutex<Vec<(String, log::Level, String)>> = Mutex::new(Vec::new());

struct Capture;

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let entry = (
            record.target().to_owned(),
            record.level(),
            record.args().to_string(),
        );
        RECORDS.lock().unwrap().push(entry);
    }

    fn flush(&self) {}
}

/// The bytes of every hex-dump row (`4745 5420 ...  GET ...`) logged, in order, and the text
/// of their character columns, so a secret split across rows is still found.
fn hex_dumps(records: &[(String, log::Level, String)]) -> (Vec<u8>, String) {
    let (mut bytes, mut chars) = (Vec::new(), String::new());
    for (_, _, message) in records {
        let Some((hex, text)) = message.split_once("  ") else {
            continue;
        };
        let digits: String = hex.split(' ').collect();
        if digits.len() != 32 || !digits.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') {
            continue;
        }
        for pair in digits.as_bytes().chunks(2) {
            if let Ok(byte) = u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16) {
                bytes.push(byte);
            }
        }
        chars.push_str(text.trim_start());
    }
    (bytes, chars)
}

#[test]
fn trace_logs_hold_no_secret() {
    log::set_logger(&Capture).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let plain = FaultServer::start("200");
    let tls = FaultServer::start_tls("200", CertKind::Valid);
    let ca = std::env::temp_dir().join(format!("ayr-trace-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, tls.ca_pem().unwrap()).unwrap();
    let proxy = Tinyproxy::start(&ProxyOptions {
        credentials: Some(("trace-user".into(), PROXY_PASSWORD.into())),
        ..ProxyOptions::default()
    });

    let mut bases = vec![(plain.base_url(), None)];
    bases.push((tls.base_url(), None));
    if let Some(proxy) = &proxy {
        bases.push((
            tls.base_url(),
            Some(proxy.url_with("trace-user", PROXY_PASSWORD)),
        ));
    }
    for (base_url, through) in bases {
        let mut builder = Client::builder()
            .api_key(API_KEY)
            .profile_key(PROFILE_KEY)
            .base_url(&base_url)
            .ca_bundle(&ca)
            .timeout(Duration::from_secs(5));
        builder = match through {
            Some(url) => builder.proxy(url),
            None => builder.no_proxy(),
        };
        let client = builder.build().unwrap();
        client
            .register_webhook(
                &RegisterWebhook::new(Action::Scheduled, "https://example.com/hook").secret(SECRET),
            )
            .unwrap();
        client.list_webhooks().unwrap();
        client.rotate_webhook_secret(NEW_SECRET).unwrap();
        client.unregister_webhook(Action::Scheduled).unwrap();
    }
    std::fs::remove_file(&ca).unwrap();

    let records = RECORDS.lock().unwrap().clone();
    let heads = records
        .iter()
        .filter(|(target, level, _)| {
            target.starts_with("ureq_proto") && *level == log::Level::Trace
        })
        .count();
    assert!(
        heads > 10,
        "ureq-proto's hex dumps were captured ({heads} rows)"
    );
    let (dumped, columns) = hex_dumps(&records);
    let dumped = String::from_utf8_lossy(&dumped).into_owned();
    let everything: String = records
        .iter()
        .map(|(target, _, message)| format!("{target}: {message}\n"))
        .collect();
    for secret in [API_KEY, PROFILE_KEY, SECRET, NEW_SECRET, PROXY_PASSWORD] {
        for (what, text) in [
            ("records", &everything),
            ("hex", &dumped),
            ("columns", &columns),
        ] {
            assert!(!text.contains(secret), "{secret} appears in the {what}");
        }
    }

    assert!(
        dumped.contains("authorization: Bearer ***"),
        "the dump shows the placeholder"
    );

    // The SDK's own records: one per attempt, at debug level, under its target.
    let ours: Vec<&String> = records
        .iter()
        .filter(|(target, _, _)| target == LOG_TARGET)
        .map(|(_, _, message)| message)
        .collect();
    let calls = if proxy.is_some() { 3 } else { 2 } * 4;
    assert_eq!(ours.len(), calls, "{ours:#?}");
    assert!(
        ours[0]
            .starts_with("register_webhook POST /api/hook/webhook: attempt 1 of 3: HTTP 200 in "),
        "{}",
        ours[0]
    );
    assert!(
        ours.iter()
            .any(|m| m.starts_with("rotate_webhook_secret POST /api/hook/webhook/secret"))
    );
}
