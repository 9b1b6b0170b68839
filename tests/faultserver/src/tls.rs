//! The TLS front: certificates made at start-up by a throw-away CA, and a TLS listener that
//! terminates each connection and forwards its plaintext to the plain fault server, so every
//! script step plays the same over HTTPS. Handshakes are counted.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection};

use crate::State;

/// The certificate the TLS front presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertKind {
    /// Issued by the server's CA for `localhost` and `127.0.0.1`: trusted with that CA.
    Valid,
    /// Issued by the CA for `localhost`, but expired in 2021.
    Expired,
    /// Issued by the CA for `wrong-host.example` only.
    WrongHost,
    /// Issued for `localhost` by another CA, one nobody is given.
    UnknownIssuer,
    /// The CA's own certificate, presented as the server's.
    CaAsLeaf,
}

impl CertKind {
    /// Every kind, with the name the binary's `--cert` option takes.
    pub const ALL: [(&'static str, CertKind); 5] = [
        ("valid", CertKind::Valid),
        ("expired", CertKind::Expired),
        ("wrong-host", CertKind::WrongHost),
        ("unknown-issuer", CertKind::UnknownIssuer),
        ("ca-as-leaf", CertKind::CaAsLeaf),
    ];
}

impl std::str::FromStr for CertKind {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        CertKind::ALL
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, kind)| *kind)
            .ok_or_else(|| format!("unknown certificate kind {name:?}"))
    }
}

/// A CA made for one server, and the server's certificate chain and key (also used by the
/// benchmark's TLS server).
pub struct Pki {
    /// The CA certificate clients should trust, PEM.
    pub ca_pem: String,
    /// The server's certificate chain, leaf first.
    pub chain: Vec<CertificateDer<'static>>,
    /// The server certificate's private key.
    pub key: PrivateKeyDer<'static>,
}

fn ca(name: &str) -> Result<(CertificateParams, KeyPair, rcgen::Certificate), rcgen::Error> {
    let key = KeyPair::generate()?;
    let mut params = CertificateParams::new(Vec::<String>::new())?;
    let mut subject = DistinguishedName::new();
    subject.push(DnType::CommonName, name);
    params.distinguished_name = subject;
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let cert = params.self_signed(&key)?;
    Ok((params, key, cert))
}

fn der_key(key: &KeyPair) -> PrivateKeyDer<'static> {
    PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()))
}

impl Pki {
    /// A fresh CA and a server certificate of `kind`.
    ///
    /// # Errors
    /// When rcgen cannot make a key or a certificate.
    pub fn new(kind: CertKind) -> Result<Pki, rcgen::Error> {
        let (ca_params, ca_key, ca_cert) = ca("ayrshare-faultserver test CA")?;
        let ca_pem = ca_cert.pem();
        if kind == CertKind::CaAsLeaf {
            return Ok(Pki {
                ca_pem,
                chain: vec![ca_cert.der().clone()],
                key: der_key(&ca_key),
            });
        }
        let names: Vec<String> = match kind {
            CertKind::WrongHost => vec!["wrong-host.example".into()],
            _ => vec!["localhost".into(), "127.0.0.1".into()],
        };
        let mut params = CertificateParams::new(names)?;
        params
            .distinguished_name
            .push(DnType::CommonName, "ayrshare-faultserver");
        if kind == CertKind::Expired {
            params.not_before = rcgen::date_time_ymd(2020, 1, 1);
            params.not_after = rcgen::date_time_ymd(2021, 1, 1);
        }
        let key = KeyPair::generate()?;
        let leaf = if kind == CertKind::UnknownIssuer {
            let (other_params, other_key, _) = ca("another test CA, trusted by no one")?;
            params.signed_by(&key, &Issuer::new(other_params, other_key))?
        } else {
            params.signed_by(&key, &Issuer::new(ca_params, ca_key))?
        };
        Ok(Pki {
            ca_pem,
            chain: vec![leaf.der().clone()],
            key: der_key(&key),
        })
    }

    pub(crate) fn server_config(&self) -> io::Result<Arc<ServerConfig>> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(io::Error::other)?
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), self.key.clone_key())
            .map_err(io::Error::other)?;
        Ok(Arc::new(config))
    }
}

