//! Every input rule of the SDK, checked before any I/O. Each function returns the value ready
//! to use, or an [`Error::InvalidInput`] naming the field.

use std::time::Duration;

use url::{Host, Url};

use crate::Error;
use crate::secret::Secret;

/// Longest API or profile key accepted, in bytes.
pub const MAX_KEY_BYTES: usize = 512;
/// Longest webhook or base URL accepted, in bytes.
pub const MAX_URL_BYTES: usize = 2048;
/// Longest webhook secret accepted, in bytes.
pub const MAX_SECRET_BYTES: usize = 1024;
/// Longest `User-Agent` suffix accepted, in bytes.
pub const MAX_USER_AGENT_SUFFIX_BYTES: usize = 128;
/// Most retries a client may be configured with.
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// An API key or profile key: non-empty, at most 512 bytes, printable ASCII without spaces
/// (a CR or LF would let a key inject headers; a header carries nothing but ASCII).
pub(crate) fn key(field: &'static str, value: &str) -> Result<Secret, Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > MAX_KEY_BYTES {
        return Err(Error::invalid(
            field,
            format!(
                "must be at most {MAX_KEY_BYTES} bytes (got {})",
                value.len()
            ),
        ));
    }
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(
            field,
            "must not contain whitespace or control characters",
        ));
    }
    // An HTTP header carries printable ASCII only; a key is sent in one.
    if !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(field, "must be printable ASCII"));
    }
    Ok(Secret::new(value))
}

