//! Posting one delivery to a receiver as Ayrshare does: JSON, the signature headers, no
//! redirects followed, a bounded wait for the answer.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use ureq::tls::{PemItem, RootCerts, TlsConfig, parse_pem};
use ureq::{Agent, Proxy, ProxyProtocol};

/// Most bytes of a receiver's answer kept in [`Attempt::answer`].
const ANSWER_SNIPPET_CHARS: usize = 200;
/// Most bytes of a receiver's answer read at all.
const MAX_ANSWER_BYTES: u64 = 64 * 1024;

/// The outcome of one attempt to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why there was no answer (refused, timed out, not HTTP, a bad URL), when there was none.
    pub error: Option<String>,
    /// The start of the receiver's answer body (control characters escaped).
    pub answer: String,
    /// From sending the request to the end of the answer (or the failure).
    pub elapsed: Duration,
}

impl Attempt {
    /// Whether the receiver accepted the delivery: it answered 2xx.
    pub fn accepted(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Sends deliveries: one keep-alive agent that follows no redirect (Ayrshare follows none),
/// ignores proxy settings of the environment (the deliveries of the real API do not come
/// through the user's proxy) and bounds each attempt by a timeout.
#[derive(Clone)]
pub struct DeliveryClient {
    agent: Agent,
}

impl DeliveryClient {
    /// A client whose every attempt ends within `timeout` (Ayrshare waits 10 s).
    pub fn new(timeout: Duration) -> DeliveryClient {
        DeliveryClient {
            agent: Agent::new_with_config(Self::config(timeout).build()),
        }
    }

    /// A client for a receiver under development, as [`DeliveryClient::new`], that trusts the
    /// CA certificates of `ca_bundle_pem` (PEM) instead of the built-in Mozilla roots for an
    /// `https` receiver, and posts through the HTTP proxy `proxy` (`http://host:port`,
    /// tunnelling with `CONNECT`) when given.
    ///
    /// # Errors
    /// Why the bundle holds no usable certificate, or the proxy is not an `http://` proxy URL
    /// (the message never repeats the URL, which may hold credentials).
    pub fn for_receiver(
        timeout: Duration,
        ca_bundle_pem: Option<&[u8]>,
        proxy: Option<&str>,
    ) -> Result<DeliveryClient, String> {
        let mut config = Self::config(timeout);
        if let Some(url) = proxy {
            let proxy = Proxy::new(url)
                .ok()
                .filter(|p| p.protocol() == ProxyProtocol::Http)
                .ok_or("the proxy must be an http:// proxy URL, such as http://proxy:3128")?;
            config = config.proxy(Some(proxy));
        }
        if let Some(pem) = ca_bundle_pem {
            let mut certificates = Vec::new();
            for item in parse_pem(pem) {
                match item {
                    Ok(PemItem::Certificate(certificate)) => certificates.push(certificate),
                    Ok(_) => {}
                    Err(e) => return Err(format!("the CA bundle is not valid PEM ({e})")),
                }
            }
            if certificates.is_empty() {
                return Err("the CA bundle holds no PEM certificate".to_owned());
            }
            let tls = TlsConfig::builder()
                .root_certs(RootCerts::new_with_certs(&certificates))
                .build();
            config = config.tls_config(tls);
        }
        Ok(DeliveryClient {
            agent: Agent::new_with_config(config.build()),
        })
    }

    fn config(timeout: Duration) -> ureq::config::ConfigBuilder<ureq::typestate::AgentScope> {
        Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(timeout))
            .user_agent(concat!(
                "ayrshare-webhooks-mock/",
                env!("CARGO_PKG_VERSION")
            ))
    }

    /// POSTs `body` to `url` with `Content-Type: application/json` and `headers` (the
    /// signature headers). Never fails: a bad URL, a refused connection or a timeout is an
    /// [`Attempt`] without a status.
    pub fn post(&self, url: &str, body: &[u8], headers: &[(&str, &str)]) -> Attempt {
        let started = Instant::now();
        let mut request = self
            .agent
            .post(url)
            .header("Content-Type", "application/json");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let outcome = request.send(body).map(|mut response| {
            let status = response.status().as_u16();
            let answer = response
                .body_mut()
                .with_config()
                .limit(MAX_ANSWER_BYTES)
                .read_to_vec()
                .unwrap_or_default();
            (status, answer)
        });
        let elapsed = started.elapsed();
        match outcome {
            Ok((status, answer)) => Attempt {
                status: Some(status),
                error: None,
                answer: snippet(&answer),
                elapsed,
            },
            Err(error) => Attempt {
                status: None,
                error: Some(describe(&error)),
                answer: String::new(),
                elapsed,
            },
        }
    }
}

fn describe(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "no answer in time".to_owned(),
        ureq::Error::Io(e) => format!("connection failed: {e}"),
        ureq::Error::BadUri(reason) => format!("not a URL that can be posted to: {reason}"),
        other => other.to_string(),
    }
}

/// The start of an answer body as text, control characters escaped.
fn snippet(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .take(ANSWER_SNIPPET_CHARS)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
}

/// `url` with `https://` replaced by `http://` when its host is a loopback address or
/// `localhost`; `None` for any other URL.
pub fn loopback_over_http(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(v6),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
    loopback.then(|| format!("http://{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_urls_are_downgraded() {
        assert_eq!(
            loopback_over_http("https://127.0.0.1:8000/hooks?x=1").as_deref(),
            Some("http://127.0.0.1:8000/hooks?x=1")
        );
        assert_eq!(
            loopback_over_http("https://localhost/h").as_deref(),
            Some("http://localhost/h")
        );
        assert_eq!(
            loopback_over_http("https://[::1]:9/h").as_deref(),
            Some("http://[::1]:9/h")
        );
        assert_eq!(loopback_over_http("https://example.com/h"), None);
        assert_eq!(loopback_over_http("https://127.0.0.1.example.com/h"), None);
        assert_eq!(loopback_over_http("http://127.0.0.1/h"), None);
    }

    #[test]
    fn a_closed_port_is_an_attempt_without_status() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let attempt = DeliveryClient::new(Duration::from_secs(2)).post(
            &format!("http://127.0.0.1:{port}/"),
            b"{}",
            &[],
        );
        assert_eq!(attempt.status, None);
        assert!(!attempt.accepted());
        assert!(attempt.error.unwrap().contains("connection failed"));
    }

    #[test]
    fn a_receiver_client_refuses_an_empty_bundle_and_other_proxies_without_echoing_them() {
        let timeout = Duration::from_secs(1);
        let no_certificate = DeliveryClient::for_receiver(timeout, Some(b"junk"), None);
        assert_eq!(
            no_certificate.err().as_deref(),
            Some("the CA bundle holds no PEM certificate")
        );
        for proxy in [
            "socks5://user:s3cret@127.0.0.1:1080",
            "https://127.0.0.1:3128",
        ] {
            let refused = DeliveryClient::for_receiver(timeout, None, Some(proxy));
            let reason = refused.err().unwrap();
            assert!(
                reason.starts_with("the proxy must be an http://"),
                "{reason}"
            );
            assert!(!reason.contains("s3cret"), "{reason}");
        }
        assert!(DeliveryClient::for_receiver(timeout, None, Some("http://127.0.0.1:3128")).is_ok());
    }

    #[test]
    fn answers_are_kept_short_and_printable() {
        assert_eq!(snippet(b"bad\nsig"), "bad\\nsig");
        assert_eq!(snippet(&[b'a'; 500]).len(), ANSWER_SNIPPET_CHARS);
    }
}