/// Accepts TLS connections on `listener` and bridges each to the plain server at `plain`.
pub(crate) fn accept_loop(
    listener: &TcpListener,
    config: &Arc<ServerConfig>,
    plain: SocketAddr,
    state: &Arc<State>,
) {
    for stream in listener.incoming() {
        if state.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        state.tls_connections.fetch_add(1, Ordering::SeqCst);
        let (config, state) = (Arc::clone(config), Arc::clone(state));
        let _ = std::thread::Builder::new()
            .name("faultserver-tls".into())
            .spawn(move || {
                let _ = bridge(stream, config, plain, &state);
            });
    }
}

/// One TLS connection: the handshake (counted when it completes), then plaintext forwarded
/// both ways until either side closes.
fn bridge(
    mut client: TcpStream,
    config: Arc<ServerConfig>,
    plain: SocketAddr,
    state: &State,
) -> io::Result<()> {
    let mut tls = ServerConnection::new(config).map_err(io::Error::other)?;
    client.set_read_timeout(Some(Duration::from_secs(10)))?;
    while tls.is_handshaking() {
        if let Err(e) = tls.complete_io(&mut client) {
            // The client refused the certificate (or went away): not a handshake.
            let _ = client.shutdown(Shutdown::Both);
            return Err(e);
        }
    }
    state.handshakes.fetch_add(1, Ordering::SeqCst);
    client.set_read_timeout(None)?;
    let upstream = TcpStream::connect(plain)?;
    let shared = Arc::new(Mutex::new((tls, client.try_clone()?)));

    let to_client = {
        let shared = Arc::clone(&shared);
        let mut upstream = upstream.try_clone()?;
        std::thread::Builder::new()
            .name("faultserver-tls-out".into())
            .spawn(move || {
                let mut buffer = vec![0u8; 16 * 1024];
                loop {
                    let read = upstream.read(&mut buffer).unwrap_or(0);
                    let mut guard = shared.lock().unwrap_or_else(|e| e.into_inner());
                    let (tls, socket) = &mut *guard;
                    if read == 0 {
                        tls.send_close_notify();
                        let _ = tls.write_tls(socket);
                        let _ = socket.shutdown(Shutdown::Both);
                        return;
                    }
                    if tls.writer().write_all(&buffer[..read]).is_err() {
                        return;
                    }
                    while tls.wants_write() {
                        if tls.write_tls(socket).is_err() {
                            return;
                        }
                    }
                }
            })?
    };

    let mut upstream_writer = upstream;
    let mut buffer = vec![0u8; 16 * 1024];
    let mut plaintext = Vec::new();
    // The first round reads nothing new: the handshake's last read may already hold the
    // client's first request (TLS 1.3 lets it follow the Finished message at once).
    let mut read = 0;
    loop {
        plaintext.clear();
        {
            let mut guard = shared.lock().unwrap_or_else(|e| e.into_inner());
            let (tls, socket) = &mut *guard;
            let mut input = &buffer[..read];
            loop {
                if !input.is_empty() && tls.read_tls(&mut input).is_err() {
                    break;
                }
                let state = match tls.process_new_packets() {
                    Ok(state) => state,
                    Err(_) => {
                        let _ = tls.write_tls(socket);
                        drop(guard);
                        let _ = upstream_writer.shutdown(Shutdown::Both);
                        let _ = to_client.join();
                        return Ok(());
                    }
                };
                let available = state.plaintext_bytes_to_read();
                if available > 0 {
                    let start = plaintext.len();
                    plaintext.resize(start + available, 0);
                    tls.reader().read_exact(&mut plaintext[start..])?;
                }
                if input.is_empty() {
                    break;
                }
            }
            while tls.wants_write() {
                tls.write_tls(socket)?;
            }
        }
        if !plaintext.is_empty() && upstream_writer.write_all(&plaintext).is_err() {
            break;
        }
        read = client.read(&mut buffer).unwrap_or(0);
        if read == 0 {
            break;
        }
    }
    let _ = upstream_writer.shutdown(Shutdown::Write);
    let _ = to_client.join();
    Ok(())
}
