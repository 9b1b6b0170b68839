//! One HTTP attempt through `ureq`: build the request, send it, read the capped answer, and
//! map every transport failure to an [`Error`]. Retrying is [`crate::retry`]'s job.

use std::io::{self, Read};
use std::time::{Duration, SystemTime};

use ureq::Agent;
use ureq::http::{self, Method};
use ureq::tls::TlsConfig;
use ureq::unversioned::transport::{Connector, RustlsConnector};

use crate::Error;
use crate::call;
use crate::coalesce::CoalesceConnector;
use crate::dial::{DialConnector, ProxyUnreachable};
use crate::proxy::{Proxy, ProxyFailure};
use crate::resolve::Deferred;
use crate::seal::SealConnector;
use crate::secret::redact;
use crate::tcp::is_timeout;
use crate::tls;
use crate::wire::Answer;

/// Largest answer body read, in bytes (1 MiB); a larger one is an [`Error::Decode`].
pub const MAX_RESPONSE_BYTES: u64 = 1024 * 1024;

/// Idle connections a client keeps open for reuse. ureq's default keeps 3 per host, so a client
/// shared by more threads than that kept closing and reopening connections (445 connections
/// for 4,000 calls from 8 threads); a client talks to one host, so this bounds both.
pub(crate) const MAX_IDLE_CONNECTIONS: usize = 32;

/// How an agent is set up; one agent per client family (and per process, see
/// [`crate::client`]), shared by clones.
pub(crate) struct AgentSettings<'a> {
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub user_agent: &'a str,
    pub tls: &'a TlsConfig,
    pub proxy: Option<&'a Proxy>,
}

/// A keep-alive agent that returns error statuses as answers (so their bodies are read),
/// follows no redirects (Ayrshare sends none, and a redirect must not carry the key), and
/// bounds every attempt by `timeout` from connect to the last body byte.
///
/// Its connector chain: [`DialConnector`] (TCP, cached name resolution, the client's proxy),
/// ureq's rustls connector (with the client's trust roots), [`CoalesceConnector`] (a request's
/// pieces go down as one TLS record), then [`SealConnector`] (which puts the credentials into
/// the request head after ureq has logged it). ureq's own proxy and
/// resolver are off: proxies were chosen when the client was built, and names are resolved
/// only when a connection is opened.
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
        .proxy(None)
        .tls_config(settings.tls.clone())
        .build();
    let connector = DialConnector::new(settings.proxy.cloned(), settings.user_agent)
        .chain(RustlsConnector::default())
        .chain(CoalesceConnector)
        .chain(SealConnector);
    Agent::with_parts(config, connector, Deferred)
}

/// The URI of the endpoint at `path` under a validated base URL.
pub(crate) fn endpoint(base_url: &str, path: &str) -> Result<http::Uri, Error> {
    format!("{base_url}{path}")
        .parse()
        .map_err(|e| Error::invalid("base_url", format!("is not a valid request URI ({e})")))
}

/// The `Authorization` header for a validated API key: its placeholder (the key itself is put
/// in by [`crate::seal`]), marked sensitive all the same.
pub(crate) fn authorization(api_key: &str) -> Result<http::HeaderValue, Error> {
    let sealed = crate::seal::placeholder(api_key);
    let mut value = http::HeaderValue::try_from(format!("Bearer {sealed}"))
        .map_err(|_| Error::invalid("api_key", "cannot be sent in an HTTP header"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// One request to send.
pub(crate) struct Outgoing<'a> {
    pub method: Method,
    pub url: &'a http::Uri,
    /// The `Authorization` header, from [`authorization`] (a placeholder; see [`crate::seal`]).
    pub authorization: &'a http::HeaderValue,
    /// The profile key's placeholder, when the call acts for a User Profile.
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
    let authority = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_owned())
        .unwrap_or_default();
    let mut response = agent
        .run(request)
        .map_err(|e| map_error(e, None, &authority, secrets))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(http::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let body = read_body(response.body_mut())
        .map_err(|e| map_error(e, Some(status), &authority, secrets))?;
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
/// `authority` (`host:port` of the API) names the server in TLS errors.
fn map_error(error: ureq::Error, status: Option<u16>, authority: &str, secrets: &[&str]) -> Error {
    match error {
        ureq::Error::Timeout(_) => Error::Timeout { attempts: 1 },
        ureq::Error::BodyExceedsLimit(limit) => Error::Decode {
            status,
            reason: format!("the response body is larger than the {limit}-byte limit"),
            snippet: String::new(),
        },
        ureq::Error::Io(e) => map_io(&e, authority, secrets),
        ureq::Error::HostNotFound => connection("host not found (DNS lookup failed)", secrets),
        ureq::Error::Protocol(e) => {
            connection(&format!("the answer is not valid HTTP/1.1 ({e})"), secrets)
        }
        ureq::Error::Rustls(e) => Error::Tls {
            reason: tls::describe_failure(authority, &e),
        },
        ureq::Error::Tls(e) => Error::Tls {
            reason: format!("the TLS connection to {authority} failed: {e}"),
        },
        ureq::Error::ConnectionFailed => connection("the connection failed", secrets),
        ureq::Error::LargeResponseHeader(_, limit) => connection(
            &format!("the response headers are larger than the {limit}-byte limit"),
            secrets,
        ),
        other => connection(&other.to_string(), secrets),
    }
}

/// Maps an I/O failure, looking inside it for what the SDK's own layers put there: the
/// caller's cancellation, a proxy's refusal or absence, a rustls verdict on the certificate.
fn map_io(error: &io::Error, authority: &str, secrets: &[&str]) -> Error {
    if call::is_cancelled(error) {
        return Error::Cancelled;
    }
    if let Some(inner) = error.get_ref() {
        if let Some(failure) = inner.downcast_ref::<ProxyFailure>() {
            return match failure {
                ProxyFailure::Refused {
                    proxy,
                    status,
                    reason,
                } => Error::Proxy {
                    proxy: proxy.clone(),
                    status: Some(*status),
                    reason: redact(&format!("HTTP {status} {reason}"), secrets),
                },
                ProxyFailure::BadAnswer { proxy } => Error::Proxy {
                    proxy: proxy.clone(),
                    status: None,
                    reason: "its answer to CONNECT is not HTTP".to_owned(),
                },
            };
        }
        if let Some(unreachable) = inner.downcast_ref::<ProxyUnreachable>() {
            let reason = if is_timeout(&unreachable.source) {
                "the connection timed out".to_owned()
            } else {
                describe_io(&unreachable.source)
            };
            return connection(
                &format!("cannot reach the proxy {}: {reason}", unreachable.proxy),
                secrets,
            );
        }
    }
    if let Some(failure) = tls::failure(error) {
        return Error::Tls {
            reason: tls::describe_failure(authority, failure),
        };
    }
    if is_timeout(error) {
        return Error::Timeout { attempts: 1 };
    }
    connection(&describe_io(error), secrets)
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
