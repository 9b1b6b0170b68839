//! The scenario of every case of the C suite: the exact requests the case must send (and
//! the answers it gets), or none at all. The table at the bottom must list exactly the cases
//! each program of `tests/c/` has; the harness checks both ways.

use std::process::Command;

use mockito::{Matcher, Mock, ServerGuard};

use super::server::{SilentServer, closed_port};

/// The API key of `tests/c/check.h`.
const API_KEY: &str = "test-api-key";
/// The webhook URL most cases register.
const HOOK_URL: &str = "https://example.com/hooks/ayrshare";
/// The environment variables `ayr_client_from_env` reads; cleared for every case.
const AYRSHARE_ENV: [&str; 3] = [
    "AYRSHARE_API_KEY",
    "AYRSHARE_PROFILE_KEY",
    "AYRSHARE_BASE_URL",
];

/// What a client built by libayr sends as `User-Agent`.
fn libayr_user_agent() -> String {
    let version = env!("CARGO_PKG_VERSION");
    format!("ayrshare-webhooks-rust/{version} libayr/{version}")
}

/// Sets up a case's scenario.
pub type Setup = fn(&mut Scenario);

/// A mock API server that fails on any request not expected, the expected requests, and the
/// environment the program runs with.
pub struct Scenario {
    server: ServerGuard,
    base_url: String,
    env: Vec<(&'static str, String)>,
    mocks: Vec<Mock>,
    silent: Option<SilentServer>,
}

impl Scenario {
    /// A fresh server whose every request fails the case, then `setup`'s expectations.
    pub fn new(setup: Setup) -> Scenario {
        let mut server = mockito::Server::new();
        // Created first, so any request that matches an expected mock goes to that mock; a
        // request that matches none lands here and fails the case.
        let mocks = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]
            .map(|method| {
                server
                    .mock(method, Matcher::Any)
                    .with_status(418)
                    .with_body("unexpected request")
                    .expect(0)
                    .create()
            })
            .into();
        let base_url = format!("{}/api", server.url());
        let mut scenario = Scenario {
            server,
            base_url,
            env: Vec::new(),
            mocks,
            silent: None,
        };
        setup(&mut scenario);
        scenario
    }

    /// A request to `path` under the API root, from a libayr client with the test key:
    /// `Profile-Key` exactly `profile` or absent, and for a `body`, JSON with exactly those
    /// bytes (otherwise no body and no `Content-Type`).
    fn request(
        &mut self,
        method: &str,
        path: &str,
        profile: Option<&str>,
        body: Option<&str>,
    ) -> Mock {
        let profile = profile.map_or(Matcher::Missing, |p| Matcher::Exact(p.to_owned()));
        let mock = self
            .server
            .mock(method, format!("/api{path}").as_str())
            .match_header("authorization", format!("Bearer {API_KEY}").as_str())
            .match_header("user-agent", libayr_user_agent().as_str())
            .match_header("profile-key", profile);
        match body {
            Some(body) => mock
                .match_header("content-type", "application/json")
                .match_body(Matcher::Exact(body.to_owned())),
            None => mock
                .match_header("content-type", Matcher::Missing)
                .match_body(Matcher::Exact(String::new())),
        }
    }

    /// Expects `mock` exactly `times` times.
    fn expect(&mut self, mock: Mock, times: usize) {
        self.mocks.push(mock.expect(times).create());
    }

    /// Expects one request answered with `status` and `answer`.
    fn once(
        &mut self,
        method: &str,
        path: &str,
        profile: Option<&str>,
        body: Option<&str>,
        status: usize,
        answer: &str,
    ) {
        let mock = self
            .request(method, path, profile, body)
            .with_status(status)
            .with_body(answer);
        self.expect(mock, 1);
    }

    /// Points the program at a server that never answers, expecting one connection to it.
    fn silent_server(&mut self) {
        let silent = SilentServer::start();
        self.base_url = format!("http://127.0.0.1:{}/api", silent.port);
        self.silent = Some(silent);
    }