/// A webhook secret: 1 to 1,024 bytes, no control characters.
pub(crate) fn secret(value: &str) -> Result<Secret, Error> {
    if value.is_empty() {
        return Err(Error::invalid("secret", "must not be empty"));
    }
    if value.len() > MAX_SECRET_BYTES {
        return Err(Error::invalid(
            "secret",
            format!(
                "must be at most {MAX_SECRET_BYTES} bytes (got {})",
                value.len()
            ),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(
            "secret",
            "must not contain control characters",
        ));
    }
    Ok(Secret::new(value))
}

/// A webhook destination: an absolute `https` URL with a host, no credentials, no spaces or
/// control characters, at most 2,048 bytes. Returned unchanged, as Ayrshare will call it.
pub(crate) fn webhook_url(value: &str) -> Result<String, Error> {
    let url = absolute_url("url", value)?;
    if url.scheme() != "https" {
        return Err(Error::invalid(
            "url",
            format!(
                "must use https (got scheme {})",
                quote_for_message(url.scheme())
            ),
        ));
    }
    Ok(value.to_owned())
}

/// The API's base URL: `https`, or `http` to a loopback host only (so a key never crosses a
/// network in clear text); no credentials, query or fragment. Returned without a trailing `/`.
pub(crate) fn base_url(value: &str) -> Result<String, Error> {
    let url = absolute_url("base_url", value)?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(Error::invalid(
                "base_url",
                "http is allowed only to a loopback host (127.0.0.0/8, ::1, localhost); use https",
            ));
        }
        other => {
            return Err(Error::invalid(
                "base_url",
                format!("must use https (got scheme {})", quote_for_message(other)),
            ));
        }
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid(
            "base_url",
            "must not have a query or fragment",
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// The rules shared by webhook and base URLs: length, characters, parse, host, no userinfo.
fn absolute_url(field: &'static str, value: &str) -> Result<Url, Error> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > MAX_URL_BYTES {
        return Err(Error::invalid(
            field,
            format!(
                "must be at most {MAX_URL_BYTES} bytes (got {})",
                value.len()
            ),
        ));
    }
    // Checked on the raw text: the URL parser silently drops tabs and newlines.
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::invalid(
            field,
            "must not contain spaces or control characters",
        ));
    }
    let url = Url::parse(value)
        .map_err(|e| Error::invalid(field, format!("is not an absolute URL ({e})")))?;
    // The parser reads `https:///x` and `https:\\x` as host `x`; demand a literal authority.
    let authority = value
        .get(url.scheme().len()..)
        .and_then(|rest| rest.strip_prefix("://"));
    if authority.is_none_or(|rest| rest.is_empty() || rest.starts_with(['/', '\\']))
        || url.host_str().is_none_or(str::is_empty)
    {
        return Err(Error::invalid(field, "must have a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid(
            field,
            "must not contain a user name or password",
        ));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// Longest timeout or tolerance accepted: one year (365 days). Longer is never meant, and a
/// bound that large already means "wait forever" to a caller.
pub const MAX_DURATION: Duration = Duration::from_secs(365 * 24 * 3600);

/// A timeout: greater than zero, at most [`MAX_DURATION`].
pub(crate) fn timeout(field: &'static str, value: Duration) -> Result<Duration, Error> {
    if value.is_zero() {
        return Err(Error::invalid(field, "must be greater than zero"));
    }
    at_most_a_year(field, value)
}

/// A duration setting that may be zero (a verifier's tolerance): at most [`MAX_DURATION`].
///
/// # Errors
/// [`Error::InvalidInput`] on `field` when `value` is longer than a year.
pub fn at_most_a_year(field: &'static str, value: Duration) -> Result<Duration, Error> {
    if value > MAX_DURATION {
        return Err(Error::invalid(field, "must be at most one year"));
    }
    Ok(value)
}

/// Converts a number of seconds given as a float (as Python and configuration files give
/// them) into a [`Duration`].
///
/// ```
/// use std::time::Duration;
/// use ayrshare_webhooks::duration_from_secs_f64;
///
/// assert_eq!(duration_from_secs_f64("timeout", 1.5)?, Duration::from_millis(1500));
/// assert!(duration_from_secs_f64("timeout", f64::NAN).is_err());
/// # Ok::<(), ayrshare_webhooks::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidInput`] on `field` for a NaN, infinite, negative or absurdly large value
/// (over a year). Zero is accepted here; [`ClientBuilder::build`](crate::ClientBuilder::build)
/// rejects a zero timeout.
pub fn duration_from_secs_f64(field: &'static str, seconds: f64) -> Result<Duration, Error> {
    const ONE_YEAR_SECS: f64 = MAX_DURATION.as_secs() as f64;
    if !seconds.is_finite() || seconds < 0.0 {
        return Err(Error::invalid(
            field,
            "must be a finite, non-negative number of seconds",
        ));
    }
    if seconds > ONE_YEAR_SECS {
        return Err(Error::invalid(field, "must be at most one year"));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// Converts a retry count given as a signed integer (as Python gives it) for
/// [`ClientBuilder::max_retries`](crate::ClientBuilder::max_retries).
///
/// # Errors
/// [`Error::InvalidInput`] on field `max_retries` when `value` is negative or above
/// [`MAX_RETRIES_LIMIT`].
pub fn max_retries_from_i64(value: i64) -> Result<u32, Error> {
    match u32::try_from(value) {
        Ok(count) => max_retries(count),
        Err(_) => Err(Error::invalid(
            "max_retries",
            format!("must be between 0 and {MAX_RETRIES_LIMIT} (got {value})"),
        )),
    }
}

/// A retry budget: at most [`MAX_RETRIES_LIMIT`].
pub(crate) fn max_retries(value: u32) -> Result<u32, Error> {
    if value > MAX_RETRIES_LIMIT {
        return Err(Error::invalid(
            "max_retries",
            format!("must be at most {MAX_RETRIES_LIMIT} (got {value})"),
        ));
    }
    Ok(value)
}

/// A `User-Agent` suffix: printable ASCII (spaces allowed inside), at most 128 bytes.
pub(crate) fn user_agent_suffix(value: &str) -> Result<String, Error> {
    let field = "user_agent_suffix";
    if value.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > MAX_USER_AGENT_SUFFIX_BYTES {
        return Err(Error::invalid(
            field,
            format!("must be at most {MAX_USER_AGENT_SUFFIX_BYTES} bytes"),
        ));
    }
    if !value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()) {
        return Err(Error::invalid(field, "must be printable ASCII"));
    }
    Ok(value.trim().to_owned())
}

/// Quotes a caller-supplied value for an error message: escaped, and cut to 40 characters so
/// a 10 KB argument does not become a 10 KB message.
pub(crate) fn quote_for_message(value: &str) -> String {
    const MAX_CHARS: usize = 40;
    let mut shown: String = value.chars().take(MAX_CHARS).collect();
    if shown.len() < value.len() {
        shown.push('…');
    }
    format!("{shown:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(result: Result<impl std::fmt::Debug, Error>) -> &'static str {
        result.unwrap_err().invalid_field().unwrap()
    }

    #[test]
    fn keys() {
        assert!(key("api_key", "k_123-ABC.x").is_ok());
        for bad in [
            "",
            "   ",
            "a b",
            "a\tb",
            "a\r\nX-Evil: 1",
            "a\0b",
            &"k".repeat(513),
        ] {
            assert_eq!(field_of(key("profile_key", bad)), "profile_key", "{bad:?}");
        }
        assert!(key("api_key", &"k".repeat(512)).is_ok());
    }

    #[test]
    fn secrets() {
        assert!(secret("s3cret with spaces").is_ok());
        assert!(secret(&"s".repeat(1024)).is_ok());
        for bad in ["", "a\nb", "\u{7f}", &"s".repeat(1025)] {
            assert_eq!(field_of(secret(bad)), "secret");
        }
    }

    #[test]
    fn webhook_urls() {
        for good in [
            "https://example.com/hook",
            "https://example.com:8443/a/b?x=1#f",
            "https://[::1]/hook",
            "HTTPS://Example.com/Hook",
        ] {
            assert_eq!(webhook_url(good).unwrap(), good);
        }
        for bad in [
            "",
            "http://example.com/hook",
            "ftp://example.com/",
            "/relative/path",
            "example.com/hook",
            "https://exa mple.com/",
            "https://example.com/\nx",
            "https://",
            "https:///path",
            "https:\\\\example.com\\hook",
            "https:example.com",
            "javascript:alert(1)",
            "https://user@",
            "https://user:pw@example.com/",
            "mailto:someone@example.com",
        ] {
            assert_eq!(field_of(webhook_url(bad)), "url", "{bad:?}");
        }
        let long = format!("https://example.com/{}", "a".repeat(MAX_URL_BYTES));
        assert_eq!(field_of(webhook_url(&long)), "url");
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            base_url("https://api.ayrshare.com/api/").unwrap(),
            "https://api.ayrshare.com/api"
        );
        for loopback in [
            "http://127.0.0.1:8080/api",
            "http://127.1.2.3/",
            "http://[::1]:9/api",
            "http://localhost:1234",
            "http://LOCALHOST/api",
        ] {
            assert!(base_url(loopback).is_ok(), "{loopback}");
        }
        for bad in [
            "http://example.com/api",
            "http://10.0.0.1/api",
            "http://localhost.example.com/",
            "not a url",
            "api.ayrshare.com",
            "ftp://127.0.0.1/",
            "https://u:p@api.ayrshare.com/api",
            "https://api.ayrshare.com/api?x=1",
            "https://api.ayrshare.com/api#x",
        ] {
            assert_eq!(field_of(base_url(bad)), "base_url", "{bad:?}");
        }
    }

    #[test]
    fn numbers_and_suffix() {
        assert_eq!(field_of(timeout("timeout", Duration::ZERO)), "timeout");
        assert!(timeout("timeout", Duration::from_millis(1)).is_ok());
        assert_eq!(field_of(max_retries(11)), "max_retries");
        assert_eq!(max_retries(10).unwrap(), 10);
        assert_eq!(user_agent_suffix("myapp/1.0").unwrap(), "myapp/1.0");
        assert_eq!(field_of(user_agent_suffix("bad\r\n")), "user_agent_suffix");
        assert_eq!(field_of(user_agent_suffix("é")), "user_agent_suffix");
    }

    #[test]
    fn quoting_cuts_long_values() {
        let quoted = quote_for_message(&"x".repeat(10_000));
        assert!(quoted.len() < 50, "{quoted}");
        assert_eq!(quote_for_message("a\nb"), "\"a\\nb\"");
    }
}
