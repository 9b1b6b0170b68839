//! A host name is resolved when a connection is opened, never for a call on a pooled
//! connection: the steady state makes no name lookup and starts no thread. One test, because
//! the lookup counter is process-wide.

use std::time::Duration;

use ayrshare_faultserver::{CertKind, FaultServer};
use ayrshare_webhooks::{Client, diagnostics};

/// Live threads of this process.
fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, Iterator::count)
}

#[test]
fn pooled_calls_make_no_lookup_and_start_no_thread() {
    let plain = FaultServer::start("200");
    let tls = FaultServer::start_tls("200", CertKind::Valid);
    let ca = std::env::temp_dir().join(format!("ayr-names-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, tls.ca_pem().unwrap()).unwrap();
    let by_name = format!("http://localhost:{}/api", plain.port());
    for (base_url, server) in [(by_name, &plain), (tls.base_url(), &tls)] {
        let client = Client::builder()
            .api_key("names-test-key")
            .base_url(&base_url)
            .ca_bundle(&ca)
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let before = diagnostics::name_lookups();
        client.list_webhooks().unwrap();
        assert_eq!(
            diagnostics::name_lookups(),
            before + 1,
            "{base_url}: the first call"
        );
        // Let the lookup thread finish and go before counting.
        let (lookups, live) = (diagnostics::name_lookups(), settled_threads());
        for _ in 0..200 {
            client.list_webhooks().unwrap();
        }
        assert_eq!(
            diagnostics::name_lookups(),
            lookups,
            "{base_url}: pooled calls"
        );
        let after = threads();
        assert!(
            after <= live,
            "{base_url}: {after} threads, {live} before the calls"
        );
        assert_eq!(server.connections(), 1, "{base_url}: one pooled connection");
        // A second client has a cache of its own; an IP-literal host needs no lookup at all.
        server.reset(None);
    }
    let literal = Client::builder()
        .api_key("names-test-key")
        .base_url(plain.base_url())
        .build()
        .unwrap();
    let before = diagnostics::name_lookups();
    literal.list_webhooks().unwrap();
    assert_eq!(
        diagnostics::name_lookups(),
        before,
        "127.0.0.1 is not looked up"
    );
    std::fs::remove_file(ca).unwrap();
}

/// The process's thread count once it has stopped changing (two readings 50 ms apart agree),
/// waiting at most 10 s: a thread that has done its work may take a moment to be gone.
fn settled_threads() -> usize {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut count = threads();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let now = threads();
        if now == count || std::time::Instant::now() > deadline {
            return now;
        }
        count = now;
    }
}
