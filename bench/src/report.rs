//! The results of a run, as Markdown (`bench/results.md`) and JSON (`bench/results.json`, read
//! by `bench/chart.py`).

use std::fmt::Write;

use serde_json::json;

/// Where and how the run happened.
pub struct Meta {
    pub date: String,
    pub commit: String,
    pub cpu: String,
    pub cores: usize,
    pub kernel: String,
    pub load_before: String,
    pub load_after: String,
    pub rustc: String,
    pub cc: String,
    pub python: String,
    pub command: String,
    pub n: usize,
    pub warmup: usize,
    pub slow_n: usize,
    pub slow_warmup: usize,
    pub rounds: usize,
    pub cold_runs: usize,
    /// The CPU the run was pinned to, if any.
    pub pinned_cpu: Option<usize>,
}

impl Meta {
    fn cpu_placement(&self) -> String {
        match self.pinned_cpu {
            Some(cpu) => format!(
                "the whole run (server threads and every client process) pinned to CPU {cpu}"
            ),
            None => "not pinned (wherever the scheduler put each thread)".to_owned(),
        }
    }
}

/// One client's measurement.
pub struct ClientResult {
    pub key: String,
    /// `https` or `http`: the rows a ratio is taken within.
    pub group: String,
    pub label: String,
    /// The base URL it called.
    pub url: String,
    pub how: String,
    pub n: usize,
    pub median_ns: u64,
    pub p99_ns: u64,
    pub mean_ns: f64,
    pub min_ns: u64,
    /// The median of each round's calls, in round order.
    pub round_medians_ns: Vec<u64>,
    pub cpu_ns_per_call: f64,
    pub cpu_user_ns: u64,
    pub cpu_sys_ns: u64,
    pub wall_ns: u64,
    /// The most TCP connections, TLS handshakes and requests one process used.
    pub connections: u64,
    pub handshakes: u64,
    pub requests: u64,
    /// Whether the client opens a connection per call by design.
    pub per_call_connection: bool,
}

/// One cold-call client: a new process per call.
pub struct ColdResult {
    pub key: String,
    pub label: String,
    pub how: String,
    pub runs: usize,
    /// Wall time per process, spawn to exit.
    pub median_ns: u64,
    pub p90_ns: u64,
    /// User + system time of the process.
    pub cpu_median_ns: u64,
    /// The time of the call as the process measured it from inside.
    pub inside_median_ns: u64,
}

/// One verification measurement.
pub struct VerifyResult {
    pub implementation: String,
    pub size: usize,
    pub s_per_op: f64,
    pub mb_per_s: f64,
}

/// One parse measurement: a parser on one sample delivery.
pub struct ParseResult {
    pub parser: String,
    pub sample: String,
    pub bytes: usize,
    pub s_per_op: f64,
}

/// Import times and artefact sizes.
pub struct Footprint {
    /// (module, median milliseconds, runs)
    pub imports: Vec<(String, f64, usize)>,
    /// (file name, bytes)
    pub wheel: Option<(String, u64)>,
    pub libayr_so: Option<u64>,
    pub libayr_so_stripped: Option<u64>,
    pub libayr_a: Option<u64>,
}

/// Everything a run measured.
pub struct Results {
    pub meta: Meta,
    pub clients: Vec<ClientResult>,
    pub cold: Vec<ColdResult>,
    pub verify: Vec<VerifyResult>,
    pub parse: Vec<ParseResult>,
    pub footprint: Footprint,
}

const MIB: usize = 1024 * 1024;

fn verify_label(implementation: &str) -> &str {
    match implementation {
        "core" => "Rust core `verify_signature`",
        "package" => "Python package `verify_signature`",
        "hmac" => "Python `hmac` (OpenSSL) + `compare_digest`",
        other => other,
    }
}

impl Results {
    fn client(&self, key: &str) -> Option<&ClientResult> {
        self.clients.iter().find(|c| c.key == key)
    }

    fn cold(&self, key: &str) -> Option<&ColdResult> {
        self.cold.iter().find(|c| c.key == key)
    }

    fn verify(&self, implementation: &str, size: usize) -> Option<&VerifyResult> {
        self.verify
            .iter()
            .find(|v| v.implementation == implementation && v.size == size)
    }
}

fn us(ns: f64) -> String {
    let us = ns / 1e3;
    if us >= 100.0 {
        format!("{us:.0} µs")
    } else {
        format!("{us:.1} µs")
    }
}

fn ratio(value: f64, base: Option<f64>) -> String {
    match base {
        Some(base) if base > 0.0 => format!("{:.2}×", value / base),
        _ => "—".to_owned(),
    }
}

