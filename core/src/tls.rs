//! Which certificate authorities a client trusts, and what a failed TLS handshake means.

use std::io;
use std::path::{Path, PathBuf};

use rustls::{CertificateError, RootCertStore};
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

use crate::Error;

/// Environment variable naming a PEM bundle of CA certificates to trust instead of the
/// bundled roots, read wherever the other `AYRSHARE_*` variables are.
pub const ENV_CA_BUNDLE: &str = "AYRSHARE_CA_BUNDLE";

/// Largest CA bundle file read, in bytes (the system bundle of a Linux distribution is about
/// 200 KiB).
const MAX_BUNDLE_BYTES: u64 = 16 * 1024 * 1024;

/// The roots a client verifies servers against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Trust {
    /// Mozilla's roots, built into the SDK (webpki-roots): the default.
    #[default]
    Bundled,
    /// The operating system's store (on Linux the distribution's bundle, honouring
    /// `SSL_CERT_FILE` and `SSL_CERT_DIR`).
    System,
    /// The certificates of one PEM file, instead of any default.
    Bundle(PathBuf),
}

/// The TLS settings for `trust`, with every certificate loaded and checked now, so a bad
/// bundle fails the client's construction rather than its first call.
///
/// # Errors
/// [`Error::InvalidInput`] on field `ca_bundle` for a file that cannot be read, is empty or
/// holds no usable PEM certificate; on field `system_roots` when the system store holds none.
pub(crate) fn config(trust: &Trust) -> Result<TlsConfig, Error> {
    let roots = match trust {
        Trust::Bundled => RootCerts::WebPki,
        Trust::System => RootCerts::from(system_roots()?),
        Trust::Bundle(path) => RootCerts::from(bundle(path)?),
    };
    Ok(TlsConfig::builder().root_certs(roots).build())
}

fn bundle(path: &Path) -> Result<Vec<Certificate<'static>>, Error> {
    let shown = path.display();
    let invalid = |reason: String| Error::invalid("ca_bundle", reason);
    let metadata = std::fs::metadata(path)
        .map_err(|e| invalid(format!("cannot read {shown}: {}", describe(&e))))?;
    if !metadata.is_file() {
        return Err(invalid(format!("{shown} is not a file")));
    }
    if metadata.len() > MAX_BUNDLE_BYTES {
        return Err(invalid(format!(
            "{shown} is larger than {MAX_BUNDLE_BYTES} bytes"
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| invalid(format!("cannot read {shown}: {}", describe(&e))))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid(format!("{shown} is empty")));
    }
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(&bytes) {
        match item {
            Ok(PemItem::Certificate(certificate)) => certificates.push(certificate),
            Ok(_) => {}
            Err(_) => return Err(invalid(format!("{shown} is not a valid PEM file"))),
        }
    }
    usable(certificates).ok_or_else(|| {
        invalid(format!(
            "{shown} holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\") usable as a root"
        ))
    })
}

fn system_roots() -> Result<Vec<Certificate<'static>>, Error> {
    let found = rustls_native_certs::load_native_certs();
    let certificates = found
        .certs
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()).to_owned())
        .collect();
    usable(certificates).ok_or_else(|| {
        Error::invalid(
            "system_roots",
            format!(
                "the operating system's certificate store holds no usable certificate ({} errors \
                 reading it; SSL_CERT_FILE and SSL_CERT_DIR choose where it is read)",
                found.errors.len()
            ),
        )
    })
}

