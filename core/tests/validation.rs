//! Every input rule: the call fails with `Error::InvalidInput` naming the field, and the
//! server sees no request at all.

mod support;

use std::time::Duration;

use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook};
use support::{API_KEY, NoRequests, base_url, client, server};

fn assert_invalid<T: std::fmt::Debug>(result: Result<T, Error>, field: &str, case: &str) {
    match result {
        Err(Error::InvalidInput { field: got, reason }) => {
            assert_eq!(got, field, "{case}: {reason}");
            assert!(!reason.is_empty());
        }
        other => panic!("{case}: expected invalid {field}, got {other:?}"),
    }
}

const BAD_KEYS: &[(&str, &str)] = &[
    ("empty", ""),
    ("spaces only", "   "),
    ("inner space", "abc def"),
    ("leading space", " abc"),
    ("tab", "abc\tdef"),
    ("CR LF header injection", "abc\r\nX-Injected: yes"),
    ("NUL", "abc\0def"),
    ("non-breaking space", "abc\u{a0}def"),
];

fn long_key() -> String {
    "k".repeat(513)
}

#[test]
fn bad_api_keys_are_rejected_at_build() {
    let mut server = server();
    let nothing = NoRequests::expect(&mut server);
    let long = long_key();
    for (case, key) in BAD_KEYS
        .iter()
        .copied()
        .chain([("513 bytes", long.as_str())])
    {
        assert_invalid(Client::new(key), "api_key", case);
        assert_invalid(
            Client::builder()
                .api_key(key)
                .base_url(base_url(&server))
                .build(),
            "api_key",
            case,
        );
    }
    assert_invalid(Client::builder().build(), "api_key", "missing");
    nothing.assert();
}

#[test]
fn bad_profile_keys_are_rejected_everywhere_before_sending() {
    let mut server = server();
    let nothing = NoRequests::expect(&mut server);
    let client = client(&server);
    let long = long_key();
    for (case, key) in BAD_KEYS
        .iter()
        .copied()
        .chain([("513 bytes", long.as_str())])
    {
        assert_invalid(
            Client::builder().api_key(API_KEY).profile_key(key).build(),
            "profile_key",
            case,
        );
        assert_invalid(client.with_profile_key(key), "profile_key", case);
        assert_invalid(
            client.register_webhook(
                &RegisterWebhook::new(Action::Feed, "https://ok.test/").profile_key(key),
            ),
            "profile_key",
            case,
        );
        assert_invalid(
            client.unregister_webhook_for_profile(Action::Feed, key),
            "profile_key",
            case,
        );
        assert_invalid(client.list_webhooks_for_profile(key), "profile_key", case);
        assert_invalid(
            client.rotate_webhook_secret_for_profile("fine-secret", key),
            "profile_key",
            case,
        );
    }
    nothing.assert();
}

#[test]
fn bad_actions_name_the_valid_ones() {
    for bad in [
        "",
        "Feed",
        "FEED",
        " feed",
        "feed ",
        "account_activity",
        "webhook",
        "posts",
    ] {
        let err = bad.parse::<Action>().unwrap_err();
        assert_invalid::<()>(Err(err.clone()), "action", bad);
        assert!(err.to_string().contains("feed, social, scheduled"), "{err}");
    }
}

#[test]
fn bad_webhook_urls_are_rejected_before_sending() {
    let mut server = server();
    let nothing = NoRequests::expect(&mut server);
    let client = client(&server);
    let long = format!("https://example.com/{}", "a".repeat(2048));
    let cases = [
        ("empty", ""),
        ("http", "http://example.com/hook"),
        ("ftp", "ftp://example.com/hook"),
        ("relative", "/hooks/ayrshare"),
        ("no scheme", "example.com/hook"),
        ("space", "https://example.com/my hook"),
        ("leading space", " https://example.com/hook"),
        ("tab", "https://example.com/\thook"),
        ("newline", "https://example.com/hook\n"),
        ("NUL", "https://example.com/\0"),
        ("no host", "https://"),
        ("empty authority", "https:///hook"),
        ("javascript", "javascript:alert(1)"),
        ("userinfo only", "https://user@"),
        ("credentials", "https://user:password@example.com/hook"),
        ("data", "data:text/plain,hello"),
        ("over 2048 bytes", long.as_str()),
    ];
    for (case, url) in cases {
        assert_invalid(
            client.register_webhook(&RegisterWebhook::new(Action::Scheduled, url)),
            "url",
            case,
        );
    }
    nothing.assert();
}

#[test]
fn bad_secrets_are_rejected_before_sending() {
    let mut server = server();
    let nothing = NoRequests::expect(&mut server);
    let client = client(&server);
    let huge = "s".repeat(100 * 1024);
    let just_over = "s".repeat(1025);
    let cases = [
        ("empty", ""),
        ("newline", "line1\nline2"),
        ("CR", "abc\r"),
        ("NUL", "abc\0"),
        ("escape", "abc\u{1b}[31m"),
        ("DEL", "abc\u{7f}"),
        ("1025 bytes", just_over.as_str()),
        ("100 KB", huge.as_str()),
    ];
    for (case, secret) in cases {
        assert_invalid(
            client.register_webhook(
                &RegisterWebhook::new(Action::Scheduled, "https://ok.test/").secret(secret),
            ),
            "secret",
            case,
        );
        assert_invalid(client.rotate_webhook_secret(secret), "secret", case);
    }
    nothing.assert();
}

#[test]
fn bad_base_urls_and_settings_are_rejected_at_build() {
    let cases = [
        ("http to a public host", "http://api.ayrshare.com/api"),
        ("http to a private address", "http://192.168.1.10/api"),
        ("not a URL", "not a url"),
        ("no scheme", "api.ayrshare.com/api"),
        ("ftp", "ftp://api.ayrshare.com/api"),
        ("credentials", "https://user:pw@api.ayrshare.com/api"),
        ("query", "https://api.ayrshare.com/api?debug=1"),
        ("empty", ""),
    ];
    for (case, url) in cases {
        assert_invalid(
            Client::builder().api_key(API_KEY).base_url(url).build(),
            "base_url",
            case,
        );
    }
    let builder = || Client::builder().api_key(API_KEY);
    assert_invalid(builder().timeout(Duration::ZERO).build(), "timeout", "zero");
    assert_invalid(
        builder().connect_timeout(Duration::ZERO).build(),
        "connect_timeout",
        "zero",
    );
    assert_invalid(builder().max_retries(11).build(), "max_retries", "11");
    assert_invalid(
        builder().user_agent_suffix("evil\r\nX-A: b").build(),
        "user_agent_suffix",
        "CRLF",
    );
}

#[test]
fn valid_edge_values_are_accepted() {
    assert!(Client::new("k".repeat(512)).is_ok());
    for url in [
        "http://127.0.0.1:1/api",
        "http://[::1]:1/api",
        "http://localhost:1",
    ] {
        assert!(
            Client::builder()
                .api_key(API_KEY)
                .base_url(url)
                .build()
                .is_ok(),
            "{url}"
        );
    }
}

#[test]
fn invalid_input_messages_say_nothing_was_sent() {
    let err = Client::new("").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid api_key: must not be empty (no request was sent)"
    );
}
