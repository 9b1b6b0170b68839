//! Builds the test build of libayr, compiles the C and C++ programs of `tests/c/` against it,
//! and runs each of their cases against the scenario of `cases.rs`: plain, under valgrind, or
//! built with AddressSanitizer and UndefinedBehaviorSanitizer.

pub mod cases;
mod events;
mod faults;
mod production;
mod server;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use cases::Scenario;

/// How the programs are built and run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Linked against `libayr.so`, run directly.
    Plain,
    /// The plain binary, run under valgrind's memcheck with full leak checking.
    Valgrind,
    /// Built with `-fsanitize=address,undefined`, libayr linked statically (so the sanitizer
    /// runtime sees every allocation, Rust's included).
    Sanitize,
}

/// The repository root (the workspace).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("ffi/ has a parent")
        .to_path_buf()
}

/// This process's scratch directory. Each test process has its own (a parallel `cargo test`
/// of the same tree must not overwrite our binaries); those of dead processes are removed.
pub fn work_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("c-suite");
        if let Ok(entries) = fs::read_dir(&base) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let alive = Path::new("/proc").join(&name).exists();
                if name.parse::<u32>().is_ok() && !alive {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        let dir = base.join(std::process::id().to_string());
        fs::create_dir_all(&dir).expect("create the scratch directory");
        dir
    })
}

/// The directory holding the test build of the library: `libayr.a`, and `libayr.so` under its
/// SONAME with the usual development symlink.
fn library_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(build_library)
}

/// Builds libayr with the `testing` feature (same target directory, so only this crate is
/// recompiled) and copies the artifacts out, checking that they are the testing build: another
/// cargo running at the same time may rebuild the shared artifacts without the feature.
fn build_library() -> PathBuf {
    let dir = work_dir().join("lib");
    fs::create_dir_all(&dir).expect("create lib/");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for _attempt in 0..3 {
        let mut command = Command::new(&cargo);
        // Without the variables cargo set for this test process: build scripts (ring's) track
        // some of them, and a difference would rebuild half the dependency tree every time.
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if name.starts_with("CARGO_PKG_")
                || name.starts_with("CARGO_BIN_")
                || [
                    "CARGO_MANIFEST_DIR",
                    "CARGO_MANIFEST_PATH",
                    "CARGO_CRATE_NAME",
                    "CARGO_PRIMARY_PACKAGE",
                    "CARGO_TARGET_TMPDIR",
                    "CARGO_RUSTC_CURRENT_DIR",
                    "OUT_DIR",
                ]
                .contains(&name.as_ref())
            {
                command.env_remove(name.as_ref());
            }
        }
        let output = command
            .current_dir(repo_root())
            .args([
                "build",
                "-p",
                "ayrshare-webhooks-ffi",
                "--lib",
                "--features",
                "testing",
            ])
            .arg("--message-format=json-render-diagnostics")
            .stderr(Stdio::inherit())
            .output()
            .expect("run cargo build");
        assert!(
            output.status.success(),
            "cargo build of the test libayr failed"
        );
        let (shared, archive) = artifacts(&output.stdout);
        let soname = soname();
        fs::copy(&shared, dir.join(&soname)).expect("copy libayr.so");
        fs::copy(&archive, dir.join("libayr.a")).expect("copy libayr.a");
        let link = dir.join("libayr.so");
        let _ = fs::remove_file(&link);
        std::os::unix::fs::symlink(&soname, &link).expect("symlink libayr.so");
        let marker = b"ayr_testing_panic";
        if contains(&dir.join(&soname), marker) && contains(&dir.join("libayr.a"), marker) {
            return dir;
        }
    }
    panic!("could not get a build of libayr with the `testing` feature (a concurrent cargo?)");
}

