//! `ayrshare-bench run`: the whole benchmark, one command, one run, one machine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cold;
use crate::report::{self, ClientResult, Footprint, Meta, ParseResult, Results, VerifyResult};
use crate::server;

/// Options of a run.
pub(crate) struct Options {
    n: usize,
    warmup: usize,
    /// Calls per process of the clients that take milliseconds per call.
    slow_n: usize,
    slow_warmup: usize,
    rounds: usize,
    /// Processes per cold-call client.
    pub(crate) cold_runs: usize,
    /// The CPU the whole run (server threads and every client process) is pinned to; `None`:
    /// wherever the scheduler puts them.
    cpu: Option<usize>,
    only: Option<Vec<String>>,
    /// Other builds of the bench command whose core is measured beside this one (A/B runs).
    core_variants: Vec<PathBuf>,
    python: PathBuf,
    c_driver: PathBuf,
    wheel: Option<PathBuf>,
    lib_dir: PathBuf,
    out_dir: PathBuf,
    command: String,
}

impl Options {
    fn parse(args: &[String]) -> Result<Options, String> {
        let mut options = Options {
            n: 10_000,
            warmup: 1_000,
            slow_n: 1_000,
            slow_warmup: 100,
            rounds: 10,
            cold_runs: 200,
            cpu: Some(0),
            only: None,
            core_variants: Vec::new(),
            python: PathBuf::from(".bench-venv/bin/python"),
            c_driver: PathBuf::from("target/release/bench/bench_register"),
            wheel: None,
            lib_dir: PathBuf::from("target/release"),
            out_dir: PathBuf::from("bench"),
            command: "make bench".to_owned(),
        };
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))
            };
            match flag.as_str() {
                "--n" => options.n = value()?.parse().map_err(|_| "bad --n")?,
                "--warmup" => options.warmup = value()?.parse().map_err(|_| "bad --warmup")?,
                "--slow-n" => options.slow_n = value()?.parse().map_err(|_| "bad --slow-n")?,
                "--slow-warmup" => {
                    options.slow_warmup = value()?.parse().map_err(|_| "bad --slow-warmup")?;
                }
                "--rounds" => options.rounds = value()?.parse().map_err(|_| "bad --rounds")?,
                "--cpu" => {
                    let cpu = value()?;
                    options.cpu = match cpu.as_str() {
                        "none" => None,
                        n => Some(n.parse().map_err(|_| "bad --cpu (a CPU number or none)")?),
                    };
                }
                "--cold-runs" => {
                    options.cold_runs = value()?.parse().map_err(|_| "bad --cold-runs")?;
                }
                "--only" => {
                    options.only = Some(value()?.split(',').map(str::to_owned).collect());
                }
                "--core-variant" => options.core_variants.push(value()?.into()),
                "--python" => options.python = value()?.into(),
                "--c-driver" => options.c_driver = value()?.into(),
                "--wheel" => options.wheel = Some(value()?.into()),
                "--lib-dir" => options.lib_dir = value()?.into(),
                "--out-dir" => options.out_dir = value()?.into(),
                "--command" => options.command = value()?,
                other => return Err(format!("unknown option {other}")),
            }
        }
        if options.n == 0 || options.slow_n == 0 || options.rounds == 0 {
            return Err("--n, --slow-n and --rounds must be at least 1".into());
        }
        Ok(options)
    }

    /// Whether `--only` (a list of keys, groups such as `https`, or client names such as
    /// `core`, which name both of its rows) lets `key` run.
    pub(crate) fn wants(&self, key: &str) -> bool {
        self.only.as_ref().is_none_or(|only| {
            only.iter().any(|k| {
                k == key
                    || key
                        .split_once('-')
                        .is_some_and(|(group, client)| k == group || k == client)
            })
        })
    }
}

/// Which of the server's URLs a client calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    /// `https://localhost:PORT/api`: the production path (a host name, TLS 1.3).
    HttpsName,
    /// `https://127.0.0.1:PORT/api`: the same, to an IP literal.
    HttpsIp,
    /// `http://127.0.0.1:PORT/api`: plain HTTP, the earlier benchmark.
    Http,
}

