//! The clients written in Rust, each run in its own process: the SDK's core, the floor
//! (pre-built request bytes on one persistent socket, or over one rustls session for HTTPS),
//! and the core's cold call. Also the timing loop and the report format every client (Rust, C
//! and Python) shares.

use std::fs::File;
use std::hint::black_box;
use std::io::{self, BufWriter, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Instant;

use ayrshare_webhooks::{Action, Client, RegisterWebhook};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore};

use crate::server::{find, parse_decimal};

/// The API key every client sends.
pub const API_KEY: &str = "bench-api-key-0123456789";
/// The webhook every client registers.
pub const HOOK_URL: &str = "https://mysite.com/hook";
/// The action every client registers.
pub const ACTION: &str = "scheduled";

/// CPU time used by this process so far (all threads), user and system, in nanoseconds.
pub fn cpu_times() -> (u64, u64) {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole `rusage` into the valid pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let ns = |tv: libc::timeval| {
        u64::try_from(tv.tv_sec).unwrap_or(0) * 1_000_000_000
            + u64::try_from(tv.tv_usec).unwrap_or(0) * 1_000
    };
    (ns(usage.ru_utime), ns(usage.ru_stime))
}

/// Runs `warmup` untimed calls, then `n` timed ones; writes each timed call's latency in
/// nanoseconds, one per line, to `latency_path`; prints the summary line on stdout:
/// `n=<calls> wall_ns=<ns> cpu_user_ns=<ns> cpu_sys_ns=<ns>` (CPU time of the timed loop only).
pub fn measure(
    n: usize,
    warmup: usize,
    latency_path: &str,
    mut call: impl FnMut() -> Result<(), String>,
) -> Result<(), String> {
    for _ in 0..warmup {
        call()?;
    }
    let mut latencies = vec![0u64; n];
    let (user0, sys0) = cpu_times();
    let start = Instant::now();
    for slot in &mut latencies {
        let t = Instant::now();
        call()?;
        *slot = u64::try_from(t.elapsed().as_nanos()).unwrap_or(u64::MAX);
    }
    let wall = start.elapsed();
    let (user1, sys1) = cpu_times();
    write_latencies(latency_path, &latencies).map_err(|e| format!("{latency_path}: {e}"))?;
    println!(
        "n={n} wall_ns={} cpu_user_ns={} cpu_sys_ns={}",
        wall.as_nanos(),
        user1 - user0,
        sys1 - sys0
    );
    Ok(())
}

fn write_latencies(path: &str, latencies: &[u64]) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    for ns in latencies {
        writeln!(out, "{ns}")?;
    }
    out.flush()
}

/// The SDK's client as a user builds it for `base_url`, trusting the CA of `ca_bundle` (the
/// PEM file of the TLS server's CA) when given.
fn core_client(base_url: &str, ca_bundle: Option<&str>) -> Result<Client, String> {
    let mut builder = Client::builder().api_key(API_KEY).base_url(base_url);
    if let Some(path) = ca_bundle {
        builder = builder.ca_bundle(path);
    }
    builder.build().map_err(|e| e.to_string())
}

/// The SDK's Rust core, `register_webhook` as a user writes it, on one client.
pub fn core(
    base_url: &str,
    n: usize,
    warmup: usize,
    latency_path: &str,
    ca_bundle: Option<&str>,
) -> Result<(), String> {
    let client = core_client(base_url, ca_bundle)?;
    let action: Action = ACTION.parse().map_err(|e| format!("{e}"))?;
    measure(n, warmup, latency_path, || {
        let hook = client
            .register_webhook(&RegisterWebhook::new(action, HOOK_URL))
            .map_err(|e| e.to_string())?;
        black_box(hook);
        Ok(())
    })
}

/// The cold call: a new process builds a client and makes one call (name lookup, TCP
/// connection, TLS handshake, request), as a short-lived program does. Prints
/// `build_ns=<ns> call_ns=<ns>`: building the client, then the call.
pub fn cold_core(base_url: &str, ca_bundle: Option<&str>) -> Result<(), String> {
    let start = Instant::now();
    let client = core_client(base_url, ca_bundle)?;
    let built = start.elapsed();
    let hook = client
        .register_webhook(&RegisterWebhook::new(Action::Scheduled, HOOK_URL))
        .map_err(|e| e.to_string())?;
    let called = start.elapsed() - built;
    black_box(hook);
    println!(
        "build_ns={} call_ns={}",
        built.as_nanos(),
        called.as_nanos()
    );
    Ok(())
}

