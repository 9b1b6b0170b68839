//! The scenarios of the C programs that prove the production network path and the behaviour
//! inside real programs: `test_tls.c`, `test_proxies.c`, `test_steady_state.c`,
//! `test_fork.c`, `test_cancel.c` and `test_logging.c`. Each starts the case's servers (TLS
//! fault servers with a CA made for them, tinyproxies) in this process, passes what the program
//! needs in `AYR_TEST_*` variables (and the variables libayr itself reads, where they are what
//! the case is about), and states the exact requests, TLS handshakes and `CONNECT`s each server
//! must have seen once the program has exited.

use std::fs;

use ayrshare_faultserver::tinyproxy::ProxyOptions;
use ayrshare_faultserver::{CertKind, closed_port};

use super::cases::Scenario;
use super::{notice, work_dir};

/// The API key the programs of this file use (`NET_API_KEY` in `tests/c/network.h`).
const API_KEY: &str = "net-test-api-key-5c1e";
/// The proxy credentials of the guarded tinyproxy (`tests/c/test_proxies.c` reads them).
const PROXY_USER: &str = "proxy-user";
const PROXY_PASSWORD: &str = "proxy-pa55word-7e2d";
/// The bundle of the system store on Debian and its derivatives.
const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Sets what `ayr_client_from_env` reads to a client of `base_url` trusting `ca_file`.
fn from_env(s: &mut Scenario, base_url: &str, ca_file: &str) {
    s.set_env("AYRSHARE_API_KEY", API_KEY.into());
    s.set_env("AYRSHARE_BASE_URL", base_url.into());
    s.set_env("AYRSHARE_CA_BUNDLE", ca_file.into());
}

// ---- test_tls.c ----

/// 20 calls over one TLS session.
pub fn tls_one_handshake(s: &mut Scenario) {
    s.tls_server_as_base("200", CertKind::Valid, 20, 1, 1);
}

/// The bundled roots refuse the test CA (one TLS connection, no handshake); the system store,
/// read from a private copy holding the system's bundle and the test CA, trusts it.
pub fn tls_system_roots(s: &mut Scenario) {
    let server = s.tls_server_as_base("200", CertKind::Valid, 1, 1, 2);
    let system = fs::read_to_string(SYSTEM_BUNDLE).unwrap_or_else(|_| {
        notice(&format!(
            "{SYSTEM_BUNDLE} is missing: ayr_client_builder_use_system_roots is tested with a \
             store holding the test CA alone"
        ));
        String::new()
    });
    let store = work_dir().join(format!("store-{}.pem", server.authority.replace(':', "-")));
    fs::write(&store, format!("{system}\n{}", server.ca_pem)).expect("write the store");
    s.set_env("SSL_CERT_FILE", store.display().to_string());
    s.set_env(
        "SSL_CERT_DIR",
        work_dir().join("no-such-dir").display().to_string(),
    );
}

/// One server per untrusted certificate (`AYR_TEST_SERVERS`: `<kind> <base URL> <CA file>`
/// lines), each trusted through its own CA's file: one TLS connection each, no handshake.
pub fn tls_untrusted(s: &mut Scenario) {
    let mut lines = String::new();
    for (name, kind) in [
        ("unknown-issuer", CertKind::UnknownIssuer),
        ("expired", CertKind::Expired),
        ("wrong-host", CertKind::WrongHost),
        ("ca-as-leaf", CertKind::CaAsLeaf),
    ] {
        let server = s.tls_server("200", kind, 0, 0, 1);
        lines.push_str(&format!("{name} {} {}\n", server.base_url, server.ca_file));
    }
    s.set_env("AYR_TEST_SERVERS", lines);
}

/// `AYRSHARE_CA_BUNDLE` is trusted by `ayr_client_from_env`: one call.
pub fn tls_from_env(s: &mut Scenario) {
    let server = s.tls_server_as_base("200", CertKind::Valid, 1, 1, 1);
    from_env(s, &server.base_url, &server.ca_file);
}

