//! HTTP proxies: which one a client uses (its setting, or the environment's `HTTPS_PROXY`,
//! `ALL_PROXY` and `NO_PROXY`), and opening a tunnel through one with `CONNECT`.

use std::fmt;
use std::io;
use std::net::TcpStream;
use std::time::Instant;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use url::Url;

use crate::secret::Secret;
use crate::tcp;
use crate::validate::quote_for_message;
use crate::{Error, validate};

/// How a client chooses its proxy. `Debug` masks the credentials of a URL.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) enum ProxySetting {
    /// The environment's proxy variables (the default).
    #[default]
    FromEnvironment,
    /// Connect directly, whatever the environment says.
    Direct,
    /// This proxy URL, for every request.
    Url(String),
}

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxySetting::FromEnvironment => f.write_str("from the environment"),
            ProxySetting::Direct => f.write_str("none"),
            ProxySetting::Url(url) => match url.rsplit_once('@') {
                Some((_, host)) => write!(f, "\"***@{host}\""),
                None => write!(f, "{url:?}"),
            },
        }
    }
}

/// A proxy to tunnel through: where it is, and the `Proxy-Authorization` it needs.
#[derive(Clone)]
pub(crate) struct Proxy {
    host: String,
    port: u16,
    authorization: Option<Secret>,
}

impl Proxy {
    /// `host:port`, for messages: never the credentials.
    pub(crate) fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    pub(crate) fn host(&self) -> &str {
        &self.host
    }

    pub(crate) fn port(&self) -> u16 {
        self.port
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("authority", &self.authority())
            .field("credentials", &self.authorization.as_ref().map(|_| "***"))
            .finish()
    }
}

/// The proxy a client talking to `base_url` uses under `setting`, or `None` to connect
/// directly.
///
/// From the environment, an `https` base URL takes `https_proxy`, `HTTPS_PROXY`, `all_proxy`
/// or `ALL_PROXY` (the first set), unless `no_proxy` / `NO_PROXY` lists its host. A plain
/// `http` base URL, which the SDK allows only to a loopback host (a local stand-in or mock),
/// never goes through a proxy from the environment.
///
/// # Errors
/// [`Error::InvalidInput`] on field `proxy` for a proxy URL that is not `http://` (SOCKS and
/// `https://` proxies are not supported, so they are refused rather than bypassed), or that is
/// malformed. The message names the variable it came from and never holds the credentials.
pub(crate) fn choose(setting: &ProxySetting, base_url: &Url) -> Result<Option<Proxy>, Error> {
    match setting {
        ProxySetting::Direct => Ok(None),
        ProxySetting::Url(url) if url.is_empty() => Ok(None),
        ProxySetting::Url(url) => parse(url, "the proxy setting").map(Some),
        ProxySetting::FromEnvironment => {
            if base_url.scheme() != "https" {
                return Ok(None);
            }
            let Some((name, value)) =
                first_set(&["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"])?
            else {
                return Ok(None);
            };
            let proxy = parse(&value, &name)?;
            let host = base_url.host_str().unwrap_or_default();
            let port = base_url.port_or_known_default().unwrap_or(443);
            match first_set(&["no_proxy", "NO_PROXY"])? {
                Some((_, list)) if bypasses(&list, host, port) => Ok(None),
                _ => Ok(Some(proxy)),
            }
        }
    }
}

/// The first of `names` set to a non-empty value.
fn first_set(names: &[&str]) -> Result<Option<(String, String)>, Error> {
    for name in names {
        match std::env::var(name) {
            Ok(value) if !value.trim().is_empty() => {
                return Ok(Some(((*name).to_owned(), value.trim().to_owned())));
            }
            Err(std::env::VarError::NotUnicode(_)) => {
                return Err(Error::invalid(
                    "proxy",
                    format!("{name} is not valid UTF-8"),
                ));
            }
            _ => {}
        }
    }
    Ok(None)
}

