//! A string that must never be printed: API keys, profile keys and webhook secrets.

use std::fmt;
use std::sync::Arc;

/// Holds a credential. `Debug` prints a mask, there is no `Display`, and the only way to the
/// value is [`Secret::expose`], which keeps every read of a credential easy to find.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(Arc<str>);

impl Secret {
    /// Wraps an already validated value.
    pub(crate) fn new(value: &str) -> Self {
        Self(Arc::from(value))
    }

    /// The credential itself, for the one place that puts it on the wire.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    /// A printable stand-in: `***` and, for long keys only, the last four characters, so two
    /// keys can be told apart in logs without revealing either.
    pub(crate) fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Masks `value` as [`Secret::masked`] does.
pub(crate) fn mask(value: &str) -> String {
    const SHOWN: usize = 4;
    const MIN_LEN_TO_SHOW_TAIL: usize = 20;
    let chars = value.chars().count();
    if chars < MIN_LEN_TO_SHOW_TAIL {
        return "***".to_owned();
    }
    let tail: String = value.chars().skip(chars - SHOWN).collect();
    format!("***{tail}")
}

/// Replaces every occurrence of each secret in `text` with `[redacted]`. Used on every piece of
/// server-supplied text before it goes into an [`Error`](crate::Error), because a misbehaving
/// server or proxy may echo the request back. A secret holding `"` or `\` is also scrubbed in
/// its JSON-escaped form, the form it has in an echoed request body.
pub(crate) fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let quoted = serde_json::to_string(secret).unwrap_or_default();
        let escaped = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or("");
        for form in [*secret, escaped] {
            if !form.is_empty() && out.contains(form) {
                out = out.replace(form, "[redacted]");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let short = Secret::new("short-key");
        assert_eq!(format!("{short:?}"), "***");
        let long = Secret::new("k_live_0123456789abcdefWXYZ");
        assert_eq!(format!("{long:?}"), "***WXYZ");
    }

    #[test]
    fn redact_replaces_json_escaped_secrets() {
        let echoed = r#"{"secret":"a\"b\\c"}"#;
        assert_eq!(redact(echoed, &[r#"a"b\c"#]), r#"{"secret":"[redacted]"}"#);
    }

    #[test]
    fn redact_replaces_every_secret() {
        let text = "echo: key=AAA profile=BBB key=AAA";
        assert_eq!(
            redact(text, &["AAA", "BBB", ""]),
            "echo: key=[redacted] profile=[redacted] key=[redacted]"
        );
    }
}
