//! Cold calls: one `register_webhook` in a new process (start, name lookup, TCP connection,
//! TLS handshake, request, exit), the Rust core's (`ayrshare-bench cold-core`) against
//! `curl --cacert` making the same request to the same `https://localhost:PORT` URL. The two
//! alternate, process after process, so a busy spell of the machine falls on both alike.

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use crate::clients::{ACTION, API_KEY, HOOK_URL};
use crate::report::ColdResult;
use crate::run::{self, Options, Target, key_values, number, percentile};
use crate::server::Server;

/// Untimed processes of each client before the timed ones (the page cache, the CPU's).
const WARM_RUNS: usize = 5;

/// One process: wall time from spawn to reap, its CPU time, and what it printed.
struct Process {
    wall_ns: u64,
    cpu_ns: u64,
    stdout: String,
}

/// Runs `program` to completion, timing it; its CPU time comes from `wait4`.
fn time_process(program: &[String], ca: &Path) -> Result<Process, String> {
    let mut command = run::command(program, Some(ca))?;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program[0]))?;
    let pid = libc::pid_t::try_from(child.id()).map_err(|e| e.to_string())?;
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `pid` is our child, not yet reaped (std reaps only in `wait`, never called
    // here); wait4 fills the valid status and rusage pointers it is given.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, usage.as_mut_ptr()) };
    let wall = start.elapsed();
    if reaped != pid {
        return Err(format!(
            "wait4 on {}: {}",
            program[0],
            std::io::Error::last_os_error()
        ));
    }
    // SAFETY: wait4 succeeded, so it wrote the whole `rusage`.
    let usage = unsafe { usage.assume_init() };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!(
            "`{}` failed (wait status {status}):\n{stdout}{stderr}",
            program.join(" ")
        ));
    }
    let ns = |tv: libc::timeval| {
        u64::try_from(tv.tv_sec).unwrap_or(0) * 1_000_000_000
            + u64::try_from(tv.tv_usec).unwrap_or(0) * 1_000
    };
    Ok(Process {
        wall_ns: u64::try_from(wall.as_nanos()).unwrap_or(u64::MAX),
        cpu_ns: ns(usage.ru_utime) + ns(usage.ru_stime),
        stdout,
    })
}

