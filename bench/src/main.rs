//! `ayrshare-bench`: the benchmark. `ayrshare-bench run` starts the local server (plain HTTP
//! and HTTPS), runs every client in its own process against it round after round, times cold
//! calls (a new process each) of the core and of curl, measures signature verification, import
//! time and artefact sizes, and writes `bench/results.md` and `bench/results.json`.
//!
//! Sub-commands (the per-client ones are what `run` spawns; they are also handy for profiling):
//! - `run [--n N] [--warmup W] [--slow-n N] [--slow-warmup W] [--rounds R] [--cold-runs C]
//!   [--cpu N|none] [--only a,b] [--core-variant EXE]... [--python PY] [--c-driver EXE] [--wheel WHL]
//!   [--lib-dir DIR] [--out-dir DIR] [--command TEXT]`
//! - `serve`: the server alone, printing its two base URLs and writing its CA, until killed;
//! - `client-core BASE_URL N WARMUP LATENCY_FILE [CA_BUNDLE]`, `client-floor ...`: one client;
//! - `cold-core BASE_URL [CA_BUNDLE]`: one cold call;
//! - `verify-core`: the core's verification throughput;
//! - `parse-core`: the core's parse time per delivery, `parse_event` next to `parse_delivery`.

mod clients;
mod cold;
mod parse;
mod report;
mod run;
mod server;
mod verify;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run::main(&args[1..]),
        Some("serve") => serve(&args[1..]),
        Some("client-core") => client(&args[1..], clients::core),
        Some("client-floor") => client(&args[1..], clients::floor),
        Some("cold-core") => match &args[1..] {
            [base_url] => clients::cold_core(base_url, None),
            [base_url, ca] => clients::cold_core(base_url, Some(ca)),
            _ => Err("expected BASE_URL [CA_BUNDLE]".into()),
        },
        Some("verify-core") => verify::run(),
        Some("parse-core") => parse::run(),
        _ => Err(
            "usage: ayrshare-bench run [options] | serve [CA_FILE] | client-core|client-floor \
             BASE_URL N WARMUP LATENCY_FILE [CA_BUNDLE] | cold-core BASE_URL [CA_BUNDLE] | \
             verify-core | parse-core"
                .to_owned(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ayrshare-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

type ClientFn = fn(&str, usize, usize, &str, Option<&str>) -> Result<(), String>;

fn client(args: &[String], run: ClientFn) -> Result<(), String> {
    let (base_url, n, warmup, path, ca) = match args {
        [base_url, n, warmup, path] => (base_url, n, warmup, path, None),
        [base_url, n, warmup, path, ca] => (base_url, n, warmup, path, Some(ca.as_str())),
        _ => return Err("expected BASE_URL N WARMUP LATENCY_FILE [CA_BUNDLE]".into()),
    };
    let n = n.parse().map_err(|_| format!("bad N: {n}"))?;
    let warmup = warmup
        .parse()
        .map_err(|_| format!("bad WARMUP: {warmup}"))?;
    run(base_url, n, warmup, path, ca)
}

/// The server alone: prints the plain and HTTPS base URLs, writes the CA's PEM to `CA_FILE`
/// (default `bench-ca.pem` in the temporary directory) and prints its path, then serves.
fn serve(args: &[String]) -> Result<(), String> {
    let server = server::start().map_err(|e| e.to_string())?;
    let ca_path = match args {
        [] => std::env::temp_dir().join("bench-ca.pem"),
        [path] => path.into(),
        _ => return Err("expected [CA_FILE]".into()),
    };
    std::fs::write(&ca_path, &server.ca_pem).map_err(|e| format!("{}: {e}", ca_path.display()))?;
    println!("http://{}/api", server.addr);
    println!("https://localhost:{}/api", server.tls_addr.port());
    println!("{}", ca_path.display());
    loop {
        std::thread::sleep(std::time::Duration::from_secs(5));
        let seen = server.counters.snapshot();
        eprintln!(
            "connections={} handshakes={} requests={} errors={}",
            seen.connections, seen.handshakes, seen.requests, seen.errors
        );
    }
}
