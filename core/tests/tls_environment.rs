//! Trust settings that come from the environment: `AYRSHARE_CA_BUNDLE`, and the system store
//! (`system_roots()`) read from a private copy of the store named by `SSL_CERT_FILE`. One test,
//! because it changes the process's environment.

use std::time::Duration;

use ayrshare_faultserver::{CertKind, FaultServer};
use ayrshare_webhooks::{Client, ClientBuilder, Error};

/// The system bundle of Debian and its derivatives.
const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

#[test]
fn trust_from_the_environment() {
    let server = FaultServer::start_tls("200", CertKind::Valid);
    let dir = std::env::temp_dir().join(format!("ayr-tls-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, server.ca_pem().unwrap()).unwrap();

    // SAFETY (of the environment writes below): this test binary runs this one test, on one
    // thread, and the SDK reads these variables only while building a client here.
    unsafe {
        std::env::set_var("AYRSHARE_API_KEY", "tls-env-key");
        std::env::set_var("AYRSHARE_BASE_URL", server.base_url());
        std::env::set_var("AYRSHARE_CA_BUNDLE", &ca);
        for name in ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"] {
            std::env::remove_var(name);
        }
    }
    let client = ClientBuilder::from_env()
        .unwrap()
        .max_retries(0)
        .build()
        .unwrap();
    assert_eq!(
        client.list_webhooks().unwrap().len(),
        2,
        "AYRSHARE_CA_BUNDLE is trusted"
    );

    unsafe { std::env::set_var("AYRSHARE_CA_BUNDLE", dir.join("missing.pem")) };
    let err = Client::from_env().unwrap_err();
    assert_eq!(err.invalid_field(), Some("ca_bundle"), "{err}");
    unsafe { std::env::remove_var("AYRSHARE_CA_BUNDLE") };

    // The system store, from a private copy holding the system's roots and the test CA.
    let system = std::fs::read_to_string(SYSTEM_BUNDLE).unwrap_or_else(|_| {
        eprintln!(
            "NOTICE: {SYSTEM_BUNDLE} is missing: system_roots() is tested with the test CA alone"
        );
        String::new()
    });
    let store = dir.join("store.pem");
    std::fs::write(&store, format!("{system}\n{}", server.ca_pem().unwrap())).unwrap();
    unsafe {
        std::env::set_var("SSL_CERT_FILE", &store);
        std::env::set_var("SSL_CERT_DIR", dir.join("no-such-dir"));
    }
    let system_client = Client::builder()
        .api_key("tls-env-key")
        .base_url(server.base_url())
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .system_roots()
        .build()
        .unwrap();
    assert_eq!(
        system_client.list_webhooks().unwrap().len(),
        2,
        "the store's copy is trusted"
    );

    // The same store without the test CA: the server is not trusted.
    std::fs::write(&store, system).unwrap();
    let without = Client::builder()
        .api_key("tls-env-key")
        .base_url(server.base_url())
        .max_retries(0)
        .system_roots();
    match without.build() {
        Ok(client) => {
            let err = client.list_webhooks().unwrap_err();
            assert!(matches!(err, Error::Tls { .. }), "{err:?}");
        }
        // A machine without any system roots: an empty store is refused at build time.
        Err(err) => assert_eq!(err.invalid_field(), Some("system_roots"), "{err}"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