/// The request every floor sends, as bytes.
fn floor_request(authority: &str) -> Vec<u8> {
    let body = format!(r#"{{"action":"{ACTION}","url":"{HOOK_URL}"}}"#);
    format!(
        "POST /api/hook/webhook HTTP/1.1\r\nHost: {authority}\r\n\
         Authorization: Bearer {API_KEY}\r\nAccept: application/json\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// The `host:port` of an `http://` or `https://` base URL, and whether it is HTTPS.
fn authority(base_url: &str) -> Result<(&str, bool), String> {
    let (rest, tls) = if let Some(rest) = base_url.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = base_url.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err(format!(
            "the floor needs an http(s):// base URL, got {base_url}"
        ));
    };
    Ok((rest.split('/').next().unwrap_or(rest), tls))
}

fn connect(authority: &str) -> Result<TcpStream, String> {
    let addr = authority
        .to_socket_addrs()
        .map_err(|e| e.to_string())?
        .next()
        .ok_or("no address")?;
    let stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    Ok(stream)
}

/// A TLS 1.3 session (rustls, ring, as the core uses) to `authority` for the server name
/// `host`, trusting only the CA of `ca_pem`, its handshake done.
pub fn tls_session(
    ca_pem: &str,
    host: &str,
    authority: &str,
) -> Result<(ClientConnection, TcpStream), String> {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem.as_bytes()) {
        roots
            .add(cert.map_err(|e| format!("CA bundle: {e}"))?)
            .map_err(|e| format!("CA bundle: {e}"))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13])
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_owned()).map_err(|e| e.to_string())?;
    let mut conn = ClientConnection::new(Arc::new(config), name).map_err(|e| e.to_string())?;
    let mut socket = connect(authority)?;
    while conn.is_handshaking() {
        conn.complete_io(&mut socket).map_err(|e| e.to_string())?;
    }
    Ok((conn, socket))
}

/// The floor: the request as pre-built bytes on one persistent connection, each answer read
/// only as far as needed to find its end. Over `http://` a raw socket; over `https://` one
/// rustls session (one TLS record and one socket write per request). What the machine allows.
pub fn floor(
    base_url: &str,
    n: usize,
    warmup: usize,
    latency_path: &str,
    ca_bundle: Option<&str>,
) -> Result<(), String> {
    let (authority, tls) = authority(base_url)?;
    let request = floor_request(authority);
    let mut buf = vec![0u8; 16 * 1024];
    if !tls {
        let mut stream = connect(authority)?;
        return measure(n, warmup, latency_path, || {
            stream.write_all(&request).map_err(|e| e.to_string())?;
            read_answer(&mut stream, &mut buf)
        });
    }
    let ca_path = ca_bundle.ok_or("the HTTPS floor needs the CA bundle")?;
    let ca_pem = std::fs::read_to_string(ca_path).map_err(|e| format!("{ca_path}: {e}"))?;
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host);
    let (mut conn, mut socket) = tls_session(&ca_pem, host, authority)?;
    let mut stream = rustls::Stream::new(&mut conn, &mut socket);
    measure(n, warmup, latency_path, || {
        stream.write_all(&request).map_err(|e| e.to_string())?;
        read_answer(&mut stream, &mut buf)
    })
}

/// Reads one answer: the header block, then `Content-Length` bytes. Fails on a non-200.
fn read_answer(stream: &mut impl Read, buf: &mut [u8]) -> Result<(), String> {
    let mut have = 0;
    loop {
        let got = stream.read(&mut buf[have..]).map_err(|e| e.to_string())?;
        if got == 0 {
            return Err("the server closed the connection".into());
        }
        have += got;
        let Some(head_end) = find(&buf[..have], b"\r\n\r\n") else {
            continue;
        };
        if !buf.starts_with(b"HTTP/1.1 200 ") {
            return Err("the server did not answer 200".into());
        }
        let head = &buf[..head_end];
        let length = head
            .split(|&b| b == b'\n')
            .find_map(|line| {
                let colon = line.iter().position(|&b| b == b':')?;
                line[..colon]
                    .eq_ignore_ascii_case(b"content-length")
                    .then(|| parse_decimal(&line[colon + 1..]))?
            })
            .ok_or("no Content-Length")?;
        let total = head_end + 4 + length;
        while have < total {
            let got = stream.read(&mut buf[have..]).map_err(|e| e.to_string())?;
            if got == 0 {
                return Err("the server closed the connection".into());
            }
            have += got;
        }
        return Ok(());
    }
}
