//! Every command of the CLI, driven end to end against the mock: output (text and `--json`),
//! exit statuses, and what reaches the API.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{API_KEY, Cli, Mock, Receiver, Silent, temp_dir, wait_until, write};

const SECRET: &str = "cli-test-webhook-secret-7f3a";

#[test]
fn register_list_unregister_in_json_and_text() {
    let mock = Mock::start(&[]);
    let dir = temp_dir("register");
    let secret = write(&dir, "secret.txt", format!("{SECRET}\n").as_bytes());

    let run = mock
        .cli()
        .run(&[
            "register",
            "--action",
            "scheduled",
            "--url",
            "https://example.com/hooks",
            "--secret-file",
            &secret,
            "--profile-key",
            "tenant-one",
            "--json",
        ])
        .expect(0);
    let hook = run.json();
    assert_eq!(hook["action"], "scheduled");
    assert_eq!(hook["url"], "https://example.com/hooks");
    assert_eq!(hook["status"], "success");
    assert_eq!(hook["signed"], true);
    assert_eq!(hook["refId"].as_str().map(str::len), Some(20));
    assert_eq!(hook["profile"], "***");

    let run = mock
        .cli()
        .env("AYRSHARE_PROFILE_KEY", "tenant-one")
        .run(&[
            "register",
            "--action",
            "feed",
            "--url",
            "https://example.com/feed",
        ])
        .expect(0);
    assert!(
        run.stdout
            .starts_with("registered feed -> https://example.com/feed (profile ***, refId "),
        "{run:?}"
    );
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour off a terminal: {run:?}"
    );

    let list = mock
        .cli()
        .run(&["list", "--profile-key", "tenant-one", "--json"])
        .expect(0)
        .json();
    assert_eq!(
        list["webhooks"],
        json!({"feed": "https://example.com/feed", "scheduled": "https://example.com/hooks"})
    );
    let text = mock
        .cli()
        .run(&["list", "--profile-key", "tenant-one"])
        .expect(0);
    assert_eq!(
        text.stdout,
        "feed       https://example.com/feed\nscheduled  https://example.com/hooks\n"
    );
    let empty = mock.cli().run(&["list"]).expect(0);
    assert_eq!(empty.stdout, "no webhooks registered (Primary Profile)\n");

    let gone = mock
        .cli()
        .run(&[
            "unregister",
            "--action",
            "feed",
            "--profile-key",
            "tenant-one",
            "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(
        gone,
        json!({"action": "feed", "unregistered": true, "profile": "***"})
    );
    let again = mock
        .cli()
        .run(&[
            "unregister",
            "--action",
            "feed",
            "--profile-key",
            "tenant-one",
            "--json",
        ])
        .expect(1)
        .json();
    assert_eq!(again["error"]["kind"], "api");
    assert_eq!(again["error"]["status"], 404);

    assert_eq!(mock.count("tenant-one", "register"), 2);
    assert_eq!(mock.count("tenant-one", "unregister"), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn rotate_secret_is_sent_once_and_retried_only_before_sending() {
    let mock = Mock::start(&[]);
    let dir = temp_dir("rotate");
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    let run = mock
        .cli()
        .run(&[
            "rotate-secret",
            "--secret-file",
            &secret,
            "--profile-key",
            "tenant",
            "--json",
        ])
        .expect(0);
    assert_eq!(run.json(), json!({"rotated": true, "profile": "***"}));
    assert_eq!(mock.count("tenant", "rotate"), 1);

    // The secret from the environment; a server that never answers gets one request only,
    // whatever --max-retries says (it may have applied it), and the outcome is reported as
    // unknown (exit 3).
    let silent = Silent::start();
    let run = Cli::new()
        .env("AYRSHARE_API_KEY", API_KEY)
        .env("AYRSHARE_WEBHOOK_SECRET", SECRET)
        .run(&[
            "rotate-secret",
            "--base-url",
            &silent.url,
            "--timeout",
            "0.3",
            "--max-retries",
            "2",
        ])
        .expect(3);
    assert!(run.stderr.contains("timed out (1 attempt)"), "{run:?}");
    assert!(run.stderr.contains("may have reached Ayrshare"), "{run:?}");
    // The silent server's thread may count late on a loaded machine.
    wait_until(Duration::from_secs(5), || {
        *silent.accepted.lock().unwrap() >= 1
    });
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(*silent.accepted.lock().unwrap(), 1);

    // A refused connection sent nothing: --max-retries applies.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = Cli::new()
        .env("AYRSHARE_API_KEY", API_KEY)
        .env("AYRSHARE_WEBHOOK_SECRET", SECRET)
        .run(&[
            "rotate-secret",
            "--base-url",
            &format!("http://127.0.0.1:{closed}/api"),
            "--max-retries",
            "1",
        ])
        .expect(3);
    assert!(
        refused.stderr.contains("connection refused") && refused.stderr.contains("(2 attempts)"),
        "{refused:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn exit_statuses_say_what_happened() {
    let mock = Mock::start(&["--plan-without-webhooks-key", "basic-plan-key"]);
    // 2: nothing was sent (bad input, bad flags, no key).
    let bad_url = mock
        .cli()
        .run(&[
            "register",
            "--action",
            "feed",
            "--url",
            "http://example.com/h",
            "--json",
        ])
        .expect(2)
        .json();
    assert_eq!(bad_url["error"]["kind"], "invalid_input");
    assert_eq!(bad_url["error"]["field"], "url");
    let bad_action = mock
        .cli()
        .run(&["unregister", "--action", "Feed"])
        .expect(2);
    assert!(
        bad_action.stderr.starts_with("error: invalid action"),
        "{bad_action:?}"
    );
    mock.cli().run(&["list", "--bogus"]).expect(2);
    mock.cli().run(&["list", "--timeout", "-1"]).expect(2);
    let no_key = Cli::new()
        .env("AYRSHARE_BASE_URL", &mock.base_url)
        .run(&["list"])
        .expect(2);
    assert!(
        no_key.stderr.contains("no API key: set AYRSHARE_API_KEY"),
        "{no_key:?}"
    );
    // The API key never comes from the command line.
    let argv = mock.cli().run(&["list", "--api-key", API_KEY]).expect(2);
    assert!(
        argv.stderr.contains("unexpected argument '--api-key'"),
        "{argv:?}"
    );
    // A value typed one place too far is not repeated.
    let stray = mock
        .cli()
        .run(&["list", "--profile-key", "tenant", "KEY-TYPED-TOO-FAR"])
        .expect(2);
    assert!(
        stray
            .stderr
            .starts_with("error: unexpected argument '***' found"),
        "{stray:?}"
    );
    assert!(!stray.stderr.contains("KEY-TYPED-TOO-FAR"), "{stray:?}");
    assert_eq!(mock.get("requests")["primary"], json!(null));

    // 1: the API refused.
    let wrong = mock
        .cli()
        .env("AYRSHARE_API_KEY", "wrong-key")
        .run(&["list", "--json"])
        .expect(1);
    assert_eq!(wrong.json()["error"]["status"], 401);
    assert_eq!(wrong.json()["error"]["code"], 102);
    let basic = mock
        .cli()
        .env("AYRSHARE_API_KEY", "basic-plan-key")
        .run(&["list", "--json"])
        .expect(1);
    assert_eq!(basic.json()["error"]["status"], 403);

    // 3: no answer.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = mock
        .cli()
        .run(&[
            "list",
            "--base-url",
            &format!("http://127.0.0.1:{closed}/api"),
            "--max-retries",
            "0",
            "--json",
        ])
        .expect(3);
    assert_eq!(refused.json()["error"]["kind"], "connection");
}

#[test]
fn keys_and_secrets_come_from_files_and_never_show() {
    let mock = Mock::start(&["--request-budget", "3"]);
    let dir = temp_dir("secrets");
    let key_file = write(&dir, "key.txt", format!("{API_KEY}\n").as_bytes());
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    let profile = "tenant-key-that-is-long-enough-abcd";
    let runs = [
        Cli::new()
            .env("AYRSHARE_BASE_URL", &mock.base_url)
            .run(&[
                "register",
                "--action",
                "feed",
                "--url",
                "https://example.com/h",
                "--api-key-file",
                &key_file,
                "--secret-file",
                &secret,
                "--profile-key",
                profile,
            ])
            .expect(0),
        Cli::new()
            .env("AYRSHARE_BASE_URL", &mock.base_url)
            .stdin(API_KEY.as_bytes())
            .run(&[
                "rotate-secret",
                "--api-key-file",
                "-",
                "--secret-file",
                &secret,
                "--profile-key",
                profile,
                "--json",
            ])
            .expect(0),
        mock.cli()
            .run(&["list", "--profile-key", profile])
            .expect(0),
        // The budget of 3 is spent: 429, exit 1.
        mock.cli()
            .run(&["list", "--profile-key", profile, "--json"])
            .expect(1),
        mock.cli()
            .env("AYRSHARE_API_KEY", format!("{API_KEY}x"))
            .run(&["list", "--profile-key", profile])
            .expect(1),
        mock.cli()
            .run(&["sign", "--body-file", &secret, "--secret-file", &secret])
            .expect(0),
    ];
    assert!(runs[0].stdout.contains("profile ***abcd"), "{:?}", runs[0]);
    assert_eq!(runs[3].json()["error"]["kind"], "rate_limited");
    for run in &runs {
        for secret in [API_KEY, SECRET, profile] {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{secret} in {run:?}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn on_a_terminal_the_api_key_is_asked_for_and_not_echoed() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};

    let mock = Mock::start(&[]);
    let mut script = Command::new("script")
        .args([
            "-qec",
            &format!("{} list --json", support::BIN),
            "/dev/null",
        ])
        .env("AYRSHARE_BASE_URL", &mock.base_url)
        .env_remove("AYRSHARE_API_KEY")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let screen = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = script.stdout.take().unwrap();
    let copy = Arc::clone(&screen);
    let reader = std::thread::spawn(move || {
        let mut chunk = [0u8; 256];
        while let Ok(n @ 1..) = stdout.read(&mut chunk) {
            copy.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    let asked = support::wait_until(std::time::Duration::from_secs(10), || {
        String::from_utf8_lossy(&screen.lock().unwrap()).contains("Ayrshare API key: ")
    });
    assert!(
        asked,
        "no prompt: {:?}",
        String::from_utf8_lossy(&screen.lock().unwrap())
    );
    let mut stdin = script.stdin.take().unwrap();
    stdin.write_all(format!("{API_KEY}\n").as_bytes()).unwrap();
    assert!(script.wait().unwrap().success());
    drop(stdin);
    reader.join().unwrap();
    let screen = String::from_utf8(screen.lock().unwrap().clone()).unwrap();
    assert!(
        screen.contains(r#"{"profile":null,"webhooks":{}}"#),
        "{screen:?}"
    );
    assert!(!screen.contains(API_KEY), "the key was echoed: {screen:?}");
}

#[test]
fn sign_then_verify_from_files_and_from_a_raw_request() {
    let dir = temp_dir("verify");
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    let old = write(&dir, "old.txt", b"the-previous-secret");
    let body_bytes =
        br#"{"action":"social","type":"link","platform":"linkedin","hookId":"h-1","refId":"r-1"}"#;
    let body = write(&dir, "body.json", body_bytes);

    let signed = Cli::new()
        .run(&["sign", "--body-file", &body, "--secret-file", &secret])
        .expect(0);
    let lines: Vec<&str> = signed.stdout.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with("X-Authorization-Content-SHA256: "),
        "{signed:?}"
    );
    assert!(
        lines[1].starts_with("X-Authorization-Timestamp: "),
        "{signed:?}"
    );
    let headers = write(&dir, "headers.txt", signed.stdout.as_bytes());

    let verified = Cli::new()
        .run(&[
            "verify",
            "--headers-file",
            &headers,
            "--body-file",
            &body,
            "--secret-file",
            &secret,
            "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(
        verified,
        json!({"verified": true, "event": {
            "kind": "social", "action": "social", "created": null, "code": null,
            "refId": "r-1", "hookId": "h-1", "status": null, "type": "link",
            "platform": "linkedin", "displayName": null, "title": null, "source": null,
            "refreshBy": null, "details": null, "other": {},
        }})
    );
    let text = Cli::new()
        .env("AYRSHARE_WEBHOOK_SECRET", SECRET)
        .run(&["verify", "--headers-file", &headers, "--body-file", &body])
        .expect(0);
    assert_eq!(
        text.stdout,
        "verified: social event\n  refId: r-1\n  hookId: h-1\n  type: link\n  platform: linkedin\n",
        "{text:?}"
    );

    // A raw captured request on standard input, chunked; then with one body byte changed.
    let raw = |body: &[u8]| {
        let mut raw = format!(
            "POST /hooks HTTP/1.1\r\nHost: x\r\n{}Transfer-Encoding: chunked\r\n\r\n",
            signed.stdout.replace('\n', "\r\n")
        )
        .into_bytes();
        raw.extend_from_slice(format!("{:x}\r\n", body.len()).as_bytes());
        raw.extend_from_slice(body);
        raw.extend_from_slice(b"\r\n0\r\n\r\n");
        raw
    };
    let run = Cli::new()
        .stdin(&raw(body_bytes))
        .run(&["verify", "--secret-file", &secret, "--json"])
        .expect(0);
    assert_eq!(run.json()["event"]["refId"], "r-1");
    let tampered = body_bytes
        .to_vec()
        .iter()
        .map(|&b| if b == b'k' { b'K' } else { b })
        .collect::<Vec<_>>();
    let run = Cli::new()
        .stdin(&raw(&tampered))
        .run(&["verify", "--secret-file", &secret, "--json"])
        .expect(1);
    assert_eq!(
        run.json(),
        json!({"verified": false, "reason": "mismatch", "message": "the signature does not match the body (wrong secret or altered body)"})
    );
    let run = Cli::new()
        .stdin(&raw(&tampered))
        .run(&["verify", "--secret-file", &secret])
        .expect(1);
    assert_eq!(
        run.stdout,
        "rejected: the signature does not match the body (wrong secret or altered body) (mismatch)\n"
    );
    let run = Cli::new()
        .stdin(b"not a request")
        .run(&["verify", "--secret-file", &secret])
        .expect(2);
    assert!(
        run.stderr.contains("no blank line after the headers"),
        "{run:?}"
    );

    // An old timestamp fails unless the check is off; a rotation's two signatures both verify.
    let stale = Cli::new()
        .run(&[
            "sign",
            "--body-file",
            &body,
            "--secret-file",
            &secret,
            "--previous-secret-file",
            &old,
            "--timestamp",
            "1000",
            "--json",
        ])
        .expect(0)
        .json();
    assert!(
        stale["X-Authorization-Content-SHA256-V2"]
            .as_str()
            .unwrap()
            .matches("v1=")
            .count()
            == 2,
        "{stale}"
    );
    let stale_headers = write(
        &dir,
        "stale.txt",
        stale
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}: {}\n", v.as_str().unwrap()))
            .collect::<String>()
            .as_bytes(),
    );
    let run = Cli::new()
        .run(&[
            "verify",
            "--headers-file",
            &stale_headers,
            "--body-file",
            &body,
            "--secret-file",
            &old,
            "--json",
        ])
        .expect(1);
    assert_eq!(run.json()["reason"], "timestamp_outside_tolerance");
    Cli::new()
        .run(&[
            "verify",
            "--headers-file",
            &stale_headers,
            "--body-file",
            &body,
            "--secret-file",
            &old,
            "--no-timestamp-check",
        ])
        .expect(0);
    // A verified body that is not a delivery is still exit 1.
    let not_delivery = write(&dir, "list.json", b"[1]");
    let signed = Cli::new()
        .run(&[
            "sign",
            "--body-file",
            &not_delivery,
            "--secret-file",
            &secret,
        ])
        .expect(0);
    let headers = write(&dir, "list-headers.txt", signed.stdout.as_bytes());
    let run = Cli::new()
        .run(&[
            "verify",
            "--headers-file",
            &headers,
            "--body-file",
            &not_delivery,
            "--secret-file",
            &secret,
            "--json",
        ])
        .expect(1);
    assert_eq!(run.json()["verified"], true);
    assert_eq!(run.json()["event"], Value::Null);
    assert_eq!(run.json()["error"]["kind"], "decode");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_mock_command_serves_and_delivers_to_a_registered_receiver() {
    let mock = Mock::start(&["--deliver-over-http", "--retry-delays-ms", "none"]);
    let receiver = Receiver::start(Some(SECRET));
    let url = receiver.url.replace("http://", "https://");
    let dir = temp_dir("mock");
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    mock.cli()
        .run(&[
            "register",
            "--action",
            "messages",
            "--url",
            &url,
            "--secret-file",
            &secret,
            "--profile-key",
            "tenant",
        ])
        .expect(0);
    let (status, record) = mock.post(
        "deliveries",
        &json!({"action": "messages", "profile": "tenant", "wait": true}),
    );
    assert_eq!(status, 200);
    assert_eq!(record["state"], "delivered", "{record}");
    let got = receiver.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].status, 204);

    let help = Cli::new().run(&["mock", "--help"]).expect(0);
    assert!(help.stdout.contains("POST /_mock/deliveries"), "{help:?}");
    let bad = Cli::new().run(&["mock", "--latency-ms", "x"]).expect(2);
    assert!(
        bad.stderr
            .starts_with("ayrshare-webhooks mock: --latency-ms"),
        "{bad:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_command_has_a_manual() {
    let top = Cli::new().run(&["--help"]).expect(0);
    for part in [
        "EXAMPLES:",
        "ENVIRONMENT:",
        "EXIT STATUS:",
        "AYRSHARE_WEBHOOK_SECRET",
        "NO_COLOR",
        "AYRSHARE_CA_BUNDLE",
        "HTTPS_PROXY",
        "    4    no connection",
        "130",
    ] {
        assert!(top.stdout.contains(part), "{part} missing from --help");
    }
    for command in [
        "register",
        "list",
        "unregister",
        "rotate-secret",
        "sign",
        "send-test",
        "verify",
    ] {
        let help = Cli::new().run(&[command, "--help"]).expect(0);
        assert!(
            help.stdout.contains("Usage: ayrshare-webhooks "),
            "{command}: {help:?}"
        );
        assert!(help.stdout.contains("--json"), "{command}");
        if command != "sign" && command != "verify" {
            assert!(
                help.stdout.contains("--ca-bundle <FILE>") && help.stdout.contains("--proxy <URL>"),
                "{command}"
            );
        }
        if matches!(command, "register" | "unregister" | "rotate-secret") {
            assert!(
                help.stdout.contains("BULK RUNS:") && help.stdout.contains("--profiles-file"),
                "{command}"
            );
        }
    }
    let version = Cli::new().run(&["--version"]).expect(0);
    assert_eq!(
        version.stdout,
        format!("ayrshare-webhooks {}\n", env!("CARGO_PKG_VERSION"))
    );
}
