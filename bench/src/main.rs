//! `ayrshare-bench`: the benchmark of issue 6. `ayrshare-bench run` starts the local server,
//! runs every client in its own process against it, measures signature verification, import
//! time and artefact sizes, and writes `bench/results.md` and `bench/results.json`.
//!
//! Sub-commands (the per-client ones are what `run` spawns; they are also handy for profiling):
//! - `run [--n N] [--warmup W] [--only a,b] [--python PY] [--c-driver EXE] [--wheel WHL]
//!   [--out-dir DIR] [--command TEXT]`
//! - `serve`: the server alone, printing its base URL, until killed;
//! - `client-core BASE_URL N WARMUP LATENCY_FILE`, `client-floor ...`: one client;
//! - `verify-core`: the core's verification throughput;
//! - `parse-core`: the core's parse time per delivery, `parse_event` next to `parse_delivery`.

mod clients;
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
        Some("serve") => serve(),
        Some("client-core") => client(&args[1..], clients::core),
        Some("client-floor") => client(&args[1..], clients::floor),
        Some("verify-core") => verify::run(),
        Some("parse-core") => parse::run(),
        _ => Err(
            "usage: ayrshare-bench run [options] | serve | client-core|client-floor \
             BASE_URL N WARMUP LATENCY_FILE | verify-core | parse-core"
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

type ClientFn = fn(&str, usize, usize, &str) -> Result<(), String>;

fn client(args: &[String], run: ClientFn) -> Result<(), String> {
    let [base_url, n, warmup, path] = args else {
        return Err("expected BASE_URL N WARMUP LATENCY_FILE".into());
    };
    let n = n.parse().map_err(|_| format!("bad N: {n}"))?;
    let warmup = warmup
        .parse()
        .map_err(|_| format!("bad WARMUP: {warmup}"))?;
    run(base_url, n, warmup, path)
}

fn serve() -> Result<(), String> {
    let server = server::start().map_err(|e| e.to_string())?;
    println!("http://{}/api", server.addr);
    loop {
        std::thread::sleep(std::time::Duration::from_secs(5));
        let seen = server.counters.snapshot();
        eprintln!(
            "connections={} requests={} errors={}",
            seen.connections, seen.requests, seen.errors
        );
    }
}
