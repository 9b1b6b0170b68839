//! `ayrshare-faultserver`: the fault server as a process, for the C and Python suites.
//!
//! ```text
//! ayrshare-faultserver [--exit-on-stdin-eof] [--tls KIND --ca-out FILE] STEP[,STEP...] [STEP...]
//! ayrshare-faultserver --closed-url
//! ```
//! Prints the API base URL (`http://127.0.0.1:PORT/api`, or `https://localhost:PORT/api` with
//! `--tls`) on the first line of stdout and the control URL (`http://127.0.0.1:PORT2`) on the
//! second, then serves until killed (or, with `--exit-on-stdin-eof`, until its standard input
//! closes). With `--tls KIND` it serves HTTPS with a certificate of that kind (`valid`,
//! `expired`, `wrong-host`, `unknown-issuer`, `ca-as-leaf`) and writes the PEM of its CA to
//! the `--ca-out` file before printing. `--closed-url` prints a base URL on a port where
//! nothing listens, and exits. See README.md for the steps and the control endpoint.

use std::io::{self, Write};
use std::process::ExitCode;

use ayrshare_faultserver::{CertKind, FaultServer, Script, closed_base_url};

const USAGE: &str = "\
usage: ayrshare-faultserver [--exit-on-stdin-eof] [--tls KIND --ca-out FILE] STEP[,STEP...] [STEP...]
       ayrshare-faultserver --closed-url
steps: silent stall-body reset close truncated huge gzip-bomb garbage drip drip-body
       mirror hangup STATUS STATUS:RETRY_AFTER_SECONDS slow:MS echo[:STATUS] echo-json[:STATUS]
KIND:  valid expired wrong-host unknown-issuer ca-as-leaf";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ayrshare-faultserver: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut exit_on_stdin_eof = false;
    let mut script_words = Vec::new();
    let mut tls: Option<CertKind> = None;
    let mut ca_out: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--tls" => {
                let kind = args.next().ok_or("--tls needs a certificate kind")?;
                tls = Some(kind.parse()?);
            }
            "--ca-out" => ca_out = Some(args.next().ok_or("--ca-out needs a file")?),
            "--closed-url" => {
                println!("{}", closed_base_url());
                return Ok(());
            }
            "--exit-on-stdin-eof" => exit_on_stdin_eof = true,
            "--help" | "-h" => {
                println!("{USAGE}");
                return Ok(());
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            word => script_words.push(word.to_owned()),
        }
    }
    let script: Script = script_words.join(",").parse()?;
    let server = match tls {
        None => FaultServer::try_start(script),
        Some(kind) => FaultServer::try_start_tls(script, kind),
    }
    .map_err(|e| format!("cannot listen: {e}"))?;
    if let Some(pem) = server.ca_pem() {
        let path = ca_out.ok_or("--tls needs --ca-out FILE for the CA certificate")?;
        std::fs::write(&path, pem).map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    let control = server
        .serve_control()
        .map_err(|e| format!("cannot listen for control: {e}"))?;
    let mut out = io::stdout().lock();
    writeln!(out, "{}\n{control}", server.base_url())
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot write to stdout: {e}"))?;
    drop(out);
    if exit_on_stdin_eof {
        let _ = io::copy(&mut io::stdin().lock(), &mut io::sink());
        return Ok(());
    }
    loop {
        std::thread::park();
    }
}