/// The `.so` and `.a` of the ffi crate named in cargo's JSON messages.
fn artifacts(messages: &[u8]) -> (PathBuf, PathBuf) {
    let mut shared = None;
    let mut archive = None;
    for line in messages.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let message: serde_json::Value = serde_json::from_slice(line).expect("cargo JSON");
        if message["reason"] != "compiler-artifact" || message["target"]["name"] != "ayr" {
            continue;
        }
        for file in message["filenames"].as_array().into_iter().flatten() {
            let file = PathBuf::from(file.as_str().expect("a path"));
            match file.extension().and_then(|e| e.to_str()) {
                Some("so") => shared = Some(file),
                Some("a") => archive = Some(file),
                _ => {}
            }
        }
    }
    (
        shared.expect("cargo built libayr.so"),
        archive.expect("cargo built libayr.a"),
    )
}

/// The SONAME build.rs gives the library.
fn soname() -> String {
    let major = env!("CARGO_PKG_VERSION_MAJOR");
    let minor = env!("CARGO_PKG_VERSION_MINOR");
    if major == "0" {
        format!("libayr.so.0.{minor}")
    } else {
        format!("libayr.so.{major}")
    }
}

fn contains(path: &Path, needle: &[u8]) -> bool {
    let bytes = fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// One program of `tests/c/`.
#[derive(Clone, Copy, Debug)]
pub struct Program {
    /// The file name without extension; also the key of its cases in `cases.rs`.
    pub name: &'static str,
    /// Whether it is the C++17 program.
    pub cpp: bool,
}

/// Compiles `program` for `mode` once per process.
fn binary(program: Program, mode: Mode) -> PathBuf {
    static BUILT: OnceLock<Mutex<HashMap<(&'static str, bool), PathBuf>>> = OnceLock::new();
    let sanitized = mode == Mode::Sanitize;
    let built = BUILT.get_or_init(Default::default);
    if let Some(path) = built.lock().unwrap().get(&(program.name, sanitized)) {
        return path.clone();
    }
    let path = compile(program, sanitized);
    built
        .lock()
        .unwrap()
        .insert((program.name, sanitized), path.clone());
    path
}

/// The warning flags every program must compile cleanly with.
pub fn strict_flags(cpp: bool) -> [&'static str; 5] {
    let std = if cpp { "-std=c++17" } else { "-std=c99" };
    [std, "-Wall", "-Wextra", "-Werror", "-pedantic"]
}

fn compile(program: Program, sanitized: bool) -> PathBuf {
    let root = repo_root();
    let lib = library_dir();
    let (compiler, extension) = if program.cpp {
        (std::env::var("CXX").unwrap_or_else(|_| "c++".into()), "cpp")
    } else {
        (std::env::var("CC").unwrap_or_else(|_| "cc".into()), "c")
    };
    let flavor = if sanitized { "sanitize" } else { "plain" };
    let out = work_dir().join(format!("{}-{flavor}", program.name));
    let mut command = Command::new(&compiler);
    command
        .args(strict_flags(program.cpp))
        .args(["-g", "-DAYR_TESTING", "-pthread"])
        .arg("-I")
        .arg(root.join("include"))
        .arg(root.join(format!("tests/c/{}.{extension}", program.name)))
        .arg("-o")
        .arg(&out);
    if sanitized {
        command
            .args([
                "-fsanitize=address,undefined",
                "-fno-sanitize-recover=all",
                "-fno-omit-frame-pointer",
            ])
            .arg(lib.join("libayr.a"))
            .args(["-ldl", "-lm", "-lrt", "-lutil"]);
    } else {
        command
            .arg("-L")
            .arg(lib)
            .arg(format!("-Wl,-rpath,{}", lib.display()))
            .arg("-layr");
    }
    let output = command.output().expect("run the C compiler");
    assert!(
        output.status.success(),
        "compiling {} failed:\n{}",
        program.name,
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

/// The cases a program has, as it lists them.
fn listed_cases(binary: &Path) -> BTreeSet<String> {
    let output = Command::new(binary)
        .arg("--list")
        .output()
        .expect("run --list");
    assert!(
        output.status.success(),
        "{} --list failed",
        binary.display()
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Builds `program` for `mode` and runs every case, each against its own scenario. Fails when
/// the program's cases and the scenarios of `cases.rs` differ, a case fails, a sanitizer or
/// valgrind reports anything, or a server did not see exactly the expected requests.
pub fn run_program(program: Program, mode: Mode) {
    let binary = binary(program, mode);
    let listed = listed_cases(&binary);
    let known: BTreeSet<String> = cases::for_program(program.name)
        .map(|(name, _)| name.to_owned())
        .collect();
    assert_eq!(
        listed, known,
        "the cases of tests/c/{} and of ffi/tests/harness/cases.rs differ",
        program.name
    );
    let cases: Vec<(&'static str, cases::Setup)> = cases::for_program(program.name).collect();
    let workers = concurrent_cases(program, mode).clamp(1, cases.len().max(1));
    if workers == 1 {
        for (case, setup) in cases {
            check_case(program, mode, &binary, case, setup);
        }
        return;
    }
    // Cases that mostly wait (timeouts, backoffs, drips) run a few at a time, each against
    // its own servers; every failure is reported, not only the first.
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(&(case, setup)) = cases.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let run = || check_case(program, mode, &binary, case, setup);
                    if let Err(panic) = std::panic::catch_unwind(AssertUnwindSafe(run)) {
                        let message = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                            .unwrap_or_else(|| "(a panic without a message)".into());
                        failures.lock().unwrap().push(message);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// How many cases of `program` may run at once: the fault cases spend seconds waiting on
/// timeouts, backoffs and drips, the hygiene cases on silent servers and the cancellation cases
/// on silent servers and timeouts, so they overlap (fewer at a time under valgrind, which needs
/// the CPU); every other program runs its cases one after the other.
fn concurrent_cases(program: Program, mode: Mode) -> usize {
    match (program.name, mode) {
        ("test_faults", Mode::Valgrind) => 4,
        ("test_faults", _) => 8,
        ("test_hygiene" | "test_cancel", _) => 4,
        _ => 1,
    }
}

/// Prints `text` on the terminal even when the test harness captures the test's output (a
/// skipped case must be seen).
pub fn notice(text: &str) {
    let _ = writeln!(std::io::stderr(), "NOTICE: {text}");
}

/// Runs one case against a fresh scenario and checks everything about it; panics on failure.
fn check_case(program: Program, mode: Mode, binary: &Path, case: &str, setup: cases::Setup) {
    let scenario = Scenario::new(setup, mode);
    let context = format!("{} {case} ({mode:?})", program.name);
    if let Some(why) = &scenario.skip {
        notice(&format!("{context} skipped: {why}"));
        return;
    }
    // One log per process (`%p`): a program that forks gets its child checked too.
    let log = format!("valgrind-{}-{case}", program.name);
    let output = run_case(binary, mode, case, &scenario, &work_dir().join(&log));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains(&format!("ok {case}")),
        "{context} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        output.status
    );
    if mode == Mode::Sanitize {
        for report in ["AddressSanitizer", "LeakSanitizer", "runtime error:"] {
            assert!(!stderr.contains(report), "{context}: {report}\n{stderr}");
        }
    }
    if mode == Mode::Valgrind {
        check_valgrind_logs(&context, &log);
    }
    scenario.assert_stdout(&context, &stdout);
    scenario.assert_requests(&context);
    // What the programs report besides `ok`: elapsed times, counts (see `--nocapture`).
    for line in stdout.lines().filter(|l| !l.starts_with("ok ")) {
        eprintln!("{context}: {line}");
    }
}

/// Runs one case; under valgrind, the report of each process goes to `valgrind_log.PID.log`.
fn run_case(
    binary: &Path,
    mode: Mode,
    case: &str,
    scenario: &Scenario,
    valgrind_log: &Path,
) -> Output {
    let mut command = match mode {
        Mode::Plain | Mode::Sanitize => Command::new(binary),
        Mode::Valgrind => {
            let mut command = Command::new("valgrind");
            command
                .args([
                    "--error-exitcode=1",
                    "--leak-check=full",
                    "--errors-for-leak-kinds=definite,indirect",
                    "--show-leak-kinds=definite,indirect",
                    // Skips reading the inlining tables of libayr's 40 MB of debug info: a
                    // third of each run's start-up, and the suite starts ~70 runs. Errors are
                    // found as before; their stacks only omit inlined frames.
                    "--read-inline-info=no",
                ])
                // ring's AES-GCM, which memcheck cannot follow (see the file).
                .arg(format!(
                    "--suppressions={}",
                    repo_root().join("tests/c/valgrind.supp").display()
                ))
                .arg(format!("--log-file={}.%p.log", valgrind_log.display()))
                .arg(binary);
            command
        }
    };
    command
        .arg(case)
        .env("AYR_TEST_FIXTURES", repo_root().join("tests/c/fixtures"))
        .env(
            "AYR_TEST_MODE",
            match mode {
                Mode::Plain => "plain",
                Mode::Valgrind => "valgrind",
                Mode::Sanitize => "sanitize",
            },
        )
        .env(
            "ASAN_OPTIONS",
            "detect_leaks=1:halt_on_error=1:abort_on_error=0:allocator_may_return_null=0",
        )
        .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    scenario.configure(&mut command);
    let child = command.spawn().expect("start the test program");
    wait_with_deadline(child, Duration::from_secs(300))
}

/// Waits for a test program; kills it (and fails) after `limit`, so a hang cannot stall CI.
fn wait_with_deadline(mut child: std::process::Child, limit: Duration) -> Output {
    let start = Instant::now();
    loop {
        if child.try_wait().expect("poll the test program").is_some() {
            return child.wait_with_output().expect("collect the output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().expect("collect the output");
            panic!(
                "a test program ran longer than {limit:?}:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Checks the valgrind log of every process of a case (`check_valgrind_log`): the files of the
/// work directory named `<prefix>.PID.log`.
fn check_valgrind_logs(context: &str, prefix: &str) {
    let mut logs: Vec<PathBuf> = fs::read_dir(work_dir())
        .expect("list the work directory")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.strip_prefix(prefix)
                .and_then(|rest| rest.strip_prefix('.'))
                .and_then(|rest| rest.strip_suffix(".log"))
                .is_some_and(|pid| pid.parse::<u32>().is_ok())
        })
        .collect();
    logs.sort();
    assert!(!logs.is_empty(), "{context}: no valgrind log");
    for log in &logs {
        if logs.len() == 1 {
            check_valgrind_log(context, log);
        } else {
            let name = log.file_name().unwrap_or_default().to_string_lossy();
            check_valgrind_log(&format!("{context} [{name}]"), log);
        }
    }
}

/// Fails unless valgrind found no error and no definitely or indirectly lost byte, and
/// records the process's summary in `valgrind-summary.txt` (printed by `make test-c`).
fn check_valgrind_log(context: &str, log: &Path) {
    let text = fs::read_to_string(log).expect("read the valgrind log");
    let errors = summary_number(&text, "ERROR SUMMARY: ", " errors");
    let no_leaks = text.contains("All heap blocks were freed -- no leaks are possible");
    let definitely = if no_leaks {
        Some(0)
    } else {
        summary_number(&text, "definitely lost: ", " bytes")
    };
    let indirectly = if no_leaks {
        Some(0)
    } else {
        summary_number(&text, "indirectly lost: ", " bytes")
    };
    let line = format!(
        "{context}: {} errors, {} bytes definitely lost, {} bytes indirectly lost",
        errors.map_or("?".into(), |n| n.to_string()),
        definitely.map_or("?".into(), |n| n.to_string()),
        indirectly.map_or("?".into(), |n| n.to_string()),
    );
    let summary = Path::new(env!("CARGO_TARGET_TMPDIR")).join("c-suite/valgrind-summary.txt");
    if let Ok(mut file) = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(summary)
    {
        // One write of the whole line: cases of several programs finish at the same time.
        let _ = file.write_all(format!("{line}\n").as_bytes());
    }
    assert!(
        errors == Some(0) && definitely == Some(0) && indirectly == Some(0),
        "valgrind: {line}\n{text}"
    );
}

/// The number between `before` and `after` on the line holding `before`, with thousands
/// separators removed.
fn summary_number(text: &str, before: &str, after: &str) -> Option<u64> {
    let start = text.find(before)? + before.len();
    let rest = &text[start..];
    let number = &rest[..rest.find(after)?];
    number.trim().replace(',', "").parse().ok()
}