/// Parses an `http://[user[:password]@]host[:port]` proxy URL (a URL without a scheme is read
/// as `http://`; the default port is 80). `origin` names where the URL came from.
fn parse(text: &str, origin: &str) -> Result<Proxy, Error> {
    let invalid = |reason: String| Error::invalid("proxy", format!("{origin}: {reason}"));
    if text.len() > validate::MAX_URL_BYTES
        || text.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(invalid(
            "is not a proxy URL (too long, or holds spaces or control characters)".to_owned(),
        ));
    }
    let with_scheme = if text.contains("://") {
        text.to_owned()
    } else {
        format!("http://{text}")
    };
    let url = Url::parse(&with_scheme).map_err(|e| invalid(format!("is not a proxy URL ({e})")))?;
    match url.scheme() {
        "http" => {}
        scheme if scheme.starts_with("socks") => {
            return Err(invalid(format!(
                "SOCKS proxies ({scheme}://) are not supported, and the SDK never connects \
                 around a proxy it was given: use an HTTP proxy (http://host:port), or no proxy"
            )));
        }
        scheme => {
            return Err(invalid(format!(
                "proxy scheme {} is not supported: use an HTTP proxy (http://host:port)",
                quote_for_message(scheme)
            )));
        }
    }
    let host = match url.host() {
        Some(url::Host::Domain(name)) if !name.is_empty() => name.to_owned(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        _ => return Err(invalid("has no host".to_owned())),
    };
    if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must be only scheme, host and port".to_owned()));
    }
    let authorization = if url.username().is_empty() && url.password().is_none() {
        None
    } else {
        let decode = |part: &str| {
            percent_encoding::percent_decode_str(part)
                .decode_utf8()
                .map(|text| text.into_owned())
                .map_err(|_| invalid("its user name or password is not valid UTF-8".to_owned()))
        };
        let user = decode(url.username())?;
        let password = decode(url.password().unwrap_or(""))?;
        let token = STANDARD.encode(format!("{user}:{password}"));
        Some(Secret::new(&format!("Basic {token}")))
    };
    Ok(Proxy {
        host,
        port: url.port().unwrap_or(80),
        authorization,
    })
}

/// Whether a `NO_PROXY` list exempts `host:port`: `*`, the host itself, a parent domain
/// (`example.com` or `.example.com` covers `api.example.com`), an IP address, each optionally
/// with `:port`. Entries are separated by commas or spaces; case is ignored.
pub(crate) fn bypasses(list: &str, host: &str, port: u16) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase();
    list.split([',', ' '])
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            let entry = entry.to_ascii_lowercase();
            let (pattern, wanted_port) = split_port(&entry);
            if wanted_port.is_some_and(|p| p != port) {
                return false;
            }
            let pattern = pattern
                .trim_start_matches("*.")
                .trim_start_matches('.')
                .trim_start_matches('[')
                .trim_end_matches(']')
                .trim_end_matches('.');
            !pattern.is_empty()
                && (host == pattern
                    || host
                        .strip_suffix(pattern)
                        .is_some_and(|rest| rest.ends_with('.')))
        })
}

/// `host:port` → (`host`, port); an IPv6 address without brackets has no port.
fn split_port(entry: &str) -> (&str, Option<u16>) {
    if let Some(rest) = entry.strip_prefix('[') {
        if let Some((host, after)) = rest.split_once(']') {
            return (host, after.strip_prefix(':').and_then(|p| p.parse().ok()));
        }
    }
    match entry.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') => match port.parse() {
            Ok(port) => (host, Some(port)),
            Err(_) => (entry, None),
        },
        _ => (entry, None),
    }
}

/// Why a tunnel through a proxy could not be opened.
#[derive(Debug)]
pub(crate) enum ProxyFailure {
    /// The proxy answered `CONNECT` with a non-2xx status.
    Refused {
        proxy: String,
        status: u16,
        reason: String,
    },
    /// The proxy's answer to `CONNECT` was not HTTP.
    BadAnswer { proxy: String },
}

