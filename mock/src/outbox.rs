//! The deliveries the mock would send, written to files so programs in any language can read
//! and verify them without running a receiver.

use std::io;
use std::path::Path;

/// Writes `<dir>/<profile or "primary">/<action>.body` (the exact bytes) and `<action>.headers`
/// (one `Name: value` per line: the content type and the signature headers).
pub(crate) fn write_delivery(
    dir: &Path,
    profile: Option<&str>,
    action: &str,
    body: &[u8],
    signature_headers: &[(&str, &str)],
) -> io::Result<()> {
    let folder = dir.join(safe_name(profile.unwrap_or("primary")));
    std::fs::create_dir_all(&folder)?;
    std::fs::write(folder.join(format!("{action}.body")), body)?;
    let mut headers = String::from("Content-Type: application/json\n");
    for (name, value) in signature_headers {
        headers.push_str(&format!("{name}: {value}\n"));
    }
    std::fs::write(folder.join(format!("{action}.headers")), headers)
}

/// A file-name-safe form of a profile key.
fn safe_name(profile: &str) -> String {
    let name: String = profile
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "_".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_cannot_escape_the_outbox() {
        assert_eq!(safe_name("../../etc"), "______etc");
        assert_eq!(safe_name("demo-profile-c"), "demo-profile-c");
    }
}
