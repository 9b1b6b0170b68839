//! The two clients written in Rust, each run in its own process: the SDK's core, and the floor
//! (pre-built request bytes on one persistent socket). Also the timing loop and the report
//! format every client (Rust, C and Python) shares.

use std::fs::File;
use std::hint::black_box;
use std::io::{self, BufWriter, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Instant;

use ayrshare_webhooks::{Action, Client, RegisterWebhook};

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

/// Client 1: the SDK's Rust core, `register_webhook` as a user writes it.
pub fn core(base_url: &str, n: usize, warmup: usize, latency_path: &str) -> Result<(), String> {
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(base_url)
        .build()
        .map_err(|e| e.to_string())?;
    let action: Action = ACTION.parse().map_err(|e| format!("{e}"))?;
    measure(n, warmup, latency_path, || {
        let hook = client
            .register_webhook(&RegisterWebhook::new(action, HOOK_URL))
            .map_err(|e| e.to_string())?;
        black_box(hook);
        Ok(())
    })
}

/// Client 6, the floor: the request as pre-built bytes on one persistent socket, each answer
/// read only as far as needed to find its end. What the machine allows.
pub fn floor(base_url: &str, n: usize, warmup: usize, latency_path: &str) -> Result<(), String> {
    let authority = base_url
        .strip_prefix("http://")
        .and_then(|rest| rest.split('/').next())
        .ok_or_else(|| format!("the floor needs an http:// base URL, got {base_url}"))?;
    let addr = authority
        .to_socket_addrs()
        .map_err(|e| e.to_string())?
        .next()
        .ok_or("no address")?;
    let body = format!(r#"{{"action":"{ACTION}","url":"{HOOK_URL}"}}"#);
    let request = format!(
        "POST /api/hook/webhook HTTP/1.1\r\nHost: {authority}\r\n\
         Authorization: Bearer {API_KEY}\r\nAccept: application/json\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes();
    let mut stream = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; 16 * 1024];
    measure(n, warmup, latency_path, || {
        stream.write_all(&request).map_err(|e| e.to_string())?;
        read_answer(&mut stream, &mut buf)
    })
}

/// Reads one answer: the header block, then `Content-Length` bytes. Fails on a non-200.
fn read_answer(stream: &mut TcpStream, buf: &mut [u8]) -> Result<(), String> {
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
