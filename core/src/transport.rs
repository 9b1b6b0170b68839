//! One HTTP attempt through `ureq`: build the request, send it, read the capped answer, and
//! map every transport failure to an [`Error`]. Retrying is [`crate::retry`]'s job.

use std::io::{self, Read};
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, SystemTime};

use ureq::Agent;
use ureq::http::{self, Method};
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    ConnectProxyConnector, Connector, NextTimeout, RustlsConnector,
};

use crate::Error;
use crate::secret::redact;
use crate::tcp::{TcpConnector, is_timeout};
use crate::wire::Answer;

/// Largest answer body read, in bytes (1 MiB); a larger one is an [`Error::Decode`].
pub const MAX_RESPONSE_BYTES: u64 = 1024 * 1024;

/// Idle connections a client keeps open for reuse. ureq's default keeps 3 per host, so a client
/// shared by more threads than that kept closing and reopening connections (445 connections
/// for 4,000 calls from 8 threads); a client talks to one host, so this bounds both.
pub(crate) const MAX_IDLE_CONNECTIONS: usize = 32;

/// How an agent is set up; one agent per client family, shared by clones.
pub(crate) struct AgentSettings<'a> {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub user_agent: &'a str,
}

/// A keep-alive agent that returns error statuses as answers (so their bodies are read),
/// follows no redirects (Ayrshare sends none, and a redirect must not carry the key), and
/// bounds every attempt by `timeout` from connect to the last body byte.
///
/// Its connectors are ureq's default chain for this build (an HTTP CONNECT proxy from the
/// environment, TCP, rustls) with the TCP step replaced by [`TcpConnector`], which spends a
/// quarter of the system calls per request on a kept-alive connection. This build of ureq has
/// no SOCKS support: for a SOCKS proxy set in the environment, ureq's default chain logs a
/// warning and connects directly; this one connects directly without the log line.
pub(crate) fn agent(settings: &AgentSettings<'_>) -> Agent {
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_idle_connections(MAX_IDLE_CONNECTIONS)
        .max_idle_connections_per_host(MAX_IDLE_CONNECTIONS)
        .timeout_global(Some(settings.timeout))
        .timeout_connect(Some(settings.connect_timeout))
        .user_agent(settings.user_agent)
        .accept("application/json")
        .build();
    let connector =
        ().chain(ConnectProxyConnector::default())
            .chain(TcpConnector)
            .chain(RustlsConnector::default());
    Agent::with_parts(config, connector, LiteralFirstResolver::default())
}

/// ureq's resolver, except that a host that is an IP address is used as is.
///
/// ureq resolves the host on every request, even when a pooled keep-alive connection is then
/// reused, and its default resolver spawns a thread per lookup whenever a timeout is set (ours
/// always is). For an IP-literal host (such as `http://127.0.0.1:8080`) that thread did
/// nothing but parse the address, yet its creation and teardown were most of a call's CPU
/// time. Host names still go through ureq's resolver, timeout and all.
#[derive(Debug, Default)]
struct LiteralFirstResolver(DefaultResolver);

impl Resolver for LiteralFirstResolver {
    fn resolve(
        &self,
        uri: &http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        if let Some(addr) = ip_literal_addr(uri) {
            if config
                .ip_family()
                .keep_wanted(std::iter::once(addr))
                .next()
                .is_some()
            {
                let mut addrs = self.empty();
                addrs.push(addr);
                return Ok(addrs);
            }
        }
        self.0.resolve(uri, config, timeout)
    }
}

/// The socket address of `uri` when its host is an IPv4 or (bracketed) IPv6 address.
fn ip_literal_addr(uri: &http::Uri) -> Option<SocketAddr> {
    let authority = uri.authority()?;
    let host = authority.host();
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let ip: IpAddr = host.parse().ok()?;
    let port = match authority.port_u16() {
        Some(port) => port,
        None => match uri.scheme_str()? {
            "https" => 443,
            "http" => 80,
            _ => return None,
        },
    };
    Some(SocketAddr::new(ip, port))
}

/// The URI of the endpoint at `path` under a validated base URL.
pub(crate) fn endpoint(base_url: &str, path: &str) -> Result<http::Uri, Error> {
    format!("{base_url}{path}")
        .parse()
        .map_err(|e| Error::invalid("base_url", format!("is not a valid request URI ({e})")))
}

