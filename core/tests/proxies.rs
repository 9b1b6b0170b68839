//! Proxies end to end: a real CONNECT proxy (tinyproxy) in front of a real TLS server, proxy
//! settings from code and from the environment, credentials, a refusal, and SOCKS refused.
//! One test, because it changes the process's environment (the proxy variables).

use std::time::Duration;

use ayrshare_faultserver::tinyproxy::{ProxyOptions, Tinyproxy};
use ayrshare_faultserver::{CertKind, FaultServer, closed_port};
use ayrshare_webhooks::{Client, ClientBuilder, Error};

fn builder(server: &FaultServer, ca: &std::path::Path) -> ClientBuilder {
    Client::builder()
        .api_key("proxy-test-key-0123456789")
        .base_url(server.base_url())
        .ca_bundle(ca)
        .timeout(Duration::from_secs(5))
        .max_retries(2)
}

fn clear_proxy_environment() {
    // SAFETY: this binary runs one test, on one thread; see the module's doc.
    for name in [
        "https_proxy",
        "HTTPS_PROXY",
        "http_proxy",
        "HTTP_PROXY",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
        "NO_PROXY",
    ] {
        unsafe { std::env::remove_var(name) };
    }
}

fn set(name: &str, value: &str) {
    // SAFETY: as in `clear_proxy_environment`.
    unsafe { std::env::set_var(name, value) };
}

#[test]
fn proxies_end_to_end() {
    clear_proxy_environment();
    let server = FaultServer::start_tls("200", CertKind::Valid);
    let ca = std::env::temp_dir().join(format!("ayr-proxy-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, server.ca_pem().unwrap()).unwrap();

    // SOCKS from the environment: refused when the client is built, so nothing is sent,
    // neither through the proxy nor around it.
    set("ALL_PROXY", "socks5://user:socks-secret@127.0.0.1:1080");
    let err = builder(&server, &ca).build().unwrap_err();
    assert_eq!(err.invalid_field(), Some("proxy"), "{err}");
    assert!(err.to_string().contains("ALL_PROXY"), "{err}");
    assert!(!err.to_string().contains("socks-secret"), "{err}");
    let err = builder(&server, &ca)
        .proxy("socks5h://127.0.0.1:1080")
        .build()
        .unwrap_err();
    assert_eq!(err.invalid_field(), Some("proxy"), "{err}");
    assert_eq!(
        server.tls_connections(),
        0,
        "nothing reached the server directly"
    );
    clear_proxy_environment();

    let Some(open) = Tinyproxy::start(&ProxyOptions::default()) else {
        return;
    };

    // Set in code.
    let client = builder(&server, &ca).proxy(open.url()).build().unwrap();
    for _ in 0..3 {
        assert_eq!(client.list_webhooks().unwrap().len(), 2);
    }
    assert_eq!(open.connects(), 1, "one tunnel, kept alive: {}", open.log());
    assert_eq!(server.handshakes(), 1);

    // From the environment: HTTPS_PROXY is used, and NO_PROXY exempts the host.
    set("HTTPS_PROXY", &open.url());
    let client = builder(&server, &ca).build().unwrap();
    client.list_webhooks().unwrap();
    assert_eq!(open.connects(), 2, "HTTPS_PROXY is honoured");
    set("NO_PROXY", "example.com,localhost");
    let client = builder(&server, &ca).build().unwrap();
    client.list_webhooks().unwrap();
    assert_eq!(
        open.connects(),
        2,
        "NO_PROXY bypasses the proxy for localhost"
    );
    // ... and no_proxy() in code ignores the environment altogether.
    set("NO_PROXY", "");
    builder(&server, &ca)
        .no_proxy()
        .build()
        .unwrap()
        .list_webhooks()
        .unwrap();
    assert_eq!(open.connects(), 2);
    clear_proxy_environment();

    // A dead proxy is a connection error naming it, retried like any refused connection.
    let dead = format!("http://127.0.0.1:{}", closed_port());
    let err = builder(&server, &ca)
        .proxy(&dead)
        .max_retries(0)
        .build()
        .unwrap()
        .list_webhooks()
        .unwrap_err();
    assert!(
        matches!(&err, Error::Connection { reason, .. } if reason.contains("cannot reach the proxy 127.0.0.1:")),
        "{err:?}"
    );

    // With credentials: the right ones tunnel, none get the proxy's 407 once, never retried.
    let guarded = Tinyproxy::start(&ProxyOptions {
        credentials: Some(("proxy-user".into(), "proxy-pa55word".into())),
        ..ProxyOptions::default()
    })
    .unwrap();
    let client = builder(&server, &ca)
        .proxy(guarded.url_with("proxy-user", "proxy-pa55word"))
        .build()
        .unwrap();
    client.list_webhooks().unwrap();
    assert!(!format!("{client:?}").contains("pa55word"), "{client:?}");
    assert_eq!(guarded.connects(), 1);
    let err = builder(&server, &ca)
        .proxy(guarded.url())
        .build()
        .unwrap()
        .list_webhooks()
        .unwrap_err();
    let port = guarded.port();
    assert_eq!(
        err,
        Error::Proxy {
            proxy: format!("127.0.0.1:{port}"),
            status: Some(407),
            reason: "HTTP 407 Proxy Authentication Required".into(),
        }
    );
    assert_eq!(guarded.connects(), 2, "the refusal was not retried");
    let wrong = builder(&server, &ca)
        .proxy(guarded.url_with("proxy-user", "wrong-pa55word"))
        .build()
        .unwrap()
        .list_webhooks()
        .unwrap_err();
    // tinyproxy answers wrong credentials with 401 (and missing ones with 407).
    assert!(
        matches!(
            wrong,
            Error::Proxy {
                status: Some(401 | 407),
                ..
            }
        ),
        "{wrong:?}"
    );
    assert!(!wrong.to_string().contains("pa55word"), "{wrong}");

    // A CONNECT to a port the proxy does not allow: its 403, once.
    let strict = Tinyproxy::start(&ProxyOptions {
        connect_ports: vec![443],
        ..ProxyOptions::default()
    })
    .unwrap();
    let err = builder(&server, &ca)
        .proxy(strict.url())
        .build()
        .unwrap()
        .list_webhooks()
        .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Proxy {
                status: Some(403),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains(&format!("127.0.0.1:{}", strict.port())),
        "{err}"
    );
    assert_eq!(strict.connects(), 1, "the refusal was not retried");

    // A "proxy" whose answer to CONNECT is not HTTP: one proxy error saying so, not retried.
    let garbage = FaultServer::start("garbage");
    let err = builder(&server, &ca)
        .proxy(format!("http://127.0.0.1:{}", garbage.port()))
        .build()
        .unwrap()
        .list_webhooks()
        .unwrap_err();
    assert_eq!(
        err,
        Error::Proxy {
            proxy: format!("127.0.0.1:{}", garbage.port()),
            status: None,
            reason: "its answer to CONNECT is not HTTP".into(),
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "the proxy 127.0.0.1:{} did not open a tunnel to the API: its answer to CONNECT is not HTTP",
            garbage.port()
        )
    );
    assert_eq!(garbage.connections(), 1, "not retried");
    std::fs::remove_file(ca).unwrap();
}