/// `certificates` when rustls accepts at least one of them as a root.
fn usable(certificates: Vec<Certificate<'static>>) -> Option<Vec<Certificate<'static>>> {
    let mut store = RootCertStore::empty();
    let (added, _ignored) =
        store.add_parsable_certificates(certificates.iter().map(|c| c.der().to_vec().into()));
    (added > 0).then_some(certificates)
}

fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// The TLS failure inside an I/O error from the handshake, if that is what it is.
pub(crate) fn failure(error: &io::Error) -> Option<&rustls::Error> {
    error.get_ref()?.downcast_ref::<rustls::Error>()
}

/// The message of [`Error::Tls`] for a handshake with `authority` that failed with `error`:
/// the host, the reason in words, and what to do about it.
pub(crate) fn describe_failure(authority: &str, error: &rustls::Error) -> String {
    const TRUST_IT: &str = "if a private CA or a TLS-inspecting proxy issued it, trust that CA \
                            with ca_bundle (AYRSHARE_CA_BUNDLE), or use the system's store with \
                            system_roots";
    let rustls::Error::InvalidCertificate(problem) = error else {
        return format!("the TLS handshake with {authority} failed: {error}");
    };
    let (reason, advice) = match problem {
        CertificateError::UnknownIssuer => (
            "it is issued by a certificate authority this client does not trust (unknown issuer)"
                .to_owned(),
            TRUST_IT.to_owned(),
        ),
        CertificateError::BadSignature => {
            ("its signature is invalid".to_owned(), TRUST_IT.to_owned())
        }
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => (
            "it has expired".to_owned(),
            "the server must renew it (or this machine's clock is wrong)".to_owned(),
        ),
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => (
            "it is not valid yet".to_owned(),
            "check this machine's clock".to_owned(),
        ),
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => (
            format!("it is not valid for the host name {}", host_of(authority)),
            "check the host name of base_url, or the proxy in between".to_owned(),
        ),
        CertificateError::Revoked => (
            "it has been revoked".to_owned(),
            "the server must replace it".to_owned(),
        ),
        CertificateError::Other(other) if other.to_string().contains("CaUsedAsEndEntity") => (
            "it is a certificate authority's certificate, not a server's (CaUsedAsEndEntity)"
                .to_owned(),
            "the server must present a certificate issued for its host name".to_owned(),
        ),
        other => (format!("it is invalid ({other:?})"), TRUST_IT.to_owned()),
    };
    format!("the certificate of {authority} is not trusted: {reason}; {advice}")
}

fn host_of(authority: &str) -> &str {
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, contents: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ayr-tls-{}-{name}", std::process::id()));
        std::fs::write(&dir, contents).unwrap();
        dir
    }

    #[test]
    fn bad_bundles_are_invalid_input_naming_ca_bundle() {
        let missing = std::env::temp_dir().join("ayr-no-such-bundle.pem");
        let empty = write("empty", b"  \n");
        let not_pem = write("not-pem", b"hello, this is not a certificate\n");
        let key_only = write(
            "key-only",
            b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n",
        );
        let garbage_cert = write(
            "garbage",
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        );
        let dir = std::env::temp_dir();
        for (path, words) in [
            (&missing, "no such file"),
            (&empty, "is empty"),
            (&not_pem, "no PEM certificate"),
            (&key_only, "no PEM certificate"),
            (&garbage_cert, "no PEM certificate"),
            (&dir, "is not a file"),
        ] {
            let err = config(&Trust::Bundle(path.clone())).unwrap_err();
            assert_eq!(err.invalid_field(), Some("ca_bundle"), "{path:?}");
            assert!(err.to_string().contains(words), "{path:?}: {err}");
        }
        for path in [empty, not_pem, key_only, garbage_cert] {
            std::fs::remove_file(path).unwrap();
        }
    }

    #[test]
    fn the_default_is_the_bundled_roots() {
        assert!(matches!(
            config(&Trust::Bundled).unwrap().root_certs(),
            RootCerts::WebPki
        ));
    }

    #[test]
    fn failures_name_the_host_and_the_reason() {
        let unknown = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        let text = describe_failure("localhost:8443", &unknown);
        assert!(text.contains("localhost:8443"), "{text}");
        assert!(text.contains("unknown issuer"), "{text}");
        assert!(text.contains("ca_bundle"), "{text}");
        let name = rustls::Error::InvalidCertificate(CertificateError::NotValidForName);
        assert!(describe_failure("a.example:443", &name).contains("host name a.example"));
    }
}