/// The `Authorization` header for a validated API key, marked sensitive (so the HTTP layer
/// never shows it).
pub(crate) fn authorization(api_key: &str) -> Result<http::HeaderValue, Error> {
    let mut value = http::HeaderValue::try_from(format!("Bearer {api_key}"))
        .map_err(|_| Error::invalid("api_key", "cannot be sent in an HTTP header"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// One request to send.
pub(crate) struct Outgoing<'a> {
    pub method: Method,
    pub url: &'a http::Uri,
    /// The `Authorization` header, from [`authorization`].
    pub authorization: &'a http::HeaderValue,
    pub profile_key: Option<&'a str>,
    pub body: Option<&'a [u8]>,
    /// Values to scrub from any text kept in an error.
    pub secrets: &'a [&'a str],
}

/// Sends `outgoing` once and reads the whole answer (at most [`MAX_RESPONSE_BYTES`]).
pub(crate) fn send(agent: &Agent, outgoing: &Outgoing<'_>) -> Result<Answer, Error> {
    let mut builder = http::Request::builder()
        .method(outgoing.method.clone())
        .uri(outgoing.url.clone())
        .header(http::header::AUTHORIZATION, outgoing.authorization.clone());
    if let Some(profile_key) = outgoing.profile_key {
        builder = builder.header("Profile-Key", profile_key);
    }
    match outgoing.body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(|e| internal_error(&e))
            .and_then(|request| run(agent, request, outgoing.secrets)),
        None => builder
            .body(())
            .map_err(|e| internal_error(&e))
            .and_then(|request| run(agent, request, outgoing.secrets)),
    }
}

fn run(
    agent: &Agent,
    request: http::Request<impl ureq::AsSendBody>,
    secrets: &[&str],
) -> Result<Answer, Error> {
    let mut response = agent
        .run(request)
        .map_err(|e| map_error(e, None, secrets))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(http::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let body = read_body(response.body_mut()).map_err(|e| map_error(e, Some(status), secrets))?;
    Ok(Answer {
        status,
        retry_after,
        body,
    })
}

/// Reads a whole body, at most [`MAX_RESPONSE_BYTES`] of it. The buffer starts at the announced
/// length (within the cap), which halves the reads of a small answer compared with growing it
/// from empty.
fn read_body(body: &mut ureq::Body) -> Result<Vec<u8>, ureq::Error> {
    let announced = body.content_length().unwrap_or(0).min(MAX_RESPONSE_BYTES);
    let mut bytes = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
    body.with_config()
        .limit(MAX_RESPONSE_BYTES)
        .reader()
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Maps a ureq failure; `status` is set when the failure happened while reading a body.
fn map_error(error: ureq::Error, status: Option<u16>, secrets: &[&str]) -> Error {
    match error {
        ureq::Error::Timeout(_) => Error::Timeout { attempts: 1 },
        ureq::Error::BodyExceedsLimit(limit) => Error::Decode {
            status,
            reason: format!("the response body is larger than the {limit}-byte limit"),
            snippet: String::new(),
        },
        ureq::Error::Io(e) if is_timeout(&e) => Error::Timeout { attempts: 1 },
        ureq::Error::Io(e) => connection(&describe_io(&e), secrets),
        ureq::Error::HostNotFound => connection("host not found (DNS lookup failed)", secrets),
        ureq::Error::Protocol(e) => {
            connection(&format!("the answer is not valid HTTP/1.1 ({e})"), secrets)
        }
        ureq::Error::Tls(e) => connection(&format!("TLS error: {e}"), secrets),
        ureq::Error::Rustls(e) => connection(&format!("TLS error: {e}"), secrets),
        ureq::Error::ConnectionFailed => connection("the connection failed", secrets),
        ureq::Error::ConnectProxyFailed(e) => {
            connection(&format!("the proxy refused the connection: {e}"), secrets)
        }
        ureq::Error::LargeResponseHeader(_, limit) => connection(
            &format!("the response headers are larger than the {limit}-byte limit"),
            secrets,
        ),
        other => connection(&other.to_string(), secrets),
    }
}

fn describe_io(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
        io::ErrorKind::ConnectionReset => "connection reset by the server".to_owned(),
        io::ErrorKind::ConnectionAborted => "connection aborted".to_owned(),
        io::ErrorKind::UnexpectedEof => {
            "the server closed the connection before the answer was complete".to_owned()
        }
        io::ErrorKind::BrokenPipe => "the server closed the connection (broken pipe)".to_owned(),
        _ => format!("I/O error: {error}"),
    }
}

fn connection(reason: &str, secrets: &[&str]) -> Error {
    Error::Connection {
        reason: redact(reason, secrets),
        attempts: 1,
    }
}

/// A request the `http` crate refuses to build. Every part was validated beforehand, so this
/// is reported as a connection-level failure rather than a panic.
fn internal_error(error: &http::Error) -> Error {
    Error::Connection {
        reason: format!("could not build the request: {error}"),
        attempts: 1,
    }
}

/// Reads `Retry-After` as delta-seconds or as an HTTP date (a date in the past means "now").
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Delta-seconds is digits only (RFC 9110); a value too large for u64 is "very long".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_literal_hosts_skip_the_resolver() {
        let addr = |uri: &str| ip_literal_addr(&uri.parse().unwrap());
        assert_eq!(
            addr("http://127.0.0.1:8080/api/hook/webhook"),
            Some("127.0.0.1:8080".parse().unwrap())
        );
        assert_eq!(
            addr("https://[::1]/api"),
            Some("[::1]:443".parse().unwrap())
        );
        assert_eq!(
            addr("http://127.0.0.2/x"),
            Some("127.0.0.2:80".parse().unwrap())
        );
        assert_eq!(addr("https://api.ayrshare.com/api"), None);
        assert_eq!(addr("http://localhost:8080/"), None);
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(parse_retry_after(" 3 ", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("+5", now), None);
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }
}