    /// Sets up the program's environment.
    pub fn configure(&self, command: &mut Command) {
        for name in AYRSHARE_ENV {
            command.env_remove(name);
        }
        command.env("AYR_TEST_BASE_URL", &self.base_url);
        for (name, value) in &self.env {
            command.env(name, value);
        }
    }

    /// Fails unless every expected request came exactly as often as expected, and nothing else.
    pub fn assert_requests(&self, context: &str) {
        for mock in &self.mocks {
            if !mock.matched() {
                eprintln!("{context}: the mock server did not get the expected requests");
            }
            mock.assert();
        }
        if let Some(silent) = &self.silent {
            assert_eq!(
                silent.accepted(),
                1,
                "{context}: connections to the silent server"
            );
        }
    }
}

fn register_body(action: &str, url: &str, secret: Option<&str>) -> String {
    match secret {
        Some(secret) => format!(r#"{{"action":"{action}","url":"{url}","secret":"{secret}"}}"#),
        None => format!(r#"{{"action":"{action}","url":"{url}"}}"#),
    }
}

fn registered(action: &str, url: &str, ref_id: Option<&str>) -> String {
    match ref_id {
        Some(ref_id) => {
            format!(
                r#"{{"status":"success","action":"{action}","url":"{url}","refId":"{ref_id}"}}"#
            )
        }
        None => format!(r#"{{"status":"success","action":"{action}","url":"{url}"}}"#),
    }
}

const SUCCESS: &str = r#"{"status":"success"}"#;

// ---- test_client.c ----

fn nothing_sent(_: &mut Scenario) {}

fn builder_all_settings(s: &mut Scenario) {
    s.once(
        "GET",
        "/hook/webhook",
        Some("client-profile"),
        None,
        200,
        SUCCESS,
    );
}

fn builder_retries(s: &mut Scenario) {
    let body = r#"{"action":"feed"}"#;
    let failing = s
        .request("DELETE", "/hook/webhook", None, Some(body))
        .with_status(503)
        .with_body("busy");
    s.expect(failing, 1);
    s.once(
        "DELETE",
        "/hook/webhook",
        None,
        Some(body),
        200,
        r#"{"status":"success","action":"feed"}"#,
    );
}

fn from_env_ok(s: &mut Scenario) {
    s.env = vec![
        ("AYRSHARE_API_KEY", "env-api-key".into()),
        ("AYRSHARE_PROFILE_KEY", "env-profile".into()),
        ("AYRSHARE_BASE_URL", s.base_url.clone()),
    ];
    let mock = s
        .server
        .mock("GET", "/api/hook/webhook")
        .match_header("authorization", "Bearer env-api-key")
        .match_header("profile-key", "env-profile")
        .match_header("user-agent", libayr_user_agent().as_str())
        .with_body(r#"{"status":"success","feed":"https://example.com/feed"}"#);
    s.expect(mock, 1);
}

fn from_env_missing_key(s: &mut Scenario) {
    // A profile key and base URL alone do not make a client.
    s.env = vec![
        ("AYRSHARE_PROFILE_KEY", "env-profile".into()),
        ("AYRSHARE_BASE_URL", s.base_url.clone()),
    ];
}

// ---- test_webhooks.c ----

fn register_with_secret(s: &mut Scenario) {
    let body = register_body("scheduled", HOOK_URL, Some("s3cret-value"));
    let answer = registered("scheduled", HOOK_URL, Some("3dc079614bdc3f281d9"));
    s.once("POST", "/hook/webhook", None, Some(&body), 200, &answer);
}

fn register_without_secret_for_profile(s: &mut Scenario) {
    let body = register_body("feed", HOOK_URL, None);
    let answer = registered("feed", HOOK_URL, None);
    s.once(
        "POST",
        "/hook/webhook",
        Some("per-call-profile"),
        Some(&body),
        200,
        &answer,
    );
}

fn register_client_profile_and_override(s: &mut Scenario) {
    let body = register_body("social", HOOK_URL, None);
    for (profile, ref_id) in [
        ("client-profile", "ref-client"),
        ("other-profile", "ref-other"),
    ] {
        let answer = registered("social", HOOK_URL, Some(ref_id));
        s.once(
            "POST",
            "/hook/webhook",
            Some(profile),
            Some(&body),
            200,
            &answer,
        );
    }
}

fn register_account_activity(s: &mut Scenario) {
    let body = register_body("accountActivity", HOOK_URL, None);
    let answer = registered("accountActivity", HOOK_URL, None);
    s.once("POST", "/hook/webhook", None, Some(&body), 200, &answer);
}

fn unregister(s: &mut Scenario) {
    s.once(
        "DELETE",
        "/hook/webhook",
        None,
        Some(r#"{"action":"feed"}"#),
        200,
        r#"{"status":"success","action":"feed"}"#,
    );
    s.once(
        "DELETE",
        "/hook/webhook",
        Some("profile-2"),
        Some(r#"{"action":"messages"}"#),
        200,
        r#"{"status":"success","action":"messages"}"#,
    );
}

fn list(s: &mut Scenario) {
    let answer = r#"{"status":"success","feed":"https://a.example/feed","scheduled":"https://a.example/scheduled","social":null,"updated":"2026-11-01T10:00:00Z","scheduledUpdated":"2026-11-01T10:00:00Z"}"#;
    s.once("GET", "/hook/webhook", None, None, 200, answer);
}

fn list_for_profile(s: &mut Scenario) {
    s.once(
        "GET",
        "/hook/webhook",
        Some("list-profile"),
        None,
        200,
        SUCCESS,
    );
}

fn rotate_secret(s: &mut Scenario) {
    let answer = r#"{"status":"success","action":"webhook","refId":"ref-rotated"}"#;
    s.once(
        "POST",
        "/hook/webhook/secret",
        Some("client-profile"),
        Some(r#"{"secret":"new-secret-1"}"#),
        200,
        answer,
    );
    s.once(
        "POST",
        "/hook/webhook/secret",
        Some("rotated-profile"),
        Some(r#"{"secret":"new-secret-2"}"#),
        200,
        answer,
    );
}

// ---- test_errors.c ----

/// The registration `failed_registration` in test_errors.c sends, answered as given.
fn registration_answered(s: &mut Scenario, status: usize, answer: &str) {
    let body = register_body("scheduled", HOOK_URL, None);
    s.once("POST", "/hook/webhook", None, Some(&body), status, answer);
}

fn api_error(s: &mut Scenario) {
    registration_answered(
        s,
        403,
        r#"{"status":"error","code":102,"message":"Webhooks need a Premium plan"}"#,
    );
}

fn api_error_in_success_status(s: &mut Scenario) {
    registration_answered(
        s,
        200,
        r#"{"status":"error","code":"272","message":"Profile suspended"}"#,
    );
}

fn server_error_html(s: &mut Scenario) {
    registration_answered(s, 502, "<html>bad gateway</html>");
}

fn rate_limited(s: &mut Scenario) {
    let mock = s
        .request("GET", "/hook/webhook", None, None)
        .with_status(429)
        .with_header("retry-after", "120")
        .with_body(r#"{"status":"error","code":429,"message":"Too many requests"}"#);
    s.expect(mock, 1);
}

fn rate_limited_without_wait(s: &mut Scenario) {
    s.once(
        "DELETE",
        "/hook/webhook",
        None,
        Some(r#"{"action":"feed"}"#),
        429,
        "",
    );
}

fn decode_error(s: &mut Scenario) {
    registration_answered(s, 200, "<html>maintenance</html>");
}

fn decode_error_nul_in_answer(s: &mut Scenario) {
    registration_answered(
        s,
        200,
        r#"{"status":"success","action":"scheduled","url":"https://example.com/\u0000evil"}"#,
    );
}

fn timeout(s: &mut Scenario) {
    s.silent_server();
}

fn connection_refused(s: &mut Scenario) {
    s.base_url = format!("http://127.0.0.1:{}/api", closed_port());
}

// ---- test_threads.c ----

fn eight_threads(s: &mut Scenario) {
    for thread in 0..8 {
        let profile = format!("thread-{thread}");
        let url = format!("https://example.com/hooks/thread-{thread}");
        let body = register_body("scheduled", &url, None);
        let register = s
            .request("POST", "/hook/webhook", Some(&profile), Some(&body))
            .with_body(registered("scheduled", &url, None));
        s.expect(register, 4);
        let list = s
            .request("GET", "/hook/webhook", Some(&profile), None)
            .with_body(format!(r#"{{"status":"success","scheduled":"{url}"}}"#));
        s.expect(list, 4);
    }
}

// ---- test_panic.c ----

fn after_panic(s: &mut Scenario) {
    let url = "https://example.com/after-panic";
    s.once(
        "POST",
        "/hook/webhook",
        None,
        Some(&register_body("batch", url, None)),
        200,
        &registered("batch", url, None),
    );
}

// ---- test_cpp.cpp ----

fn from_cpp(s: &mut Scenario) {
    let url = "https://example.com/hooks/cpp";
    let body = register_body("messages", url, Some("cpp-secret"));
    s.once(
        "POST",
        "/hook/webhook",
        None,
        Some(&body),
        200,
        &registered("messages", url, Some("ref-cpp")),
    );
    s.once(
        "GET",
        "/hook/webhook",
        None,
        None,
        401,
        r#"{"status":"error","code":101,"message":"API Key not valid"}"#,
    );
}

/// Every case of every program, with its scenario.
const CASES: &[(&str, &str, Setup)] = &[
    ("test_client", "new_ok", nothing_sent),
    ("test_client", "new_invalid_key", nothing_sent),
    ("test_client", "builder_all_settings", builder_all_settings),
    ("test_client", "builder_retries", builder_retries),
    ("test_client", "builder_invalid_settings", nothing_sent),
    ("test_client", "builder_consumed", nothing_sent),
    ("test_client", "from_env_ok", from_env_ok),
    ("test_client", "from_env_missing_key", from_env_missing_key),
    (
        "test_webhooks",
        "register_with_secret",
        register_with_secret,
    ),
    (
        "test_webhooks",
        "register_without_secret_for_profile",
        register_without_secret_for_profile,
    ),
    (
        "test_webhooks",
        "register_client_profile_and_override",
        register_client_profile_and_override,
    ),
    (
        "test_webhooks",
        "register_account_activity",
        register_account_activity,
    ),
    ("test_webhooks", "unregister", unregister),
    ("test_webhooks", "list", list),
    ("test_webhooks", "list_for_profile", list_for_profile),
    ("test_webhooks", "rotate_secret", rotate_secret),
    ("test_errors", "api_error", api_error),
    (
        "test_errors",
        "api_error_in_success_status",
        api_error_in_success_status,
    ),
    ("test_errors", "server_error_html", server_error_html),
    ("test_errors", "rate_limited", rate_limited),
    (
        "test_errors",
        "rate_limited_without_wait",
        rate_limited_without_wait,
    ),
    ("test_errors", "decode_error", decode_error),
    (
        "test_errors",
        "decode_error_nul_in_answer",
        decode_error_nul_in_answer,
    ),
    ("test_errors", "timeout", timeout),
    ("test_errors", "connection_refused", connection_refused),
    ("test_errors", "invalid_input_sends_nothing", nothing_sent),
    ("test_errors", "result_names", nothing_sent),
    ("test_null", "clients_and_builders", nothing_sent),
    ("test_null", "calls", nothing_sent),
    ("test_null", "results", nothing_sent),
    ("test_null", "verification", nothing_sent),
    ("test_verify", "verify_signature", nothing_sent),
    ("test_verify", "verifier", nothing_sent),
    ("test_verify", "parse_delivery", nothing_sent),
    (
        "test_threads",
        "eight_threads_share_a_client",
        eight_threads,
    ),
    ("test_panic", "panic_is_caught", after_panic),
    ("test_cpp", "from_cpp", from_cpp),
];

/// The cases of `program` with their scenarios.
pub fn for_program(program: &str) -> impl Iterator<Item = (&'static str, Setup)> + '_ {
    CASES
        .iter()
        .filter(move |(p, _, _)| *p == program)
        .map(|(_, case, setup)| (*case, *setup))
}