fn bytes(n: u64) -> String {
    if n >= MIB as u64 {
        format!("{:.2} MiB ({n} bytes)", n as f64 / MIB as f64)
    } else {
        format!("{:.1} KiB ({n} bytes)", n as f64 / 1024.0)
    }
}

fn verdict(met: bool) -> &'static str {
    if met { "**met**" } else { "**missed**" }
}

/// `https://localhost:41109/api` as `https://localhost:PORT/api` (the port changes every run).
pub(crate) fn without_port(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host);
    format!("{scheme}://{host}:PORT{path}")
}

fn ms(ns: f64) -> String {
    format!("{:.2} ms", ns / 1e6)
}

/// The table of one group's clients, each ratio taken to that group's floor and core.
fn client_table(s: &mut String, r: &Results, group: &str) {
    let floor = r.client(&format!("{group}-floor"));
    let core = r.client(&format!("{group}-core"));
    let _ = writeln!(
        s,
        "| Client | Base URL | Median | Round medians | p99 | CPU / call | Median × floor \
         | Median × core | CPU × floor | CPU × core | TCP connections | TLS handshakes | Requests |"
    );
    let _ = writeln!(
        s,
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for c in r.clients.iter().filter(|c| c.group == group) {
        let round_medians: Vec<String> =
            c.round_medians_ns.iter().map(|&ns| us(ns as f64)).collect();
        let _ = writeln!(
            s,
            "| {} | `{}` | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            c.label,
            without_port(&c.url),
            us(c.median_ns as f64),
            round_medians.join(", "),
            us(c.p99_ns as f64),
            us(c.cpu_ns_per_call),
            ratio(c.median_ns as f64, floor.map(|f| f.median_ns as f64)),
            ratio(c.median_ns as f64, core.map(|f| f.median_ns as f64)),
            ratio(c.cpu_ns_per_call, floor.map(|f| f.cpu_ns_per_call)),
            ratio(c.cpu_ns_per_call, core.map(|f| f.cpu_ns_per_call)),
            c.connections,
            if group == "https" {
                c.handshakes.to_string()
            } else {
                "—".to_owned()
            },
            c.requests
        );
    }
}

/// The Markdown report.
pub fn markdown(r: &Results) -> String {
    let m = &r.meta;
    let mut s = String::new();
    let _ = writeln!(s, "# Benchmark results\n");
    let _ = writeln!(
        s,
        "One run of `{}` on one machine (see [README.md](README.md) for what is measured and how).\n",
        m.command
    );
    let _ = writeln!(s, "| | |\n| --- | --- |");
    let _ = writeln!(s, "| Date | {} |", m.date);
    let _ = writeln!(
        s,
        "| Machine | {}, {} cores, Linux {} |",
        m.cpu, m.cores, m.kernel
    );
    let _ = writeln!(
        s,
        "| Load average (1, 5, 15 min) at start / end | {} / {} |",
        m.load_before, m.load_after
    );
    let _ = writeln!(s, "| CPU placement | {} |", m.cpu_placement());
    let _ = writeln!(s, "| Git commit | `{}` |", m.commit);
    let _ = writeln!(s, "| Toolchains | {}; {}; {} |", m.rustc, m.cc, m.python);
    let _ = writeln!(
        s,
        "| Command | `{}` ({} rounds; in each, every client makes {} sequential `register_webhook` \
         calls after {} warm-up calls, the two slow Python clients {} after {}; then {} cold \
         calls of each cold-call client) |\n",
        m.command, m.rounds, m.n, m.warmup, m.slow_n, m.slow_warmup, m.cold_runs
    );

    let _ = writeln!(
        s,
        "Each round runs every client once, in the order of the tables, so a slow spell of the \
         machine falls on all of them alike. Latency is per call (median and 99th percentile \
         of the timed calls of all rounds together; the median of each round beside it shows \
         the spread); CPU is the client processes' user + system time over the timed calls, \
         divided by their number. Connections, TLS handshakes and requests are counted by the \
         server for each client process, warm-up included (the most any one process used). \
         Ratios are taken within a table: to its floor and to its Rust core row.\n"
    );
    if r.clients.iter().any(|c| c.group == "https") {
        let _ = writeln!(
            s,
            "## `register_webhook` over HTTPS (TLS 1.3) to `localhost`: the production path\n"
        );
        client_table(&mut s, r, "https");
    }
    if r.clients.iter().any(|c| c.group == "http") {
        let _ = writeln!(
            s,
            "\n## `register_webhook` over plain HTTP to `127.0.0.1`\n"
        );
        client_table(&mut s, r, "http");
    }

    if !r.cold.is_empty() {
        let _ = writeln!(
            s,
            "\n## Cold call: a new process, name lookup, TCP, TLS handshake and one request\n"
        );
        let _ = writeln!(
            s,
            "Wall time from spawning the process to reaping it (median and 90th percentile of \
             {} processes each, the two clients alternating), the process's CPU time (user + \
             system, from `wait4`), and the call as timed inside the process (the core: \
             building the client and the call; curl: its `time_total`).\n",
            r.cold.first().map_or(0, |c| c.runs)
        );
        let _ = writeln!(
            s,
            "| Client | Median per process | p90 | CPU per process | The call, inside | Median × curl |"
        );
        let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: | ---: |");
        let curl = r.cold("cold-curl").map(|c| c.median_ns as f64);
        for c in &r.cold {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                c.label,
                ms(c.median_ns as f64),
                ms(c.p90_ns as f64),
                ms(c.cpu_median_ns as f64),
                ms(c.inside_median_ns as f64),
                ratio(c.median_ns as f64, curl),
            );
        }
    }

    if !r.verify.is_empty() {
        let _ = writeln!(
            s,
            "\n## Signature verification (HMAC-SHA256 of the body, hex signature, constant-time \
             compare)\n"
        );
        let _ = writeln!(
            s,
            "Median over batches of about 50 ms, for about 1.5 s per size. MB/s = 10⁶ bytes of \
             body per second.\n"
        );
        let _ = writeln!(
            s,
            "| Implementation | 1 KiB: time / op | 1 KiB: MB/s | 1 MiB: time / op | 1 MiB: MB/s \
             | 1 MiB × OpenSSL |"
        );
        let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: | ---: |");
        let anchor = r.verify("hmac", MIB).map(|v| v.mb_per_s);
        for implementation in ["core", "package", "hmac"] {
            let small = r.verify(implementation, 1024);
            let large = r.verify(implementation, MIB);
            if small.is_none() && large.is_none() {
                continue;
            }
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                verify_label(implementation),
                small.map_or("—".into(), |v| us(v.s_per_op * 1e9)),
                small.map_or("—".into(), |v| format!("{:.0}", v.mb_per_s)),
                large.map_or("—".into(), |v| format!("{:.3} ms", v.s_per_op * 1e3)),
                large.map_or("—".into(), |v| format!("{:.0}", v.mb_per_s)),
                large.map_or("—".into(), |v| ratio(v.mb_per_s, anchor)),
            );
        }
    }

    if !r.parse.is_empty() {
        parse_table(&mut s, &r.parse);
    }

    let f = &r.footprint;
    let _ = writeln!(s, "\n## Footprint\n");
    let _ = writeln!(s, "| Item | Value |\n| --- | ---: |");
    for (module, ms, runs) in &f.imports {
        let _ = writeln!(
            s,
            "| `import {module}` (fresh interpreter, median of {runs}) | {ms:.1} ms |"
        );
    }
    if let Some((name, size)) = &f.wheel {
        let _ = writeln!(s, "| Wheel `{name}` | {} |", bytes(*size));
    }
    if let Some(size) = f.libayr_so {
        let stripped = f
            .libayr_so_stripped
            .map_or(String::new(), |st| format!("; {} stripped", bytes(st)));
        let _ = writeln!(s, "| `libayr.so` (release) | {}{stripped} |", bytes(size));
    }
    if let Some(size) = f.libayr_a {
        let _ = writeln!(s, "| `libayr.a` (release) | {} |", bytes(size));
    }

    targets(&mut s, r);

    let _ = writeln!(s, "\n## How each client was driven\n");
    let _ = writeln!(
        s,
        "Every client registers action `scheduled` for `https://mysite.com/hook` (no secret) \
         with the same API key against the same local server, which answers \
         `{}` on a keep-alive HTTP/1.1 connection, one thread per connection; its HTTPS port \
         speaks TLS 1.3 only (rustls, ring) with a certificate for `localhost` and `127.0.0.1` \
         issued at start-up by a CA made for the run, which every client over HTTPS is given \
         as a PEM file.\n",
        crate::server::SUCCESS_BODY
    );
    let mut seen = std::collections::HashSet::new();
    for c in &r.clients {
        if seen.insert(c.label.clone()) {
            let _ = writeln!(s, "- **{}**: {}", c.label, c.how);
        }
    }
    for c in &r.cold {
        let _ = writeln!(s, "- **{}** (cold call): {}", c.label, c.how);
    }
    s
}