/// The curl command making the request every client makes, printing its own timings.
fn curl_program(url: &str, ca: &Path) -> Vec<String> {
    let body = format!(r#"{{"action":"{ACTION}","url":"{HOOK_URL}"}}"#);
    [
        "curl",
        "-q", // no ~/.curlrc
        "--silent",
        "--show-error",
        "--fail",
        "--cacert",
        &ca.display().to_string(),
        "--output",
        "/dev/null",
        "--write-out",
        "call_s=%{time_total} connect_s=%{time_connect} tls_s=%{time_appconnect}\n",
        "--header",
        &format!("Authorization: Bearer {API_KEY}"),
        "--header",
        "Accept: application/json",
        "--header",
        "Content-Type: application/json",
        "--data",
        &body,
        &format!("{url}/hook/webhook"),
    ]
    .map(str::to_owned)
    .to_vec()
}

/// One cold-call client: its key, label, how it is driven, and its command line.
struct ColdClient {
    key: &'static str,
    label: &'static str,
    how: String,
    program: Vec<String>,
}

/// Both cold-call clients, `options.cold_runs` processes each, alternating; each process is
/// checked against the server's count: 1 connection, 1 handshake, 1 request.
pub fn run(
    options: &Options,
    this_exe: &Path,
    server: &Server,
    ca: &Path,
) -> Result<Vec<ColdResult>, String> {
    let url = Target::HttpsName.base_url(server);
    let shown = crate::report::without_port(&url);
    let clients: Vec<ColdClient> = [
        ColdClient {
            key: "cold-core",
            label: "Rust core, new process",
            how: format!(
                "`ayrshare-bench cold-core {shown} CA`: `Client::builder().api_key(..).base_url(..)\
                 .ca_bundle(CA).build()`, one `register_webhook`, exit"
            ),
            program: vec![
                this_exe.display().to_string(),
                "cold-core".into(),
                url.clone(),
                ca.display().to_string(),
            ],
        },
        ColdClient {
            key: "cold-curl",
            label: "curl --cacert, new process",
            how: format!(
                "`curl -q --cacert CA --data '<the same JSON body>' --header 'Authorization: \
                 Bearer ..' ... {shown}/hook/webhook` ({})",
                curl_version()
            ),
            program: curl_program(&url, ca),
        },
    ]
    .into_iter()
    .filter(|c| options.wants(c.key))
    .collect();
    if clients.is_empty() || options.cold_runs == 0 {
        return Ok(Vec::new());
    }
    eprintln!(
        "bench: cold calls: {} processes of each of {} ...",
        options.cold_runs,
        clients
            .iter()
            .map(|c| c.label)
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut runs: Vec<Vec<(Process, f64)>> = clients.iter().map(|_| Vec::new()).collect();
    for i in 0..WARM_RUNS + options.cold_runs {
        for (client, done) in clients.iter().zip(&mut runs) {
            let before = server.counters.snapshot();
            let process = time_process(&client.program, ca)?;
            let seen = server.counters.snapshot() - before;
            if (
                seen.connections,
                seen.handshakes,
                seen.requests,
                seen.errors,
            ) != (1, 1, 1, 0)
            {
                return Err(format!(
                    "{}: the server saw {seen:?} for one cold call",
                    client.key
                ));
            }
            let inside_ns = inside_ns(client.key, &process.stdout)?;
            if i >= WARM_RUNS {
                done.push((process, inside_ns));
            }
        }
    }
    Ok(clients
        .iter()
        .zip(&runs)
        .map(|(client, done)| summarize(client, done))
        .collect())
}

/// The time of the call inside the process, in nanoseconds, as the client printed it.
fn inside_ns(key: &str, stdout: &str) -> Result<f64, String> {
    let line = key_values(stdout)
        .into_iter()
        .next()
        .ok_or_else(|| format!("{key}: no timing line in {stdout:?}"))?;
    if key == "cold-curl" {
        Ok(number::<f64>(&line, "call_s")? * 1e9)
    } else {
        Ok(number::<f64>(&line, "build_ns")? + number::<f64>(&line, "call_ns")?)
    }
}

fn summarize(client: &ColdClient, done: &[(Process, f64)]) -> ColdResult {
    let sorted = |values: Vec<u64>| {
        let mut values = values;
        values.sort_unstable();
        values
    };
    let wall = sorted(done.iter().map(|(p, _)| p.wall_ns).collect());
    let cpu = sorted(done.iter().map(|(p, _)| p.cpu_ns).collect());
    let inside = sorted(done.iter().map(|(_, ns)| *ns as u64).collect());
    let result = ColdResult {
        key: client.key.to_owned(),
        label: client.label.to_owned(),
        how: client.how.clone(),
        runs: done.len(),
        median_ns: percentile(&wall, 50.0),
        p90_ns: percentile(&wall, 90.0),
        cpu_median_ns: percentile(&cpu, 50.0),
        inside_median_ns: percentile(&inside, 50.0),
    };
    eprintln!(
        "bench: {}: median {:.2} ms per process (p90 {:.2} ms), CPU {:.2} ms, the call inside \
         {:.2} ms",
        client.label,
        result.median_ns as f64 / 1e6,
        result.p90_ns as f64 / 1e6,
        result.cpu_median_ns as f64 / 1e6,
        result.inside_median_ns as f64 / 1e6,
    );
    result
}

fn curl_version() -> String {
    std::process::Command::new("curl")
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            let first = text.lines().next()?.to_owned();
            // "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 ...": name,
            // version and TLS library.
            let words: Vec<&str> = first.split_whitespace().collect();
            let tls = words
                .iter()
                .find(|w| w.starts_with("OpenSSL/") || w.starts_with("GnuTLS/"))
                .copied()
                .unwrap_or("");
            Some(format!("{} {} {tls}", words.first()?, words.get(1)?))
        })
        .unwrap_or_else(|| "curl".into())
}
