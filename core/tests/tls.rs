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