/// The targets table: the HTTPS path's, then the earlier ones on plain HTTP.
fn targets(s: &mut String, r: &Results) {
    let _ = writeln!(s, "\n## Targets\n");
    let _ = writeln!(s, "| Target | Measured | Verdict |\n| --- | --- | --- |");
    let median = |key: &str| r.client(key).map(|c| c.median_ns as f64);
    let over = |a: Option<f64>, b: Option<f64>| Some(a? / b?);
    let at_most = [
        (
            "HTTPS: Rust core ≤ 1.3× the TLS floor (median per call)",
            "https-core",
            "https-floor",
            1.3,
        ),
        (
            "HTTPS: C ≤ 1.05× the Rust core (median per call)",
            "https-c",
            "https-core",
            1.05,
        ),
        (
            "HTTPS: Python package ≤ 1.3× the Rust core (median per call)",
            "https-python",
            "https-core",
            1.3,
        ),
        (
            "HTTPS: a call to the host name `localhost` ≤ 1.1× the same call to `127.0.0.1` \
             (Rust core, median per call)",
            "https-core",
            "https-core-ip",
            1.1,
        ),
    ];
    for (name, key, base, limit) in at_most {
        target(s, name, over(median(key), median(base)), limit, true, "×");
    }
    target(
        s,
        "HTTPS: Python package ≥ 30× faster than social-post-api (median per call)",
        over(median("https-social-post-api"), median("https-python")),
        30.0,
        false,
        "× faster",
    );
    let cold = |key: &str| r.cold(key).map(|c| c.median_ns as f64);
    target(
        s,
        "Cold call (new process): Rust core ≤ 1.5× curl's (median per process)",
        over(cold("cold-core"), cold("cold-curl")),
        1.5,
        true,
        "×",
    );
    for c in r.clients.iter().filter(|c| !c.per_call_connection) {
        let calls = c.requests;
        if c.group == "https" {
            let _ = writeln!(
                s,
                "| HTTPS: {calls} calls of each {} process on 1 connection, 1 TLS handshake | \
                 {} connection(s), {} handshake(s) | {} |",
                c.label,
                c.connections,
                c.handshakes,
                verdict(c.connections == 1 && c.handshakes == 1)
            );
        } else {
            let _ = writeln!(
                s,
                "| HTTP: {calls} calls of each {} process on 1 connection | {} connection(s) | {} |",
                c.label,
                c.connections,
                verdict(c.connections == 1)
            );
        }
    }
    target(
        s,
        "HTTP: Rust core ≤ 1.5× the raw-socket floor (median per call)",
        over(median("http-core"), median("http-floor")),
        1.5,
        true,
        "×",
    );
    target(
        s,
        "HTTP: Python package ≥ 10× faster than social-post-api (median per call)",
        over(median("http-social-post-api"), median("http-python")),
        10.0,
        false,
        "× faster",
    );
    let anchor = r.verify("hmac", MIB).map(|v| v.mb_per_s);
    for (implementation, name) in [("core", "Rust core"), ("package", "Python package")] {
        target(
            s,
            &format!("{name} verification at 1 MiB ≥ 0.8× OpenSSL's throughput"),
            over(r.verify(implementation, MIB).map(|v| v.mb_per_s), anchor),
            0.8,
            false,
            "×",
        );
    }
}