impl Target {
    pub(crate) fn base_url(self, server: &server::Server) -> String {
        match self {
            Target::HttpsName => format!("https://localhost:{}/api", server.tls_addr.port()),
            Target::HttpsIp => format!("https://{}/api", server.tls_addr),
            Target::Http => format!("http://{}/api", server.addr),
        }
    }

    fn group(self) -> &'static str {
        match self {
            Target::HttpsName | Target::HttpsIp => "https",
            Target::Http => "http",
        }
    }
}

/// One client to run: a key, a label for the table, how it is driven, its command line (to
/// which `BASE_URL N WARMUP LATENCY_FILE [CA_BUNDLE]` are appended), the URL it calls, and
/// whether it is one of the slow clients (milliseconds per call), which make fewer calls.
struct Spec {
    key: String,
    label: String,
    how: String,
    program: Vec<String>,
    target: Target,
    slow: bool,
    /// Whether the client opens a connection per call (the official SDK does).
    per_call_connection: bool,
}

impl Spec {
    fn calls(&self, options: &Options) -> (usize, usize) {
        if self.slow {
            (options.slow_n, options.slow_warmup)
        } else {
            (options.n, options.warmup)
        }
    }
}

/// A client as the table shows it, before it is given a URL.
struct Client {
    name: &'static str,
    label: &'static str,
    how: String,
    program: Vec<String>,
    slow: bool,
}

fn clients(options: &Options, this_exe: &Path) -> Vec<Client> {
    let exe = this_exe.display().to_string();
    let py = options.python.display().to_string();
    let script = |name: &str| format!("bench/python/{name}");
    vec![
        Client {
            name: "floor",
            label: "floor (Rust)",
            how: "pre-built request bytes on one persistent connection (over HTTPS: one rustls \
                  TLS 1.3 session, ring, as the core uses; one TLS record and one socket write \
                  per request); each answer read until its Content-Length is satisfied"
                .into(),
            program: vec![exe.clone(), "client-floor".into()],
            slow: false,
        },
        Client {
            name: "core",
            label: "Rust core",
            how: "`client.register_webhook(&RegisterWebhook::new(Action::Scheduled, url))` on one \
                  `Client` (release build; over HTTPS built with `.ca_bundle(path)`)"
                .into(),
            program: vec![exe, "client-core".into()],
            slow: false,
        },
        Client {
            name: "c",
            label: "C (libayr)",
            how: "`ayr_register_webhook(client, \"scheduled\", url, NULL, NULL, &hook, &err)` + \
                  `ayr_webhook_free` on one client (over HTTPS after \
                  `ayr_client_builder_set_ca_bundle`), `bench/c/bench_register.c` built with \
                  -O2 against the release `libayr.so` (installed by `make install` into a \
                  private prefix)"
                .into(),
            program: vec![options.c_driver.display().to_string()],
            slow: false,
        },
        Client {
            name: "python",
            label: "Python package",
            how: "`client.register_webhook(\"scheduled\", url)` on one \
                  `ayrshare_webhooks.Client(api_key, base_url=..., ca_bundle=...)`, installed \
                  wheel"
                .into(),
            program: vec![py.clone(), script("client_package.py")],
            slow: false,
        },
        Client {
            name: "requests",
            label: "requests.Session (hand-written)",
            how: "`session.post(url, json=body, headers=...)`, `raise_for_status()`, `.json()` on \
                  one `requests.Session` (over HTTPS trusting the CA through \
                  `REQUESTS_CA_BUNDLE`)"
                .into(),
            program: vec![py.clone(), script("client_requests.py")],
            slow: true,
        },
        Client {
            name: "social-post-api",
            label: "social-post-api (official SDK)",
            how: "`SocialPost(key).registerWebhook({...})`, its module-level base URL set with \
                  `ayrshare.ayrshare.base = \"<base URL>/\"` (the variable its `doPost` prefixes \
                  to `hook/webhook`); it calls `requests.post` per call, so a new connection \
                  (and over HTTPS a full TLS handshake) per call; the CA trusted through \
                  `REQUESTS_CA_BUNDLE`, which requests honours"
                .into(),
            program: vec![py, script("client_social_post_api.py")],
            slow: true,
        },
    ]
}

