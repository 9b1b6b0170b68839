//! `send-test` into receivers written with the Rust crate and with the Python package: a
//! genuine delivery accepted, a tampered one rejected.

mod support;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use ayrshare_webhooks::{Action, Verifier, parse_event};
use support::{Cli, Receiver, temp_dir, write};

const SECRET: &str = "send-test-secret-5d1e";

#[test]
fn a_rust_receiver_accepts_every_sample_and_rejects_a_tampered_one() {
    let receiver = Receiver::start(Some(SECRET));
    let dir = temp_dir("send-rust");
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    for action in Action::ALL {
        let run = Cli::new()
            .run(&[
                "send-test",
                "--action",
                action.as_str(),
                "--to",
                &receiver.url,
                "--secret-file",
                &secret,
                "--json",
            ])
            .expect(0);
        let report = run.json();
        assert_eq!(report["status"], 204, "{report}");
        assert_eq!(report["accepted"], true);
        assert_eq!(report["passed"], true);
        assert!(report["elapsedMs"].as_f64().unwrap() > 0.0);
        // The typed event sent, as `verify` prints it.
        assert_eq!(report["event"]["kind"], action.as_str(), "{report}");
        assert_eq!(report["event"]["hookId"], report["hookId"], "{report}");
        assert_eq!(report["event"]["refId"], "send-test-ref-id", "{report}");
    }
    let got = receiver.requests();
    assert_eq!(got.len(), Action::ALL.len());
    for (received, action) in got.iter().zip(Action::ALL) {
        let event = parse_event(&received.body).unwrap();
        assert_eq!(event.action(), Some(action.as_str()));
        assert!(event.hook_id().unwrap().starts_with("send-test-"));
    }

    let text = Cli::new()
        .run(&[
            "send-test",
            "--action",
            "scheduled",
            "--to",
            &receiver.url,
            "--secret-file",
            &secret,
        ])
        .expect(0);
    assert!(
        text.stdout.starts_with(&format!(
            "accepted: scheduled delivery to {} answered 204 in ",
            receiver.url
        )),
        "{text:?}"
    );
    assert!(
        text.stdout.contains(
            "\n  sent: scheduled event\n    created: 20"
        ) && text.stdout.contains(
            "\n    postIds:\n      - platform: twitter, status: success, id: 1, postUrl: https://x.com/ayrshare/status/1\n"
        ),
        "{text:?}"
    );

    let tampered = Cli::new()
        .run(&[
            "send-test",
            "--action",
            "scheduled",
            "--to",
            &receiver.url,
            "--secret-file",
            &secret,
            "--tamper",
            "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(tampered["status"], 401);
    assert_eq!(tampered["answer"], "mismatch");
    assert_eq!(tampered["passed"], true);
    let last = receiver.requests().pop().unwrap();
    assert_eq!(last.status, 401);
    assert!(
        last.body.starts_with(br#"{"action":"Scheduled""#),
        "{:?}",
        String::from_utf8_lossy(&last.body)
    );

    // The wrong secret is refused (exit 1); a receiver that checks nothing fails --tamper.
    let wrong = write(&dir, "wrong.txt", b"another-secret");
    let run = Cli::new()
        .run(&[
            "send-test",
            "--action",
            "feed",
            "--to",
            &receiver.url,
            "--secret-file",
            &wrong,
        ])
        .expect(1);
    assert!(
        run.stdout.starts_with("not accepted: feed delivery"),
        "{run:?}"
    );
    assert!(
        run.stdout.contains("the receiver said: mismatch"),
        "{run:?}"
    );
    let careless = Receiver::start(None);
    let run = Cli::new()
        .run(&[
            "send-test",
            "--action",
            "feed",
            "--to",
            &careless.url,
            "--secret-file",
            &secret,
            "--tamper",
        ])
        .expect(1);
    assert!(run.stdout.contains("ACCEPTED a forged delivery"), "{run:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_rotation_header_and_a_custom_body_are_sent_as_given() {
    let receiver = Receiver::start(Some("the-old-secret"));
    let dir = temp_dir("send-body");
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    let old = write(&dir, "old.txt", b"the-old-secret");
    let body = write(&dir, "body.json", br#"{"action":"batch","custom":true}"#);
    Cli::new()
        .run(&[
            "send-test",
            "--action",
            "batch",
            "--to",
            &receiver.url,
            "--secret-file",
            &secret,
            "--previous-secret-file",
            &old,
            "--body-file",
            &body,
        ])
        .expect(0);
    let got = receiver.requests().pop().unwrap();
    assert_eq!(got.body, br#"{"action":"batch","custom":true}"#);
    Verifier::new(SECRET)
        .unwrap()
        .verify(got.headers.iter().map(|(k, v)| (k, v)), &got.body)
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_receiver_is_exit_3_and_a_bad_url_exit_2() {
    let dir = temp_dir("send-none");
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = Cli::new()
        .run(&[
            "send-test",
            "--action",
            "feed",
            "--to",
            &format!("http://127.0.0.1:{port}/h"),
            "--secret-file",
            &secret,
            "--json",
        ])
        .expect(3);
    assert_eq!(run.json()["status"], serde_json::Value::Null);
    assert!(
        run.json()["error"]
            .as_str()
            .unwrap()
            .contains("connection failed")
    );
    Cli::new()
        .run(&[
            "send-test",
            "--action",
            "feed",
            "--to",
            "ftp://127.0.0.1/h",
            "--secret-file",
            &secret,
        ])
        .expect(2);
    Cli::new()
        .run(&[
            "send-test",
            "--action",
            "feed",
            "--to",
            "http://127.0.0.1:1/h",
        ])
        .expect(2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The repository's virtualenv Python, which `make wheel` fills with the package.
fn venv_python() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python")
}

#[test]
#[ignore = "needs the Python package in .venv: `make test-cli` builds it and runs this"]
fn a_python_receiver_accepts_the_delivery_and_rejects_a_tampered_one() {
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/receiver.py");
    let mut receiver = Command::new(venv_python())
        .arg(example)
        .env("AYRSHARE_WEBHOOK_SECRET", SECRET)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the venv's python runs (make wheel)");
    let mut lines = BufReader::new(receiver.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let dir = temp_dir("send-python");
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());

    let genuine = Cli::new()
        .run(&[
            "send-test",
            "--action",
            "scheduled",
            "--to",
            &url,
            "--secret-file",
            &secret,
            "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(genuine["status"], 204, "{genuine}");
    let line = lines.next().unwrap().unwrap();
    assert_eq!(
        line,
        format!(
            "accepted: scheduled hookId {}",
            genuine["hookId"].as_str().unwrap()
        )
    );

    let tampered = Cli::new()
        .run(&[
            "send-test",
            "--action",
            "scheduled",
            "--to",
            &url,
            "--secret-file",
            &secret,
            "--tamper",
            "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(tampered["status"], 401, "{tampered}");
    assert_eq!(tampered["answer"], "mismatch");
    assert_eq!(lines.next().unwrap().unwrap(), "rejected: mismatch");
    let _ = receiver.kill();
    let _ = receiver.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