/// One line of the targets table: `value` against `limit` (`at_most`: value ≤ limit).
fn target(s: &mut String, name: &str, value: Option<f64>, limit: f64, at_most: bool, unit: &str) {
    let cell = match value {
        Some(v) => format!(
            "{v:.2}{unit} | {}",
            verdict(if at_most { v <= limit } else { v >= limit })
        ),
        None => "not measured | —".to_owned(),
    };
    let _ = writeln!(s, "| {name} | {cell} |");
}

/// The JSON report (everything, including raw numbers).
pub fn json(r: &Results) -> String {
    let m = &r.meta;
    let value = json!({
        "meta": {
            "date": m.date, "commit": m.commit, "cpu": m.cpu, "cores": m.cores,
            "kernel": m.kernel, "load_before": m.load_before, "load_after": m.load_after, "rustc": m.rustc, "cc": m.cc,
            "python": m.python, "command": m.command, "n": m.n, "warmup": m.warmup,
            "slow_n": m.slow_n, "slow_warmup": m.slow_warmup, "rounds": m.rounds,
            "cold_runs": m.cold_runs, "pinned_cpu": m.pinned_cpu,
        },
        "clients": r.clients.iter().map(|c| json!({
            "key": c.key, "group": c.group, "label": c.label, "url": c.url, "n": c.n,
            "median_ns": c.median_ns,
            "p99_ns": c.p99_ns, "mean_ns": c.mean_ns, "min_ns": c.min_ns,
            "round_medians_ns": c.round_medians_ns,
            "cpu_ns_per_call": c.cpu_ns_per_call, "cpu_user_ns": c.cpu_user_ns,
            "cpu_sys_ns": c.cpu_sys_ns, "wall_ns": c.wall_ns, "connections": c.connections,
            "handshakes": c.handshakes, "requests": c.requests,
            "per_call_connection": c.per_call_connection,
        })).collect::<Vec<_>>(),
        "cold": r.cold.iter().map(|c| json!({
            "key": c.key, "label": c.label, "runs": c.runs, "median_ns": c.median_ns,
            "p90_ns": c.p90_ns, "cpu_median_ns": c.cpu_median_ns,
            "inside_median_ns": c.inside_median_ns,
        })).collect::<Vec<_>>(),
        "verify": r.verify.iter().map(|v| json!({
            "impl": v.implementation, "label": verify_label(&v.implementation),
            "size": v.size, "s_per_op": v.s_per_op, "mb_per_s": v.mb_per_s,
        })).collect::<Vec<_>>(),
        "parse": r.parse.iter().map(|p| json!({
            "parser": p.parser, "sample": p.sample, "bytes": p.bytes, "s_per_op": p.s_per_op,
        })).collect::<Vec<_>>(),
        "footprint": {
            "imports": r.footprint.imports.iter().map(|(module, ms, runs)| json!({
                "module": module, "median_ms": ms, "runs": runs,
            })).collect::<Vec<_>>(),
            "wheel": r.footprint.wheel.as_ref().map(|(n, s)| json!({"name": n, "bytes": s})),
            "libayr_so": r.footprint.libayr_so,
            "libayr_so_stripped": r.footprint.libayr_so_stripped,
            "libayr_a": r.footprint.libayr_a,
        },
    });
    serde_json::to_string_pretty(&value).expect("plain JSON values") + "\n"
}

