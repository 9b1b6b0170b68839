//! The scenario of every case of the C suite: the exact requests the case must send (and
//! the answers it gets), or none at all. The table at the bottom must list exactly the cases
//! each program of `tests/c/` has; the harness checks both ways.

use std::ops::RangeInclusive;
use std::process::Command;
use std::time::{Duration, Instant};

use ayrshare_faultserver::tinyproxy::{ProxyOptions, Tinyproxy};
use ayrshare_faultserver::{CertKind, FaultServer};
use mockito::{Matcher, Mock, ServerGuard};

use super::events;
use super::server::{SilentServer, closed_port};
use super::{Mode, faults, production, work_dir};

/// The API key of `tests/c/check.h`.
const API_KEY: &str = "test-api-key";
/// The webhook URL most cases register.
const HOOK_URL: &str = "https://example.com/hooks/ayrshare";
/// The environment variables libayr reads (`ayr_client_from_env`'s, the proxy variables, and
/// the system store's location); cleared for every case, so the shell's settings (an
/// `HTTPS_PROXY`, say) never reach a program unless its scenario sets them.
const LIBAYR_ENV: [&str; 14] = [
    "AYRSHARE_API_KEY",
    "AYRSHARE_PROFILE_KEY",
    "AYRSHARE_BASE_URL",
    "AYRSHARE_CA_BUNDLE",
    "https_proxy",
    "HTTPS_PROXY",
    "http_proxy",
    "HTTP_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
];

/// What a client built by libayr sends as `User-Agent`.
fn libayr_user_agent() -> String {
    let version = env!("CARGO_PKG_VERSION");
    format!("ayrshare-webhooks-rust/{version} libayr/{version}")
}

/// Sets up a case's scenario.
pub type Setup = fn(&mut Scenario);

/// A fault server (`tests/faultserver`) a case runs against, with the requests and connections
/// it must have seen once the program has exited.
struct ExpectedFaultServer {
    server: FaultServer,
    script: String,
    requests: usize,
    connections: RangeInclusive<usize>,
    /// For a TLS server: the handshakes it must have completed and the connections its TLS
    /// front must have accepted (handshake completed or not).
    tls: Option<(usize, usize)>,
}

/// A TLS fault server of a case: its API root, port and the file holding its CA.
pub struct TlsServer {
    /// `https://localhost:PORT/api`.
    pub base_url: String,
    /// `localhost:PORT`, as error messages name it.
    pub authority: String,
    /// A PEM file holding the CA that issued its certificate.
    pub ca_file: String,
    /// The CA's PEM itself.
    pub ca_pem: String,
}

/// A tinyproxy of a case and the `CONNECT`s it must have seen once the program has exited.
struct ExpectedProxy {
    proxy: Tinyproxy,
    what: &'static str,
    connects: usize,
}