impl fmt::Display for ProxyFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxyFailure::Refused {
                proxy,
                status,
                reason,
            } => write!(
                f,
                "the proxy {proxy} refused the tunnel: HTTP {status} {reason}"
            ),
            ProxyFailure::BadAnswer { proxy } => {
                write!(f, "the proxy {proxy} did not answer CONNECT with HTTP")
            }
        }
    }
}

impl std::error::Error for ProxyFailure {}

/// Largest proxy answer head read.
const MAX_ANSWER_HEAD: usize = 16 * 1024;

/// Asks `proxy`, connected on `stream`, for a tunnel to `host:port`, by `deadline`.
///
/// # Errors
/// A [`ProxyFailure`] (wrapped in an I/O error) when the proxy refuses or does not speak
/// HTTP; the transport's timeout, cancellation or I/O error otherwise.
pub(crate) fn open_tunnel(
    stream: &TcpStream,
    proxy: &Proxy,
    host: &str,
    port: u16,
    user_agent: &str,
    deadline: Option<Instant>,
) -> Result<(), ureq::Error> {
    let target = if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut request =
        format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\nUser-Agent: {user_agent}\r\n");
    if let Some(authorization) = &proxy.authorization {
        request.push_str("Proxy-Authorization: ");
        request.push_str(authorization.expose());
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    tcp::write_all_by(stream, request.as_bytes(), deadline)?;

    let mut head = Vec::with_capacity(512);
    let mut chunk = [0u8; 1024];
    let end = loop {
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if head.len() > MAX_ANSWER_HEAD {
            return Err(failure(ProxyFailure::BadAnswer {
                proxy: proxy.authority(),
            }));
        }
        let read = tcp::read_by(stream, &mut chunk, deadline)?;
        if read == 0 {
            return Err(ureq::Error::Io(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("the proxy {} closed the connection", proxy.authority()),
            )));
        }
        head.extend_from_slice(&chunk[..read]);
    };
    let (status, reason) = status_line(&head).ok_or_else(|| {
        failure(ProxyFailure::BadAnswer {
            proxy: proxy.authority(),
        })
    })?;
    if !(200..300).contains(&status) {
        return Err(failure(ProxyFailure::Refused {
            proxy: proxy.authority(),
            status,
            reason,
        }));
    }
    // The target speaks only after the client does; bytes already here are not the target's.
    if head.len() > end {
        return Err(failure(ProxyFailure::BadAnswer {
            proxy: proxy.authority(),
        }));
    }
    Ok(())
}

fn failure(failure: ProxyFailure) -> ureq::Error {
    ureq::Error::Io(io::Error::other(failure))
}