/// Every row: each client over HTTPS to `localhost`, the core again to `127.0.0.1` (and the
/// variant build of the core, if any), then each client over plain HTTP.
fn specs(options: &Options, this_exe: &Path) -> Vec<Spec> {
    let mut specs = Vec::new();
    for target in [Target::HttpsName, Target::Http] {
        for client in clients(options, this_exe) {
            let group = target.group();
            let per_call_connection = client.name == "social-post-api";
            let is_core = client.name == "core";
            specs.push(Spec {
                key: format!("{group}-{}", client.name),
                label: client.label.to_owned(),
                how: client.how.clone(),
                program: client.program.clone(),
                target,
                slow: client.slow,
                per_call_connection,
            });
            if is_core && target == Target::HttpsName {
                for (index, variant) in options.core_variants.iter().enumerate() {
                    let name = variant
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                    specs.push(Spec {
                        key: format!("https-core-variant{}", index + 1),
                        label: format!("Rust core, variant build `{name}`"),
                        how: format!("the core row run by `{} client-core`", variant.display()),
                        program: vec![variant.display().to_string(), "client-core".into()],
                        target,
                        slow: false,
                        per_call_connection: false,
                    });
                }
                specs.push(Spec {
                    key: "https-core-ip".into(),
                    label: "Rust core, to 127.0.0.1".into(),
                    how: "the Rust core row with the IP literal `127.0.0.1` instead of the host \
                          name `localhost` in the base URL (the certificate covers both)"
                        .into(),
                    program: client.program,
                    target: Target::HttpsIp,
                    slow: false,
                    per_call_connection: false,
                });
            }
        }
    }
    specs
}

/// Parses the `key=value key=value` tokens of every line of `text`.
pub fn key_values(text: &str) -> Vec<HashMap<String, String>> {
    text.lines()
        .map(|line| {
            line.split_whitespace()
                .filter_map(|token| {
                    let (k, v) = token.split_once('=')?;
                    Some((k.to_owned(), v.to_owned()))
                })
                .collect::<HashMap<_, _>>()
        })
        .filter(|map| !map.is_empty())
        .collect()
}

pub(crate) fn number<T: std::str::FromStr>(
    map: &HashMap<String, String>,
    key: &str,
) -> Result<T, String> {
    map.get(key)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("missing or bad `{key}` in {map:?}"))
}

/// Proxy settings of the environment, which would send the clients elsewhere.
const PROXY_VARIABLES: [&str; 8] = [
    "http_proxy",
    "HTTP_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
];

/// A command for `program` in the environment every client gets: no proxy, and, when `ca` is
/// given, `REQUESTS_CA_BUNDLE` (requests' trust setting) naming it.
pub(crate) fn command(program: &[String], ca: Option<&Path>) -> Result<Command, String> {
    let (exe, args) = program.split_first().ok_or("empty command")?;
    let mut command = Command::new(exe);
    command.args(args);
    for name in PROXY_VARIABLES {
        command.env_remove(name);
    }
    match ca {
        Some(ca) => command.env("REQUESTS_CA_BUNDLE", ca),
        None => command.env_remove("REQUESTS_CA_BUNDLE"),
    };
    Ok(command)
}

/// Runs `program` and returns its stdout, or an error with its stderr.
fn output(program: &[String]) -> Result<String, String> {
    output_of(command(program, None)?, program)
}

