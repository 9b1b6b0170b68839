//! HTTPS runs over the core's own TCP transport (`core/src/tcp.rs`): rustls's handshake is
//! written through it (held output is flushed before the first read), and a peer that is not
//! a TLS server ends the call with a connection error, never a hang.

use std::io::Read;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use ayrshare_webhooks::{Client, Error};

#[test]
fn the_tls_handshake_goes_out_through_the_transport() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        // The header of the first TLS record, then a hang-up instead of a ServerHello.
        let mut record = [0u8; 5];
        stream.read_exact(&mut record).unwrap();
        record
    });
    let client = Client::builder()
        .api_key("tls-test-key")
        .base_url(format!("https://127.0.0.1:{port}/api"))
        .no_proxy()
        .timeout(Duration::from_secs(2))
        .max_retries(0)
        .build()
        .unwrap();

    let started = Instant::now();
    let err = client.list_webhooks().unwrap_err();
    let record = server.join().unwrap();

    // A handshake record (content type 22) of TLS 1.x: the ClientHello.
    assert_eq!(record[0], 0x16, "{record:?}");
    assert_eq!(record[1], 0x03, "{record:?}");
    assert!(
        matches!(err, Error::Connection { attempts: 1, .. }),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

mod https {
    //! Against a real TLS server on loopback (the fault server's TLS front) with a certificate
    //! for `localhost` from a CA made for the test.

    use std::path::PathBuf;
    use std::time::Duration;

    use ayrshare_faultserver::{CertKind, FaultServer};
    use ayrshare_webhooks::{Client, ClientBuilder, Error};

    /// Writes the server's CA to a file of its own and returns the path.
    pub fn ca_file(server: &FaultServer, name: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!(
            "ayr-test-ca-{}-{name}-{}.pem",
            std::process::id(),
            server.port()
        ));
        std::fs::write(&path, server.ca_pem().expect("a TLS server")).unwrap();
        path
    }

    fn builder(server: &FaultServer) -> ClientBuilder {
        Client::builder()
            .api_key("tls-test-key")
            .base_url(server.base_url())
            .timeout(Duration::from_secs(5))
            .max_retries(2)
            .no_proxy()
    }

    #[test]
    fn a_ca_bundle_is_trusted_and_twenty_calls_make_one_handshake() {
        let server = FaultServer::start_tls("200", CertKind::Valid);
        assert!(server.base_url().starts_with("https://localhost:"));
        let ca = ca_file(&server, "ok");
        let client = builder(&server).ca_bundle(&ca).build().unwrap();
        for _ in 0..20 {
            assert_eq!(client.list_webhooks().unwrap().len(), 2);
        }
        assert_eq!(server.requests(), 20);
        assert_eq!(server.handshakes(), 1, "one TLS session for 20 calls");
        assert_eq!(server.tls_connections(), 1);
        std::fs::remove_file(ca).unwrap();
    }

    /// Each untrusted certificate ends the call after exactly one attempt, with the TLS error
    /// naming the host, the reason, and what to set.
    #[test]
    fn untrusted_certificates_fail_once_with_the_tls_error() {
        for (kind, reason) in [
            (CertKind::UnknownIssuer, "unknown issuer"),
            (CertKind::Expired, "expired"),
            (CertKind::WrongHost, "not valid for the host name localhost"),
            (CertKind::CaAsLeaf, "not a server's"),
        ] {
            let server = FaultServer::start_tls("200", kind);
            let ca = ca_file(&server, "bad");
            let client = builder(&server).ca_bundle(&ca).build().unwrap();
            let err = client.list_webhooks().unwrap_err();
            eprintln!("{kind:?}: {err}");
            let Error::Tls { reason: text } = &err else {
                panic!("{kind:?}: expected a TLS error, got {err:?}");
            };
            let authority = format!("localhost:{}", server.port());
            assert!(text.contains(&authority), "{kind:?}: {text}");
            assert!(text.contains(reason), "{kind:?}: {text}");
            if kind == CertKind::UnknownIssuer {
                assert!(text.contains("ca_bundle"), "{kind:?}: {text}");
                assert!(text.contains("system_roots"), "{kind:?}: {text}");
            }
            assert!(!err.is_retryable(), "{kind:?}");
            assert_eq!(server.tls_connections(), 1, "{kind:?}: exactly one attempt");
            assert_eq!((server.handshakes(), server.requests()), (0, 0), "{kind:?}");
            std::fs::remove_file(ca).unwrap();
        }
    }

    /// Without a bundle, the bundled Mozilla roots are used: a private CA is not trusted.
    #[test]
    fn the_bundled_roots_do_not_trust_a_private_ca() {
        let server = FaultServer::start_tls("200", CertKind::Valid);
        let err = builder(&server)
            .build()
            .unwrap()
            .list_webhooks()
            .unwrap_err();
        assert!(
            matches!(&err, Error::Tls { reason } if reason.contains("unknown issuer")),
            "{err:?}"
        );
        assert_eq!(server.tls_connections(), 1);
    }
}