// ---- test_proxies.c ----

/// An open proxy, passed as `AYR_TEST_PROXY` (`127.0.0.1:PORT`), seeing `connects` tunnels.
fn open_proxy(s: &mut Scenario, connects: usize) -> Option<u16> {
    let port = s.tinyproxy("open", &ProxyOptions::default(), connects)?;
    s.set_env("AYR_TEST_PROXY", format!("127.0.0.1:{port}"));
    Some(port)
}

/// Three calls through one tunnel set in code, then a call with `""` (direct): 4 requests over
/// 2 handshakes, one of them through the proxy.
pub fn proxy_set_in_code(s: &mut Scenario) {
    s.tls_server_as_base("200", CertKind::Valid, 4, 2, 2);
    open_proxy(s, 1);
}

/// `HTTPS_PROXY` from the environment is used: one tunnel.
pub fn proxy_from_https_proxy(s: &mut Scenario) {
    s.tls_server_as_base("200", CertKind::Valid, 1, 1, 1);
    if let Some(port) = open_proxy(s, 1) {
        s.set_env("HTTPS_PROXY", format!("http://127.0.0.1:{port}"));
    }
}

/// `HTTPS_PROXY` set, `NO_PROXY` listing localhost: a builder's client and `from_env`'s each
/// connect directly; the proxy sees no `CONNECT`.
pub fn proxy_no_proxy(s: &mut Scenario) {
    let server = s.tls_server_as_base("200", CertKind::Valid, 2, 2, 2);
    from_env(s, &server.base_url, &server.ca_file);
    if let Some(port) = open_proxy(s, 0) {
        s.set_env("HTTPS_PROXY", format!("http://127.0.0.1:{port}"));
        s.set_env("NO_PROXY", "example.com,localhost".into());
    }
}

/// A proxy requiring credentials: the right ones tunnel (one call), wrong ones are refused;
/// a dead proxy with credentials (`AYR_TEST_CLOSED_PORT`) cannot be reached.
pub fn proxy_credentials(s: &mut Scenario) {
    s.tls_server_as_base("200", CertKind::Valid, 1, 1, 1);
    let options = ProxyOptions {
        credentials: Some((PROXY_USER.into(), PROXY_PASSWORD.into())),
        ..ProxyOptions::default()
    };
    if let Some(port) = s.tinyproxy("guarded", &options, 2) {
        s.set_env("AYR_TEST_PROXY", format!("127.0.0.1:{port}"));
    }
    s.set_env("AYR_TEST_PROXY_USER", PROXY_USER.into());
    s.set_env("AYR_TEST_PROXY_PASSWORD", PROXY_PASSWORD.into());
    s.set_env("AYR_TEST_CLOSED_PORT", closed_port().to_string());
}

/// Refused CONNECTs, each once although two retries are allowed: a 407 from a proxy requiring
/// credentials (`AYR_TEST_GUARDED_PROXY`), a 403 from one allowing only port 443
/// (`AYR_TEST_STRICT_PROXY`). Nothing reaches the server.
pub fn proxy_refusals(s: &mut Scenario) {
    s.tls_server_as_base("200", CertKind::Valid, 0, 0, 0);
    let guarded = ProxyOptions {
        credentials: Some((PROXY_USER.into(), PROXY_PASSWORD.into())),
        ..ProxyOptions::default()
    };
    if let Some(port) = s.tinyproxy("guarded", &guarded, 1) {
        s.set_env("AYR_TEST_GUARDED_PROXY", format!("127.0.0.1:{port}"));
    }
    let strict = ProxyOptions {
        connect_ports: vec![443],
        ..ProxyOptions::default()
    };
    if let Some(port) = s.tinyproxy("strict", &strict, 1) {
        s.set_env("AYR_TEST_STRICT_PROXY", format!("127.0.0.1:{port}"));
    }
}

