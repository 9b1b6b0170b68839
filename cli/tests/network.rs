//! The production network path: TLS trust (`--ca-bundle`, `AYRSHARE_CA_BUNDLE`) against the
//! fault server's TLS front, and proxies (`--proxy`, `HTTPS_PROXY`, `NO_PROXY`) through a
//! real CONNECT proxy (tinyproxy), for the API commands and for `send-test`.
//! (Not in the crates.io package: the fault server is a workspace-only crate.)

mod support;

use ayrshare_faultserver::tinyproxy::{ProxyOptions, Tinyproxy};
use ayrshare_faultserver::{CertKind, FaultServer};
use serde_json::Value;
use support::{API_KEY, Cli, temp_dir, write};

/// The CLI with an API key, pointed at `server`.
fn cli(server: &FaultServer) -> Cli {
    Cli::new()
        .env("AYRSHARE_API_KEY", API_KEY)
        .env("AYRSHARE_BASE_URL", server.base_url())
}

#[test]
fn a_private_ca_is_trusted_with_ca_bundle_and_refused_without() {
    let server = FaultServer::start_tls("200", CertKind::Valid);
    let dir = temp_dir("net-tls");
    let ca = write(&dir, "ca.pem", server.ca_pem().unwrap().as_bytes());

    let listed = cli(&server)
        .run(&["list", "--ca-bundle", &ca, "--json"])
        .expect(0)
        .json();
    assert_eq!(
        listed["webhooks"]["feed"], "https://example.com/hooks/feed",
        "{listed}"
    );
    cli(&server)
        .env("AYRSHARE_CA_BUNDLE", &ca)
        .run(&["list"])
        .expect(0);
    assert_eq!(server.requests(), 2);

    // The built-in roots do not know the test's CA: a TLS error, exit 4, never retried, and
    // nothing reached the API.
    let untrusted = cli(&server).run(&["list", "--max-retries", "2"]).expect(4);
    let host = format!("localhost:{}", server.port());
    assert!(
        untrusted.stderr.starts_with(&format!(
            "error: TLS error: the certificate of {host} is not trusted: "
        )),
        "{untrusted:?}"
    );
    assert!(untrusted.stderr.contains("unknown issuer"), "{untrusted:?}");
    assert!(
        untrusted.stderr.contains("hint: to trust a private CA"),
        "{untrusted:?}"
    );
    let json = cli(&server).run(&["list", "--json"]).expect(4).json();
    assert_eq!(json["error"]["kind"], "tls", "{json}");
    assert_eq!(server.tls_connections(), 4, "one handshake per run");
    assert_eq!(server.requests(), 2, "no request past a failed handshake");

    // A bundle that is not a certificate: nothing is sent.
    let junk = write(&dir, "junk.pem", b"not a certificate");
    let bad = cli(&server)
        .run(&["list", "--ca-bundle", &junk, "--json"])
        .expect(2)
        .json();
    assert_eq!(bad["error"]["field"], "ca_bundle", "{bad}");
    assert_eq!(server.tls_connections(), 4);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn proxies_from_the_flag_and_the_environment_and_a_refusal() {
    let server = FaultServer::start_tls("200", CertKind::Valid);
    let dir = temp_dir("net-proxy");
    let ca = write(&dir, "ca.pem", server.ca_pem().unwrap().as_bytes());
    let Some(open) = Tinyproxy::start(&ProxyOptions::default()) else {
        return;
    };
    let with_ca = || cli(&server).env("AYRSHARE_CA_BUNDLE", &ca);

    with_ca().run(&["list", "--proxy", &open.url()]).expect(0);
    assert_eq!(open.connects(), 1, "{}", open.log());
    with_ca()
        .env("HTTPS_PROXY", open.url())
        .run(&["list"])
        .expect(0);
    assert_eq!(open.connects(), 2, "HTTPS_PROXY is used");
    // --proxy "" and NO_PROXY connect directly, whatever HTTPS_PROXY says.
    with_ca()
        .env("HTTPS_PROXY", open.url())
        .run(&["list", "--proxy", ""])
        .expect(0);
    with_ca()
        .env("HTTPS_PROXY", open.url())
        .env("NO_PROXY", "localhost")
        .run(&["list"])
        .expect(0);
    assert_eq!(open.connects(), 2);
    assert_eq!(server.requests(), 4);

    // Credentials never go on the command line; nothing is sent.
    let argv = with_ca()
        .run(&["list", "--proxy", &open.url_with("user", "pr0xy-pa55")])
        .expect(2);
    assert!(argv.stderr.contains("HTTPS_PROXY"), "{argv:?}");
    assert!(!argv.stderr.contains("pr0xy-pa55"), "{argv:?}");

    // A proxy that refuses the tunnel (only port 1 allowed): exit 4, one CONNECT, no retry.
    let Some(strict) = Tinyproxy::start(&ProxyOptions {
        connect_ports: vec![1],
        ..ProxyOptions::default()
    }) else {
        return;
    };
    let refused = with_ca()
        .run(&["list", "--proxy", &strict.url(), "--json"])
        .expect(4)
        .json();
    assert_eq!(refused["error"]["kind"], "proxy", "{refused}");
    assert_eq!(refused["error"]["status"], 403, "{refused}");
    assert_eq!(
        refused["error"]["proxy"],
        format!("127.0.0.1:{}", strict.port())
    );
    assert_eq!(strict.connects(), 1, "{}", strict.log());

    // In a bulk rotation the refusal is failed, not unknown: the rotation never left.
    let profiles = write(&dir, "profiles.txt", b"net-profile-one\nnet-profile-two\n");
    let secret = write(&dir, "secret.txt", b"net-test-secret");
    let report = dir.join("report.jsonl");
    let bulk = with_ca()
        .run(&[
            "rotate-secret",
            "--profiles-file",
            &profiles,
            "--secret-file",
            &secret,
            "--report",
            report.to_str().unwrap(),
            "--proxy",
            &strict.url(),
            "--json",
        ])
        .expect(1)
        .json();
    assert_eq!(
        (bulk["failed"].as_u64(), bulk["unknown"].as_u64()),
        (Some(2), Some(0))
    );
    let errors: Vec<Value> = bulk["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["error"].clone())
        .collect();
    assert_eq!(errors, ["proxy", "proxy"]);
    assert_eq!(server.requests(), 4, "nothing reached the API");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn send_test_to_an_https_receiver_trusts_ca_bundle_and_goes_through_proxy() {
    // The fault server answers any POST with 200: a receiver over TLS for send-test.
    let receiver = FaultServer::start_tls("200", CertKind::Valid);
    let dir = temp_dir("net-send");
    let ca = write(&dir, "ca.pem", receiver.ca_pem().unwrap().as_bytes());
    let secret = write(&dir, "secret.txt", b"net-send-secret");
    let url = format!("{}/hooks", receiver.url());
    let send = |extra: &[&str]| {
        let args = [
            &[
                "send-test",
                "--action",
                "feed",
                "--to",
                &url,
                "--secret-file",
                &secret,
            ][..],
            extra,
        ]
        .concat();
        Cli::new().run(&args)
    };

    let accepted = send(&["--ca-bundle", &ca, "--json"]).expect(0).json();
    assert_eq!(accepted["status"], 200, "{accepted}");
    assert_eq!(receiver.requests(), 1);
    let untrusted = send(&["--json"]).expect(3).json();
    assert_eq!(untrusted["status"], Value::Null);
    assert!(
        untrusted["error"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("certificate"),
        "{untrusted}"
    );
    let text = send(&[]).expect(3);
    assert!(
        text.stdout.starts_with("no answer: feed delivery to ")
            && text.stdout.contains(
                "\n  hint: a receiver with a certificate of a private CA needs --ca-bundle FILE\n"
            ),
        "{text:?}"
    );
    assert_eq!(receiver.requests(), 1);

    let Some(proxy) = Tinyproxy::start(&ProxyOptions::default()) else {
        return;
    };
    // The environment's proxy is not used (Ayrshare's deliveries do not come through it);
    // --proxy is.
    Cli::new()
        .env("HTTPS_PROXY", proxy.url())
        .run(&[
            "send-test",
            "--action",
            "feed",
            "--to",
            &url,
            "--secret-file",
            &secret,
            "--ca-bundle",
            &ca,
        ])
        .expect(0);
    assert_eq!(proxy.connects(), 0);
    send(&["--ca-bundle", &ca, "--proxy", &proxy.url()]).expect(0);
    assert_eq!(proxy.connects(), 1, "{}", proxy.log());
    assert_eq!(receiver.requests(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}