/// A mock API server that fails on any request not expected, the expected requests, and the
/// environment the program runs with.
pub struct Scenario {
    /// The run the case is part of: plain, valgrind or sanitized.
    pub mode: Mode,
    server: ServerGuard,
    /// The API root the program is pointed at (`AYR_TEST_BASE_URL`).
    pub base_url: String,
    env: Vec<(&'static str, String)>,
    mocks: Vec<Mock>,
    silent: Option<SilentServer>,
    fault_servers: Vec<ExpectedFaultServer>,
    proxies: Vec<ExpectedProxy>,
    stdout: Vec<String>,
    stdout_checks: Vec<StdoutCheck>,
    /// Why the case cannot run on this machine (a tool is missing), if it cannot.
    pub skip: Option<String>,
}

/// A check of a program's whole standard output: `Err` says what is wrong.
pub type StdoutCheck = fn(&str) -> Result<(), String>;

impl Scenario {
    /// A fresh server whose every request fails the case, then `setup`'s expectations.
    pub fn new(setup: Setup, mode: Mode) -> Scenario {
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
            mode,
            server,
            base_url,
            env: Vec::new(),
            mocks,
            silent: None,
            fault_servers: Vec::new(),
            proxies: Vec::new(),
            stdout: Vec::new(),
            stdout_checks: Vec::new(),
            skip: None,
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

    /// Starts a fault server playing `script` that must see exactly `requests` requests over a
    /// number of connections in `connections`; returns its API root.
    pub fn fault_server(
        &mut self,
        script: &str,
        requests: usize,
        connections: RangeInclusive<usize>,
    ) -> String {
        let server = FaultServer::start(script);
        let base_url = server.base_url();
        self.fault_servers.push(ExpectedFaultServer {
            server,
            script: script.to_owned(),
            requests,
            connections,
            tls: None,
        });
        base_url
    }

    /// Starts a fault server playing `script` over HTTPS with a certificate of `kind` (its
    /// base URL `https://localhost:PORT/api`), and writes its CA to a file of its own. Once the
    /// program has exited, the server must have read exactly `requests` requests over
    /// `handshakes` completed TLS handshakes, its TLS front having accepted exactly
    /// `tls_connections` connections.
    pub fn tls_server(
        &mut self,
        script: &str,
        kind: CertKind,
        requests: usize,
        handshakes: usize,
        tls_connections: usize,
    ) -> TlsServer {
        let server = FaultServer::start_tls(script, kind);
        let ca_pem = server.ca_pem().expect("a TLS server has a CA").to_owned();
        let ca_file = work_dir().join(format!("ca-{}.pem", server.port()));
        std::fs::write(&ca_file, &ca_pem).expect("write the CA file");
        let info = TlsServer {
            base_url: server.base_url(),
            authority: format!("localhost:{}", server.port()),
            ca_file: ca_file.display().to_string(),
            ca_pem,
        };
        self.fault_servers.push(ExpectedFaultServer {
            server,
            script: format!("{script} over TLS ({kind:?})"),
            requests,
            // Each completed handshake opens one connection to the scripted server behind.
            connections: handshakes..=handshakes,
            tls: Some((handshakes, tls_connections)),
        });
        info
    }

    /// Points the program at a new TLS fault server (see `tls_server`): `AYR_TEST_BASE_URL`,
    /// `AYR_TEST_CA_BUNDLE` (its CA's file) and `AYR_TEST_AUTHORITY` (`localhost:PORT`).
    pub fn tls_server_as_base(
        &mut self,
        script: &str,
        kind: CertKind,
        requests: usize,
        handshakes: usize,
        tls_connections: usize,
    ) -> TlsServer {
        let server = self.tls_server(script, kind, requests, handshakes, tls_connections);
        self.base_url = server.base_url.clone();
        self.set_env("AYR_TEST_CA_BUNDLE", server.ca_file.clone());
        self.set_env("AYR_TEST_AUTHORITY", server.authority.clone());
        server
    }

    /// Starts a tinyproxy with `options` that must have seen exactly `connects` `CONNECT`s
    /// once the program has exited; returns its port. Without tinyproxy (and without
    /// `AYRSHARE_REQUIRE_TOOLS`, which makes that a failure) the case is skipped.
    pub fn tinyproxy(
        &mut self,
        what: &'static str,
        options: &ProxyOptions,
        connects: usize,
    ) -> Option<u16> {
        let Some(proxy) = Tinyproxy::start(options) else {
            self.skip = Some("tinyproxy is not installed (apt-get install tinyproxy)".into());
            return None;
        };
        let port = proxy.port();
        self.proxies.push(ExpectedProxy {
            proxy,
            what,
            connects,
        });
        Some(port)
    }

    /// Points the program (`AYR_TEST_BASE_URL`) at a new fault server; see `fault_server`.
    pub fn fault_server_as_base(
        &mut self,
        script: &str,
        requests: usize,
        connections: RangeInclusive<usize>,
    ) {
        self.base_url = self.fault_server(script, requests, connections);
    }

    /// Sets an environment variable of the program.
    pub fn set_env(&mut self, name: &'static str, value: String) {
        self.env.push((name, value));
    }

    /// Requires a line of the program's standard output to contain `text`.
    pub fn expect_stdout(&mut self, text: String) {
        self.stdout.push(text);
    }

    /// Requires `check` to accept the program's standard output.
    pub fn check_stdout(&mut self, check: StdoutCheck) {
        self.stdout_checks.push(check);
    }

    /// Fails unless the program's standard output holds every expected text and passes every
    /// check.
    pub fn assert_stdout(&self, context: &str, stdout: &str) {
        for text in &self.stdout {
            assert!(
                stdout.contains(text.as_str()),
                "{context}: the output lacks {text:?}:\n{stdout}"
            );
        }
        for check in &self.stdout_checks {
            if let Err(problem) = check(stdout) {
                panic!("{context}: {problem}:\n{stdout}");
            }
        }
    }

    /// Sets up the program's environment.
    pub fn configure(&self, command: &mut Command) {
        for name in LIBAYR_ENV {
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
            // Its accept loop polls every 10 ms and may run late on a loaded machine: wait for
            // the first connection, then a moment for any retry's to be counted too.
            let deadline = Instant::now() + Duration::from_secs(5);
            while silent.accepted() == 0 && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            std::thread::sleep(Duration::from_millis(100));
            assert_eq!(
                silent.accepted(),
                1,
                "{context}: connections to the silent server"
            );
        }
        for expected in &self.fault_servers {
            // The server counts a request once it has read it, on its own threads, which a
            // loaded machine (valgrind) may run late: give the count a moment to arrive.
            let deadline = Instant::now() + Duration::from_secs(5);
            while expected.server.requests() < expected.requests && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let (requests, connections) =
                (expected.server.requests(), expected.server.connections());
            assert_eq!(
                requests, expected.requests,
                "{context}: requests seen by the fault server playing {:?}",
                expected.script
            );
            assert!(
                expected.connections.contains(&connections),
                "{context}: the fault server playing {:?} accepted {connections} connections, \
                 expected {:?}",
                expected.script,
                expected.connections
            );
            if let Some(tls) = expected.tls {
                let seen = (
                    expected.server.handshakes(),
                    expected.server.tls_connections(),
                );
                assert_eq!(
                    seen, tls,
                    "{context}: (TLS handshakes, TLS connections) of the server playing {:?}",
                    expected.script
                );
            }
        }
        for expected in &self.proxies {
            // tinyproxy logs each CONNECT from its own process: give the log a moment too.
            let deadline = Instant::now() + Duration::from_secs(5);
            while expected.proxy.connects() < expected.connects && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            assert_eq!(
                expected.proxy.connects(),
                expected.connects,
                "{context}: CONNECTs seen by the {} proxy; its log:\n{}",
                expected.what,
                expected.proxy.log()
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

// ---- test_hpp.cpp ----

fn hpp_calls(s: &mut Scenario) {
    let hook = "https://example.com/hooks/hpp";
    let feed = "https://example.com/hooks/feed";
    let profile = Some("hpp-profile");
    let body = register_body("scheduled", hook, Some("hpp-secret"));
    let answer = registered("scheduled", hook, Some("ref-hpp"));
    s.once("POST", "/hook/webhook", profile, Some(&body), 200, &answer);
    let body = register_body("feed", feed, None);
    let answer = registered("feed", feed, None);
    s.once(
        "POST",
        "/hook/webhook",
        Some("other-profile"),
        Some(&body),
        200,
        &answer,
    );
    let answer = format!(r#"{{"status":"success","scheduled":"{hook}","feed":"{feed}"}}"#);
    s.once("GET", "/hook/webhook", profile, None, 200, &answer);
    let body = r#"{"action":"feed"}"#;
    let answer = r#"{"status":"success","action":"feed"}"#;
    s.once(
        "DELETE",
        "/hook/webhook",
        Some("other-profile"),
        Some(body),
        200,
        answer,
    );
    let body = r#"{"secret":"hpp-next-secret"}"#;
    s.once(
        "POST",
        "/hook/webhook/secret",
        profile,
        Some(body),
        200,
        SUCCESS,
    );
}

fn hpp_errors(s: &mut Scenario) {
    let answer = r#"{"status":"error","code":101,"message":"API Key not valid"}"#;
    s.once("GET", "/hook/webhook", None, None, 401, answer);
    let body = register_body("batch", "https://example.com/hooks/hpp", None);
    let mock = s
        .request("POST", "/hook/webhook", None, Some(&body))
        .with_status(429)
        .with_header("retry-after", "120")
        .with_body(r#"{"status":"error","code":429,"message":"Too many requests"}"#);
    s.expect(mock, 1);
}

/// A TLS fault server playing `script` with a certificate of `kind`, which must read
/// `requests` requests over `connections` completed handshakes; returns its API root and the
/// file holding the CA made for it. Under valgrind, the false positives of TLS in
/// `tests/c/valgrind.supp` are suppressed (through `VALGRIND_OPTS`, which valgrind reads).
fn hpp_tls_server(
    s: &mut Scenario,
    script: &str,
    kind: ayrshare_faultserver::CertKind,
    requests: usize,
    connections: usize,
) -> (String, String) {
    // memcheck cannot follow ring's AES-GCM assembly: its false positives are suppressed.
    let suppressions = super::repo_root().join("tests/c/valgrind.supp");
    s.set_env(
        "VALGRIND_OPTS",
        format!("--suppressions={}", suppressions.display()),
    );
    // Expected as `fault_server` expects a plain server, then served over TLS instead.
    s.fault_server(script, requests, connections..=connections);
    let expected = s.fault_servers.last_mut().expect("the server just added");
    expected.server = FaultServer::start_tls(script, kind);
    expected.script = format!("{script} over TLS ({kind:?})");
    let server = &expected.server;
    let ca_file = super::work_dir().join(format!("hpp-ca-{}.pem", server.port()));
    std::fs::write(&ca_file, server.ca_pem().expect("a TLS server has a CA")).expect("write a CA");
    (server.base_url(), ca_file.display().to_string())
}

/// A trusted server (`AYR_TEST_TLS_URL`, its CA in `AYR_TEST_TLS_CA` and in the system store
/// `SSL_CERT_FILE`) answering two calls, one per client; an untrusted one
/// (`AYR_TEST_UNTRUSTED_URL`, `_CA`) that must see no request. Proxies from the environment
/// are bypassed.
fn hpp_tls(s: &mut Scenario) {
    let (url, ca) = hpp_tls_server(s, "200", ayrshare_faultserver::CertKind::Valid, 2, 2);
    s.set_env("AYR_TEST_TLS_URL", url);
    s.set_env("SSL_CERT_FILE", ca.clone());
    s.set_env("AYR_TEST_TLS_CA", ca);
    let no_such_dir = super::work_dir().join("no-such-dir").display().to_string();
    s.set_env("SSL_CERT_DIR", no_such_dir);
    for name in ["NO_PROXY", "no_proxy"] {
        s.set_env(name, "localhost".into());
    }
    let (url, ca) = hpp_tls_server(
        s,
        "200",
        ayrshare_faultserver::CertKind::UnknownIssuer,
        0,
        0,
    );
    s.set_env("AYR_TEST_UNTRUSTED_URL", url);
    s.set_env("AYR_TEST_UNTRUSTED_CA", ca);
}

/// A "proxy" answering its one CONNECT with 407 (`AYR_TEST_PROXY`, `127.0.0.1:PORT`), and a
/// trusted server reached directly once.
fn hpp_proxy(s: &mut Scenario) {
    let (url, ca) = hpp_tls_server(s, "200", ayrshare_faultserver::CertKind::Valid, 1, 1);
    s.set_env("AYR_TEST_TLS_URL", url);
    s.set_env("AYR_TEST_TLS_CA", ca);
    let proxy = s.fault_server("407", 1, 1..=1);
    let authority = proxy.trim_start_matches("http://").trim_end_matches("/api");
    s.set_env("AYR_TEST_PROXY", authority.to_owned());
}

/// A warm-up call (`AYR_TEST_WARMUP_URL`), then three calls to a server that never answers,
/// each on its own connection: two cancelled, one timed out.
fn hpp_cancel(s: &mut Scenario) {
    let warm_up = s.fault_server("200", 1, 1..=1);
    s.set_env("AYR_TEST_WARMUP_URL", warm_up);
    s.fault_server_as_base("silent", 3, 3..=3);
}

/// A listing answered 503 then 200, then five more calls, all on one connection.
fn hpp_log(s: &mut Scenario) {
    s.fault_server_as_base("503,200", 7, 1..=1);
}

/// Every case of every program, with its scenario.
const CASES: &[(&str, &str, Setup)] = &[
    ("test_client", "new_ok", nothing_sent),
    ("test_client", "new_invalid_key", nothing_sent),
    ("test_client", "builder_all_settings", builder_all_settings),
    ("test_client", "builder_retries", builder_retries),
    ("test_client", "builder_invalid_settings", nothing_sent),
    ("test_client", "builder_timeouts_over_a_year", nothing_sent),
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
    ("test_events", "scheduled", events::samples),
    ("test_events", "social", events::samples),
    ("test_events", "messages", events::samples),
    ("test_events", "account_activity", events::samples),
    ("test_events", "feed_batch_and_unknown", events::samples),
    ("test_events", "lenient", nothing_sent),
    ("test_events", "sign_and_verify", nothing_sent),
    ("test_events", "verify_rust_signed", events::signed_by_rust),
    ("test_events", "c_signs", events::verified_by_rust),
    ("test_events", "null_arguments", events::samples),
    (
        "test_threads",
        "eight_threads_share_a_client",
        eight_threads,
    ),
    ("test_panic", "panic_is_caught", after_panic),
    ("test_cpp", "from_cpp", from_cpp),
    ("test_hpp", "calls", hpp_calls),
    ("test_hpp", "errors", hpp_errors),
    ("test_hpp", "invalid_arguments", nothing_sent),
    ("test_hpp", "verification", nothing_sent),
    ("test_hpp", "delivery", nothing_sent),
    ("test_hpp", "handles", nothing_sent),
    ("test_hpp", "events", events::samples),
    ("test_hpp", "lenient_events", nothing_sent),
    ("test_hpp", "signing", nothing_sent),
    ("test_hpp", "tls", hpp_tls),
    ("test_hpp", "proxy", hpp_proxy),
    ("test_hpp", "cancel", hpp_cancel),
    ("test_hpp", "log_callback", hpp_log),
    // test_faults.c
    ("test_faults", "silent", faults::silent),
    ("test_faults", "stall_body", faults::stall_body),
    ("test_faults", "reset", faults::reset),
    ("test_faults", "close", faults::close),
    ("test_faults", "truncated", faults::truncated),
    ("test_faults", "huge", faults::huge),
    ("test_faults", "gzip_bomb", faults::gzip_bomb),
    ("test_faults", "garbage", faults::garbage),
    ("test_faults", "mirror", faults::mirror),
    ("test_faults", "refused", faults::refused),
    ("test_faults", "drip", faults::drip),
    ("test_faults", "drip_body", faults::drip_body),
    ("test_faults", "two_503_then_200", faults::two_503_then_200),
    ("test_faults", "always_503", faults::always_503),
    (
        "test_faults",
        "retry_after_1_then_200",
        faults::retry_after_1_then_200,
    ),
    ("test_faults", "retry_after_3600", faults::retry_after_3600),
    (
        "test_faults",
        "rate_limited_without_wait",
        faults::rate_limited_without_wait,
    ),
    ("test_faults", "status_400", faults::status_400),
    ("test_faults", "status_401", faults::status_401),
    ("test_faults", "status_403", faults::status_403),
    ("test_faults", "status_404", faults::status_404),
    ("test_faults", "hangup", faults::hangup),
    ("test_faults", "keep_alive", faults::keep_alive),
    // test_bad_inputs.c
    ("test_bad_inputs", "table", faults::bad_input_table),
    (
        "test_bad_inputs",
        "defaults_accepted",
        faults::bad_input_defaults,
    ),
    (
        "test_bad_inputs",
        "not_utf8",
        faults::nothing_reaches_the_server,
    ),
    // test_hygiene.c
    (
        "test_hygiene",
        "inputs_values_and_signatures",
        faults::hygiene_inputs,
    ),
    ("test_hygiene", "api_errors", faults::hygiene_api_servers),
    (
        "test_hygiene",
        "transport_errors",
        faults::hygiene_transport_servers,
    ),
    ("test_hygiene", "timeouts", faults::hygiene_timeout_servers),
    (
        "test_hygiene",
        "escaped_forms_do_not_appear",
        faults::hygiene_escape_servers,
    ),
    // test_concurrency.c
    (
        "test_concurrency",
        "eight_threads_one_client",
        faults::eight_threads_one_client,
    ),
    // test_tls.c
    (
        "test_tls",
        "ca_bundle_twenty_calls_one_handshake",
        production::tls_one_handshake,
    ),
    ("test_tls", "system_roots", production::tls_system_roots),
    (
        "test_tls",
        "untrusted_certificates",
        production::tls_untrusted,
    ),
    ("test_tls", "from_env_ca_bundle", production::tls_from_env),
    // test_proxies.c
    ("test_proxies", "set_in_code", production::proxy_set_in_code),
    (
        "test_proxies",
        "https_proxy_from_env",
        production::proxy_from_https_proxy,
    ),
    (
        "test_proxies",
        "no_proxy_from_env",
        production::proxy_no_proxy,
    ),
    ("test_proxies", "credentials", production::proxy_credentials),
    (
        "test_proxies",
        "refused_connect",
        production::proxy_refusals,
    ),
    (
        "test_proxies",
        "socks_never_bypassed",
        production::proxy_socks,
    ),
    // test_steady_state.c
    (
        "test_steady_state",
        "pooled_calls",
        production::pooled_calls,
    ),
    // test_fork.c
    (
        "test_fork",
        "calls_in_parent_and_child",
        production::fork_calls,
    ),
    // test_cancel.c
    (
        "test_cancel",
        "callback_stops_a_silent_call",
        production::cancel_one_call,
    ),
    (
        "test_cancel",
        "signal_handlers_stop_calls",
        production::cancel_from_signal_handlers,
    ),
    (
        "test_cancel",
        "callback_stops_the_wait_before_a_retry",
        production::cancel_the_wait_before_a_retry,
    ),
    (
        "test_cancel",
        "without_a_callback",
        production::cancel_without_a_callback,
    ),
    (
        "test_cancel",
        "rotation_sent_once",
        production::rotation_sent_once,
    ),
    // test_logging.c
    (
        "test_logging",
        "records_per_attempt",
        production::log_records,
    ),
    ("test_logging", "turned_off", production::log_turned_off),
];

/// The cases of `program` with their scenarios.
pub fn for_program(program: &str) -> impl Iterator<Item = (&'static str, Setup)> + '_ {
    CASES
        .iter()
        .filter(move |(p, _, _)| *p == program)
        .map(|(_, case, setup)| (*case, *setup))
}
