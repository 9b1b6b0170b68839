//! The profiles file: one profile key a line, read into entries that can be shown and
//! recorded without the key.

use std::collections::HashSet;
use std::path::Path;

use ayrshare_webhooks::Client;
use ring::digest::{SHA256, digest};

use crate::failure::Failure;

/// One profile of a bulk run.
pub struct Profile {
    /// The profile key (never printed or recorded).
    pub key: String,
    /// Its line in the profiles file, from 1.
    pub line: usize,
    /// Its fingerprint: the report's name for it.
    pub id: String,
    /// The key masked as the SDK masks keys.
    pub masked: String,
    /// Why the key cannot be used (it breaks the SDK's rules), if it cannot.
    pub invalid: Option<ayrshare_webhooks::Error>,
}

/// The profiles of `path` and how many repeated keys were dropped. Blank lines and lines
/// starting with `#` are skipped; surrounding whitespace is trimmed.
///
/// # Errors
/// [`Failure::Usage`] when the file cannot be read, is not UTF-8, or holds no profile.
pub fn read(path: &Path, client: &Client) -> Result<(Vec<Profile>, usize), Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::Usage(format!(
            "cannot read the profiles file {}: {e}",
            path.display()
        ))
    })?;
    let mut seen = HashSet::new();
    let mut profiles = Vec::new();
    let mut repeated = 0;
    for (index, line) in text.lines().enumerate() {
        let key = line.trim();
        if key.is_empty() || key.starts_with('#') {
            continue;
        }
        let id = fingerprint(key);
        if !seen.insert(id.clone()) {
            repeated += 1;
            continue;
        }
        let (masked, invalid) = match client.with_profile_key(key) {
            Ok(tenant) => (tenant.masked_profile_key().unwrap_or_default(), None),
            Err(error) => ("***".to_owned(), Some(error)),
        };
        profiles.push(Profile {
            key: key.to_owned(),
            line: index + 1,
            id,
            masked,
            invalid,
        });
    }
    if profiles.is_empty() {
        return Err(Failure::Usage(format!(
            "the profiles file {} holds no profile key",
            path.display()
        )));
    }
    Ok((profiles, repeated))
}

/// The first 16 hex digits of the SHA-256 of a profile key: stable across runs, tells
/// profiles apart, and does not reveal a (random) key.
pub fn fingerprint(key: &str) -> String {
    digest(&SHA256, key.as_bytes()).as_ref()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_short() {
        // printf '%s' abc | sha256sum
        assert_eq!(fingerprint("abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn comments_blanks_and_repeats_are_skipped() {
        let dir = std::env::temp_dir().join(format!("ayr-cli-profiles-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("profiles.txt");
        std::fs::write(&path, "# tenants\n\n  key-one-0123456789abcdef  \nkey-two\nkey-one-0123456789abcdef\nbad\tkey\n").unwrap();
        let client = Client::new("api-key").unwrap();
        let (profiles, repeated) = read(&path, &client).unwrap();
        assert_eq!(repeated, 1);
        let lines: Vec<usize> = profiles.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 6]);
        assert_eq!(
            profiles[2].invalid.as_ref().and_then(|e| e.invalid_field()),
            Some("profile_key")
        );
        assert_eq!(profiles[0].key, "key-one-0123456789abcdef");
        assert_eq!(profiles[0].masked, "***cdef");
        assert_eq!(profiles[1].masked, "***");
        assert!(profiles[1].invalid.is_none());
        std::fs::write(&path, "# none\n").unwrap();
        assert!(read(&path, &client).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