pub(crate) fn output_of(mut command: Command, program: &[String]) -> Result<String, String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {}: {e}", program[0]))?;
    if !out.status.success() {
        return Err(format!(
            "`{}` failed ({}):\n{}{}",
            program.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[u64], p: f64) -> u64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// What one process of one client measured in one round.
struct Round {
    /// Latency of each timed call, in nanoseconds, in call order.
    latencies: Vec<u64>,
    cpu_user_ns: u64,
    cpu_sys_ns: u64,
    wall_ns: u64,
    connections: u64,
    handshakes: u64,
    requests: u64,
}

/// Runs one client process: `N` timed calls after the warm-up ones, checked against the
/// server's own count of requests.
fn run_round(
    spec: &Spec,
    server: &server::Server,
    options: &Options,
    ca: &Path,
    round: usize,
) -> Result<Round, String> {
    let latency_file = std::env::temp_dir().join(format!(
        "ayrshare-bench-{}-{}.txt",
        std::process::id(),
        spec.key
    ));
    let (n, warmup) = spec.calls(options);
    let tls = spec.target != Target::Http;
    let mut program = spec.program.clone();
    program.extend([
        spec.target.base_url(server),
        n.to_string(),
        warmup.to_string(),
        latency_file.display().to_string(),
    ]);
    if tls {
        program.push(ca.display().to_string());
    }
    eprintln!(
        "bench: round {round}/{}: {} ({}) ...",
        options.rounds, spec.label, spec.key
    );
    let before = server.counters.snapshot();
    let stdout = output_of(command(&program, tls.then_some(ca))?, &program)?;
    let seen = server.counters.snapshot() - before;
    let summary = key_values(&stdout)
        .into_iter()
        .find(|m| m.contains_key("wall_ns"))
        .ok_or_else(|| format!("{}: no summary line in {stdout:?}", spec.key))?;
    let text = std::fs::read_to_string(&latency_file)
        .map_err(|e| format!("{}: {e}", latency_file.display()))?;
    let _ = std::fs::remove_file(&latency_file);
    let latencies: Vec<u64> = text
        .lines()
        .map(|l| l.trim().parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: bad latency file: {e}", spec.key))?;
    let reported: usize = number(&summary, "n")?;
    if latencies.len() != n || reported != n {
        return Err(format!(
            "{}: {} latencies for n={reported}, expected {n}",
            spec.key,
            latencies.len()
        ));
    }
    let expected = (n + warmup) as u64;
    if seen.requests != expected || seen.errors != 0 {
        return Err(format!(
            "{}: the server answered {} requests ({} errors), expected {expected}",
            spec.key, seen.requests, seen.errors
        ));
    }
    Ok(Round {
        latencies,
        cpu_user_ns: number(&summary, "cpu_user_ns")?,
        cpu_sys_ns: number(&summary, "cpu_sys_ns")?,
        wall_ns: number(&summary, "wall_ns")?,
        connections: seen.connections,
        handshakes: seen.handshakes,
        requests: seen.requests,
    })
}

/// One client's result over its rounds: percentiles of every timed call of every round
/// together, CPU per call over all of them, and the most connections any one process used.
fn summarize(spec: &Spec, rounds: &[Round], server: &server::Server) -> ClientResult {
    let round_medians_ns = rounds
        .iter()
        .map(|r| {
            let mut sorted = r.latencies.clone();
            sorted.sort_unstable();
            percentile(&sorted, 50.0)
        })
        .collect();
    let mut latencies: Vec<u64> = rounds.iter().flat_map(|r| r.latencies.clone()).collect();
    latencies.sort_unstable();
    let n = latencies.len();
    let cpu_user: u64 = rounds.iter().map(|r| r.cpu_user_ns).sum();
    let cpu_sys: u64 = rounds.iter().map(|r| r.cpu_sys_ns).sum();
    let result = ClientResult {
        key: spec.key.clone(),
        group: spec.target.group().to_owned(),
        label: spec.label.clone(),
        url: spec.target.base_url(server),
        how: spec.how.clone(),
        n,
        median_ns: percentile(&latencies, 50.0),
        p99_ns: percentile(&latencies, 99.0),
        mean_ns: latencies.iter().sum::<u64>() as f64 / n as f64,
        min_ns: latencies[0],
        round_medians_ns,
        cpu_ns_per_call: (cpu_user + cpu_sys) as f64 / n as f64,
        cpu_user_ns: cpu_user,
        cpu_sys_ns: cpu_sys,
        wall_ns: rounds.iter().map(|r| r.wall_ns).sum(),
        connections: rounds.iter().map(|r| r.connections).max().unwrap_or(0),
        handshakes: rounds.iter().map(|r| r.handshakes).max().unwrap_or(0),
        requests: rounds.iter().map(|r| r.requests).max().unwrap_or(0),
        per_call_connection: spec.per_call_connection,
    };
    eprintln!(
        "bench: {} ({}): median {:.1} µs, p99 {:.1} µs, CPU {:.1} µs/call, {} connection(s) and \
         {} handshake(s) per process",
        spec.label,
        spec.key,
        result.median_ns as f64 / 1e3,
        result.p99_ns as f64 / 1e3,
        result.cpu_ns_per_call / 1e3,
        result.connections,
        result.handshakes,
    );
    result
}

fn verification(options: &Options, this_exe: &Path) -> Result<Vec<VerifyResult>, String> {
    let mut lines = Vec::new();
    if options.wants("verify") {
        eprintln!("bench: signature verification (core) ...");
        lines.extend(key_values(&output(&[
            this_exe.display().to_string(),
            "verify-core".into(),
        ])?));
    }
    if options.wants("verify") && options.wants("python-verify") {
        eprintln!("bench: signature verification (Python package, hmac) ...");
        lines.extend(key_values(&output(&[
            options.python.display().to_string(),
            "bench/python/verify.py".into(),
        ])?));
    }
    lines
        .iter()
        .map(|m| {
            Ok(VerifyResult {
                implementation: m.get("impl").cloned().ok_or("no impl")?,
                size: number(m, "size")?,
                s_per_op: number(m, "s_per_op")?,
                mb_per_s: number(m, "mb_per_s")?,
            })
        })
        .collect()
}

fn parsing(options: &Options, this_exe: &Path) -> Result<Vec<ParseResult>, String> {
    if !options.wants("parse") {
        return Ok(Vec::new());
    }
    eprintln!("bench: delivery parsing (core) ...");
    key_values(&output(&[
        this_exe.display().to_string(),
        "parse-core".into(),
    ])?)
    .iter()
    .map(|m| {
        Ok(ParseResult {
            parser: m.get("parser").cloned().ok_or("no parser")?,
            sample: m.get("sample").cloned().ok_or("no sample")?,
            bytes: number(m, "bytes")?,
            s_per_op: number(m, "s_per_op")?,
        })
    })
    .collect()
}

fn footprint(options: &Options) -> Result<Footprint, String> {
    let mut imports = Vec::new();
    if options.wants("import") {
        eprintln!("bench: import times ...");
        for m in key_values(&output(&[
            options.python.display().to_string(),
            "bench/python/import_time.py".into(),
        ])?) {
            imports.push((
                m.get("module").cloned().ok_or("no module")?,
                number::<f64>(&m, "median_ms")?,
                number::<usize>(&m, "runs")?,
            ));
        }
    }
    let size = |p: &Path| std::fs::metadata(p).ok().map(|m| m.len());
    let wheel = options
        .wheel
        .as_ref()
        .and_then(|p| Some((p.file_name()?.to_string_lossy().into_owned(), size(p)?)));
    let so = options.lib_dir.join("libayr.so");
    let stripped_so = size(&so).and_then(|_| {
        let tmp = std::env::temp_dir().join(format!("ayrshare-bench-{}.so", std::process::id()));
        let ok = Command::new("strip")
            .arg("-o")
            .arg(&tmp)
            .arg(&so)
            .status()
            .is_ok_and(|s| s.success());
        let stripped = if ok { size(&tmp) } else { None };
        let _ = std::fs::remove_file(&tmp);
        stripped
    });
    Ok(Footprint {
        imports,
        wheel,
        libayr_so: size(&so),
        libayr_so_stripped: stripped_so,
        libayr_a: size(&options.lib_dir.join("libayr.a")),
    })
}

fn capture(program: &[&str]) -> Option<String> {
    let out = Command::new(program[0]).args(&program[1..]).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn meta(options: &Options) -> Meta {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_else(|| "unknown".into());
    let read = |p: &str| {
        std::fs::read_to_string(p)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let commit = capture(&["git", "rev-parse", "--short=12", "HEAD"]).unwrap_or("unknown".into());
    let dirty = capture(&["git", "status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|s| !s.is_empty());
    let python = capture(&[
        &options.python.display().to_string(),
        "-c",
        "import platform; print(platform.python_implementation(), platform.python_version())",
    ])
    .unwrap_or_default();
    Meta {
        date: capture(&["date", "-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default(),
        commit: if dirty {
            format!("{commit} (with uncommitted changes)")
        } else {
            commit
        },
        cpu,
        cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
        kernel: read("/proc/sys/kernel/osrelease"),
        load_before: load_average(),
        load_after: String::new(),
        rustc: capture(&["rustc", "--version"]).unwrap_or_default(),
        cc: capture(&["cc", "--version"])
            .and_then(|s| s.lines().next().map(str::to_owned))
            .unwrap_or_default(),
        python,
        command: options.command.clone(),
        n: options.n,
        warmup: options.warmup,
        slow_n: options.slow_n,
        slow_warmup: options.slow_warmup,
        rounds: options.rounds,
        cold_runs: options.cold_runs,
        pinned_cpu: options.cpu,
    }
}

/// Pins this process, and so every thread and child process it starts later, to `cpu`.
///
/// On a VM, a wake-up that crosses to another, idle virtual CPU costs tens of microseconds
/// (about 65 µs per round trip on the machine the results come from), against a few for a
/// switch on the same CPU; where the scheduler put the client and the server thread decided
/// every latency. On one CPU, every call pays the same, and what remains is the client's and
/// the server's own work.
fn pin_to(cpu: usize) -> Result<(), String> {
    // SAFETY: `set` is a zeroed cpu_set_t, filled by CPU_SET within its bounds (checked), and
    // sched_setaffinity reads exactly `size_of::<cpu_set_t>()` bytes of it.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if cpu >= 8 * std::mem::size_of::<libc::cpu_set_t>() {
            return Err(format!("--cpu {cpu}: no such CPU"));
        }
        libc::CPU_SET(cpu, &mut set);
        if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
            return Err(format!(
                "cannot pin the run to CPU {cpu}: {}",
                std::io::Error::last_os_error()
            ));
        }
    }
    Ok(())
}

pub fn main(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    let this_exe = std::env::current_exe().map_err(|e| e.to_string())?;
    // Before pinning, which would leave it one CPU to count.
    let meta = meta(&options);
    if let Some(cpu) = options.cpu {
        pin_to(cpu)?;
    }
    let server = server::start().map_err(|e| format!("cannot start the server: {e}"))?;
    let ca = std::env::temp_dir().join(format!("ayrshare-bench-{}-ca.pem", std::process::id()));
    std::fs::write(&ca, &server.ca_pem).map_err(|e| format!("{}: {e}", ca.display()))?;
    let result = measure_all(&options, &this_exe, meta, &server, &ca);
    let _ = std::fs::remove_file(&ca);
    let results = result?;
    std::fs::create_dir_all(&options.out_dir).map_err(|e| e.to_string())?;
    let json_path = options.out_dir.join("results.json");
    let md_path = options.out_dir.join("results.md");
    std::fs::write(&json_path, report::json(&results)).map_err(|e| e.to_string())?;
    let markdown = report::markdown(&results);
    std::fs::write(&md_path, &markdown).map_err(|e| e.to_string())?;
    println!("{markdown}");
    eprintln!(
        "bench: wrote {} and {}",
        md_path.display(),
        json_path.display()
    );
    Ok(())
}

fn measure_all(
    options: &Options,
    this_exe: &Path,
    meta: Meta,
    server: &server::Server,
    ca: &Path,
) -> Result<Results, String> {
    eprintln!(
        "bench: server at {} and {}; {} rounds of N = {} calls per client after {} warm-up \
         calls ({} after {} for the slow clients); load {}",
        Target::Http.base_url(server),
        Target::HttpsName.base_url(server),
        options.rounds,
        options.n,
        options.warmup,
        options.slow_n,
        options.slow_warmup,
        meta.load_before
    );
    // Every round runs every client once, in the same order, so a slow spell of the machine
    // touches all of them alike rather than whichever client happened to run during it.
    let specs: Vec<Spec> = specs(options, this_exe)
        .into_iter()
        .filter(|spec| options.wants(&spec.key))
        .collect();
    let mut rounds: Vec<Vec<Round>> = specs.iter().map(|_| Vec::new()).collect();
    for round in 1..=options.rounds {
        for (spec, done) in specs.iter().zip(&mut rounds) {
            done.push(run_round(spec, server, options, ca, round)?);
        }
    }
    let clients = specs
        .iter()
        .zip(&rounds)
        .map(|(spec, done)| summarize(spec, done, server))
        .collect();
    let cold = cold::run(options, this_exe, server, ca)?;
    let verify = verification(options, this_exe)?;
    let parse = parsing(options, this_exe)?;
    let footprint = footprint(options)?;
    Ok(Results {
        meta: Meta {
            load_after: load_average(),
            ..meta
        },
        clients,
        cold,
        verify,
        parse,
        footprint,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&[7], 99.0), 7);
        let kv = key_values("noise\nn=3 wall_ns=10\n");
        assert_eq!(kv.len(), 1);
        assert_eq!(kv[0]["wall_ns"], "10");
    }
}