/// The status and reason phrase of an HTTP/1.x status line.
fn status_line(head: &[u8]) -> Option<(u16, String)> {
    let line_end = head.windows(2).position(|w| w == b"\r\n")?;
    let line = std::str::from_utf8(&head[..line_end]).ok()?;
    let rest = line.strip_prefix("HTTP/1.")?;
    let mut parts = rest.splitn(3, ' ');
    let _minor = parts.next()?;
    let status = parts.next()?;
    if status.len() != 3 {
        return None;
    }
    let status: u16 = status.parse().ok()?;
    let reason: String = parts
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    Some((status, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn https(url: &str) -> Url {
        Url::parse(url).unwrap()
    }

    #[test]
    fn proxy_urls() {
        let proxy = parse("http://proxy.corp:3128", "test").unwrap();
        assert_eq!(proxy.authority(), "proxy.corp:3128");
        assert!(proxy.authorization.is_none());
        let bare = parse("10.0.0.1:8080", "test").unwrap();
        assert_eq!(bare.authority(), "10.0.0.1:8080");
        assert_eq!(parse("http://p", "t").unwrap().port, 80);
        let v6 = parse("http://[::1]:3128/", "t").unwrap();
        assert_eq!(v6.authority(), "[::1]:3128");
        let with = parse("http://us%40er:p%3Ass@p:1", "t").unwrap();
        assert_eq!(
            with.authorization.as_ref().unwrap().expose(),
            format!("Basic {}", STANDARD.encode("us@er:p:ss"))
        );
        assert!(!format!("{with:?}").contains("p:ss"));
    }

    #[test]
    fn a_setting_debug_masks_the_credentials() {
        let setting = ProxySetting::Url("http://us@er:pa55word@proxy.corp:3128".into());
        let shown = format!("{setting:?} {setting:#?}");
        assert!(
            !shown.contains("pa55word") && !shown.contains("us@er"),
            "{shown}"
        );
        assert!(shown.contains("***@proxy.corp:3128"), "{shown}");
        assert_eq!(format!("{:?}", ProxySetting::Direct), "none");
    }

    #[test]
    fn unsupported_proxies_are_refused_naming_proxy() {
        for (url, words) in [
            ("socks5://user:hunter2@p:1080", "SOCKS"),
            ("socks5h://p:1080", "SOCKS"),
            ("socks4://p:1080", "SOCKS"),
            ("https://p:443", "not supported"),
            ("http://", "proxy URL"),
            ("http://p:3128/path", "only scheme"),
            ("http://p :3128", "spaces"),
        ] {
            let err = parse(url, "HTTPS_PROXY").unwrap_err();
            assert_eq!(err.invalid_field(), Some("proxy"), "{url}");
            let text = err.to_string();
            assert!(text.contains(words), "{url}: {text}");
            assert!(text.contains("HTTPS_PROXY"), "{url}: {text}");
            assert!(!text.contains("hunter2"), "{text}");
        }
    }

    #[test]
    fn no_proxy_lists() {
        let cases = [
            ("*", "api.ayrshare.com", true),
            ("ayrshare.com", "api.ayrshare.com", true),
            (".ayrshare.com", "api.ayrshare.com", true),
            ("*.ayrshare.com", "api.ayrshare.com", true),
            ("ayrshare.com", "ayrshare.com", true),
            ("yrshare.com", "api.ayrshare.com", false),
            ("other.com, localhost", "localhost", true),
            ("other.com localhost", "LOCALHOST", true),
            ("localhost:8443", "localhost", true),
            ("localhost:9999", "localhost", false),
            ("127.0.0.1", "127.0.0.1", true),
            ("[::1]", "[::1]", true),
            ("::1", "[::1]", true),
            ("", "localhost", false),
            (",,", "localhost", false),
        ];
        for (list, host, expected) in cases {
            assert_eq!(bypasses(list, host, 8443), expected, "{list:?} {host}");
        }
    }

    #[test]
    fn choosing_a_proxy_by_setting() {
        let base = https("https://api.ayrshare.com/api");
        assert!(choose(&ProxySetting::Direct, &base).unwrap().is_none());
        assert!(
            choose(&ProxySetting::Url(String::new()), &base)
                .unwrap()
                .is_none()
        );
        let set = choose(&ProxySetting::Url("http://p:1".into()), &base).unwrap();
        assert_eq!(set.unwrap().authority(), "p:1");
        let local = https("http://127.0.0.1:8080/api");
        let set = choose(&ProxySetting::Url("http://p:1".into()), &local).unwrap();
        assert!(set.is_some(), "a proxy set in code applies to loopback too");
    }

    #[test]
    fn status_lines() {
        assert_eq!(
            status_line(b"HTTP/1.1 200 Connection established\r\n\r\n"),
            Some((200, "Connection established".into()))
        );
        assert_eq!(
            status_line(b"HTTP/1.0 407 Proxy Authentication Required\r\n"),
            Some((407, "Proxy Authentication Required".into()))
        );
        assert_eq!(status_line(b"HTTP/1.1 20 x\r\n"), None);
        assert_eq!(status_line(b"SSH-2.0\r\n"), None);
    }
}
