//! `ayrshare-bench run`: the whole benchmark, one command, one run, one machine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::report::{self, ClientResult, Footprint, Meta, ParseResult, Results, VerifyResult};
use crate::server;

/// Options of a run.
struct Options {
    n: usize,
    warmup: usize,
    rounds: usize,
    only: Option<Vec<String>>,
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
            rounds: 5,
            only: None,
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
                "--rounds" => options.rounds = value()?.parse().map_err(|_| "bad --rounds")?,
                "--only" => {
                    options.only = Some(value()?.split(',').map(str::to_owned).collect());
                }
                "--python" => options.python = value()?.into(),
                "--c-driver" => options.c_driver = value()?.into(),
                "--wheel" => options.wheel = Some(value()?.into()),
                "--lib-dir" => options.lib_dir = value()?.into(),
                "--out-dir" => options.out_dir = value()?.into(),
                "--command" => options.command = value()?,
                other => return Err(format!("unknown option {other}")),
            }
        }
        if options.n == 0 || options.rounds == 0 {
            return Err("--n and --rounds must be at least 1".into());
        }
        Ok(options)
    }

    fn wants(&self, key: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|k| k == key))
    }
}

/// One client to run: a key, a label for the table, how it is driven, and its command line
/// (to which `BASE_URL N WARMUP LATENCY_FILE` are appended).
struct Spec {
    key: &'static str,
    label: &'static str,
    how: String,
    program: Vec<String>,
}

fn specs(options: &Options, this_exe: &Path) -> Vec<Spec> {
    let exe = this_exe.display().to_string();
    let py = options.python.display().to_string();
    let script = |name: &str| format!("bench/python/{name}");
    vec![
        Spec {
            key: "floor",
            label: "floor (raw socket, Rust)",
            how: "pre-built request bytes written on one persistent TCP socket; each answer \
                  read until its Content-Length is satisfied"
                .into(),
            program: vec![exe.clone(), "client-floor".into()],
        },
        Spec {
            key: "core",
            label: "Rust core",
            how: "`client.register_webhook(&RegisterWebhook::new(Action::Scheduled, url))` on one \
                  `Client` (release build)"
                .into(),
            program: vec![exe, "client-core".into()],
        },
        Spec {
            key: "c",
            label: "C (libayr)",
            how: "`ayr_register_webhook(client, \"scheduled\", url, NULL, NULL, &hook, &err)` + \
                  `ayr_webhook_free` on one client, `bench/c/bench_register.c` built with -O2 \
                  against the release `libayr.so` (installed by `make install` into a private \
                  prefix)"
                .into(),
            program: vec![options.c_driver.display().to_string()],
        },
        Spec {
            key: "python",
            label: "Python package",
            how: "`client.register_webhook(\"scheduled\", url)` on one \
                  `ayrshare_webhooks.Client(api_key, base_url=...)`, installed wheel"
                .into(),
            program: vec![py.clone(), script("client_package.py")],
        },
        Spec {
            key: "requests",
            label: "requests.Session (hand-written)",
            how: "`session.post(url, json=body, headers=...)`, `raise_for_status()`, `.json()` on \
                  one `requests.Session`"
                .into(),
            program: vec![py.clone(), script("client_requests.py")],
        },
        Spec {
            key: "social-post-api",
            label: "social-post-api (official SDK)",
            how: "`SocialPost(key).registerWebhook({...})`, its module-level base URL set with \
                  `ayrshare.ayrshare.base = \"http://127.0.0.1:<port>/api/\"` (the variable its \
                  `doPost` prefixes to `hook/webhook`); it calls `requests.post` per call"
                .into(),
            program: vec![py, script("client_social_post_api.py")],
        },
    ]
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

fn number<T: std::str::FromStr>(map: &HashMap<String, String>, key: &str) -> Result<T, String> {
    map.get(key)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("missing or bad `{key}` in {map:?}"))
}

/// Runs `program` and returns its stdout, or an error with its stderr.
fn output(program: &[String]) -> Result<String, String> {
    let (exe, args) = program.split_first().ok_or("empty command")?;
    let out = Command::new(exe)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run {exe}: {e}"))?;
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
    requests: u64,
}

/// Runs one client process: `N` timed calls after the warm-up ones, checked against the
/// server's own count of requests.
fn run_round(
    spec: &Spec,
    server: &server::Server,
    options: &Options,
    base_url: &str,
    round: usize,
) -> Result<Round, String> {
    let latency_file = std::env::temp_dir().join(format!(
        "ayrshare-bench-{}-{}.txt",
        std::process::id(),
        spec.key
    ));
    let mut program = spec.program.clone();
    program.extend([
        base_url.to_owned(),
        options.n.to_string(),
        options.warmup.to_string(),
        latency_file.display().to_string(),
    ]);
    eprintln!(
        "bench: round {round}/{}: {} ...",
        options.rounds, spec.label
    );
    let before = server.counters.snapshot();
    let stdout = output(&program)?;
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
    let n: usize = number(&summary, "n")?;
    if latencies.len() != n || n != options.n {
        return Err(format!(
            "{}: {} latencies for n={n}",
            spec.key,
            latencies.len()
        ));
    }
    let expected = (options.n + options.warmup) as u64;
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
        requests: seen.requests,
    })
}

/// One client's result over its rounds: percentiles of every timed call of every round
/// together, CPU per call over all of them, and the most connections any one process used.
fn summarize(spec: &Spec, rounds: &[Round]) -> ClientResult {
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
        key: spec.key.to_owned(),
        label: spec.label.to_owned(),
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
        requests: rounds.iter().map(|r| r.requests).max().unwrap_or(0),
        server_errors: 0,
    };
    eprintln!(
        "bench: {}: median {:.1} µs, p99 {:.1} µs, CPU {:.1} µs/call, {} connection(s) per process",
        spec.label,
        result.median_ns as f64 / 1e3,
        result.p99_ns as f64 / 1e3,
        result.cpu_ns_per_call / 1e3,
        result.connections,
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
        rounds: options.rounds,
    }
}

pub fn main(args: &[String]) -> Result<(), String> {
    let options = Options::parse(args)?;
    let this_exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let meta = meta(&options);
    let server = server::start().map_err(|e| format!("cannot start the server: {e}"))?;
    let base_url = format!("http://{}/api", server.addr);
    eprintln!(
        "bench: server at {base_url}; {} rounds of N = {} calls per client after {} warm-up \
         calls; load {}",
        options.rounds, options.n, options.warmup, meta.load_before
    );
    // Every round runs every client once, in the same order, so a slow spell of the machine
    // touches all of them alike rather than whichever client happened to run during it.
    let specs: Vec<Spec> = specs(&options, &this_exe)
        .into_iter()
        .filter(|spec| options.wants(spec.key))
        .collect();
    let mut rounds: Vec<Vec<Round>> = specs.iter().map(|_| Vec::new()).collect();
    for round in 1..=options.rounds {
        for (spec, done) in specs.iter().zip(&mut rounds) {
            done.push(run_round(spec, &server, &options, &base_url, round)?);
        }
    }
    let clients = specs
        .iter()
        .zip(&rounds)
        .map(|(spec, done)| summarize(spec, done))
        .collect();
    let verify = verification(&options, &this_exe)?;
    let parse = parsing(&options, &this_exe)?;
    let footprint = footprint(&options)?;
    let results = Results {
        meta: Meta {
            load_after: load_average(),
            ..meta
        },
        clients,
        verify,
        parse,
        footprint,
    };
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