/// A SOCKS proxy in `ALL_PROXY`, with credentials, pointing at a server that must see no
/// connection: refused when the client is built, so neither the API server nor the "proxy"
/// sees a connection.
pub fn proxy_socks(s: &mut Scenario) {
    let server = s.tls_server_as_base("200", CertKind::Valid, 0, 0, 0);
    let socks = s.fault_server("200", 0, 0..=0);
    let authority = socks
        .trim_start_matches("http://")
        .trim_end_matches("/api")
        .to_owned();
    from_env(s, &server.base_url, &server.ca_file);
    s.set_env(
        "ALL_PROXY",
        format!("socks5://user:socks-secret@{authority}"),
    );
    s.set_env("AYR_TEST_SOCKS", authority);
}

// ---- test_steady_state.c ----

/// 1 + 200 calls to `http://localhost:PORT` (one connection) and one to `http://127.0.0.1:PORT`
/// (`AYR_TEST_PLAIN_PORT`); 1 + 200 calls to `https://localhost:PORT` (`AYR_TEST_BASE_URL`),
/// over one TLS session.
pub fn pooled_calls(s: &mut Scenario) {
    s.tls_server_as_base("200", CertKind::Valid, 201, 1, 1);
    let plain = s.fault_server("200", 202, 2..=2);
    let port = plain.rsplit(':').next().unwrap_or_default();
    let port = port.trim_end_matches("/api").to_owned();
    s.set_env("AYR_TEST_PLAIN_PORT", port);
}

// ---- test_fork.c ----

/// One call, then 500 in each process: 1001 requests over exactly two connections (the
/// parent's, kept, and the child's own).
pub fn fork_calls(s: &mut Scenario) {
    s.fault_server_as_base("200", 1001, 2..=2);
    s.expect_stdout("parent: 500 calls, 0 mismatches, 0 errors".into());
    s.expect_stdout("child: 500 calls, 0 mismatches, 0 errors".into());
}

// ---- test_cancel.c ----

/// A server that never answers, seeing `calls` requests, each on a connection of its own.
fn silent(s: &mut Scenario, calls: usize) {
    s.fault_server_as_base("silent", calls, calls..=calls);
}

/// The server of the call each cancellation case makes first (`AYR_TEST_WARMUP_URL`).
fn warm_up_server(s: &mut Scenario) {
    let url = s.fault_server("200", 1, 1..=1);
    s.set_env("AYR_TEST_WARMUP_URL", url);
}

/// One call, cancelled: not retried.
pub fn cancel_one_call(s: &mut Scenario) {
    warm_up_server(s);
    silent(s, 1);
}

/// Two calls, each cancelled by a signal handler (SIGALRM, then SIGINT).
pub fn cancel_from_signal_handlers(s: &mut Scenario) {
    warm_up_server(s);
    silent(s, 2);
}

/// A 503 asking for a 30 s wait: the wait is cancelled, no second request.
pub fn cancel_the_wait_before_a_retry(s: &mut Scenario) {
    warm_up_server(s);
    s.fault_server_as_base("503:30", 1, 1..=1);
}

/// Two calls without a callback (never set, then set and removed), each running to its
/// timeout with no retry.
pub fn cancel_without_a_callback(s: &mut Scenario) {
    silent(s, 2);
}

/// A rotation allowed two retries times out after exactly one request.
pub fn rotation_sent_once(s: &mut Scenario) {
    silent(s, 1);
}

// ---- test_logging.c ----

/// A listing answered 503 then 200 (two attempts), a registration and a rotation: four
/// requests on one connection.
pub fn log_records(s: &mut Scenario) {
    s.fault_server_as_base("503,200", 4, 1..=1);
}

/// Four calls with logging off in three ways, then one with it on.
pub fn log_turned_off(s: &mut Scenario) {
    s.fault_server_as_base("200", 5, 1..=1);
}