/// The parse table: per sample, both parsers and their ratio.
pub fn parse_table(s: &mut String, parse: &[ParseResult]) {
    let _ = writeln!(
        s,
        "\n## Delivery parsing (Rust core, one sample delivery per action)\n"
    );
    let _ = writeln!(
        s,
        "Median over batches of about 50 ms, for about 0.5 s per parser and sample. \
         `parse_delivery` types the common fields and keeps the whole payload as JSON; \
         `parse_event` types every documented field of the action.\n"
    );
    let _ = writeln!(
        s,
        "| Sample | Bytes | `parse_delivery` | `parse_event` | `parse_event` × `parse_delivery` |"
    );
    let _ = writeln!(s, "| --- | ---: | ---: | ---: | ---: |");
    let mut samples: Vec<&str> = Vec::new();
    for p in parse {
        if !samples.contains(&p.sample.as_str()) {
            samples.push(&p.sample);
        }
    }
    for sample in samples {
        let find = |parser: &str| {
            parse
                .iter()
                .find(|p| p.sample == sample && p.parser == parser)
        };
        let (delivery, event) = (find("parse_delivery"), find("parse_event"));
        let bytes = delivery.or(event).map_or(0, |p| p.bytes);
        let _ = writeln!(
            s,
            "| {sample} | {bytes} | {} | {} | {} |",
            delivery.map_or("—".into(), |p| us(p.s_per_op * 1e9)),
            event.map_or("—".into(), |p| us(p.s_per_op * 1e9)),
            event.map_or("—".into(), |e| ratio(
                e.s_per_op,
                delivery.map(|d| d.s_per_op)
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parse_table_puts_both_parsers_of_a_sample_on_one_row() {
        let result = |parser: &str, sample: &str, s_per_op: f64| ParseResult {
            parser: parser.into(),
            sample: sample.into(),
            bytes: 669,
            s_per_op,
        };
        let mut s = String::new();
        parse_table(
            &mut s,
            &[
                result("parse_delivery", "scheduled", 2.0e-6),
                result("parse_event", "scheduled", 3.0e-6),
                result("parse_event", "feed", 1.5e-6),
            ],
        );
        assert!(
            s.contains("| scheduled | 669 | 2.0 µs | 3.0 µs | 1.50× |\n"),
            "{s}"
        );
        assert!(s.contains("| feed | 669 | — | 1.5 µs | — |\n"), "{s}");
    }
}
