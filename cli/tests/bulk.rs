//! Bulk runs across profiles against the mock: concurrency on one client, the report, resuming
//! after Ctrl-C (which stops the calls in flight) or a kill, and a rotation never sent twice.

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::{RwLock, RwLockReadGuard};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{API_KEY, Mock, Run, temp_dir, wait_until, write};

const SECRET: &str = "bulk-test-secret-91c2";

/// The timed test runs alone (a write lock); the others share a read lock, so they run beside
/// each other but never beside it, whose figure another run's CPU use would blur.
static TIMED: RwLock<()> = RwLock::new(());

fn untimed() -> RwLockReadGuard<'static, ()> {
    TIMED
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// `n` profile keys, one a line.
fn profiles(dir: &Path, n: usize) -> (String, Vec<String>) {
    let keys: Vec<String> = (0..n)
        .map(|i| format!("bulk-profile-{i:04}-key-abcdef"))
        .collect();
    (write(dir, "profiles.txt", keys.join("\n").as_bytes()), keys)
}

/// The complete lines of a report (a run still writing may have half a line at the end).
fn report_lines(path: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let complete = text.rfind('\n').map_or("", |end| &text[..end]);
    complete
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn count_outcome(path: &str, outcome: &str) -> usize {
    report_lines(path)
        .iter()
        .filter(|r| r["outcome"] == outcome)
        .count()
}

#[test]
fn eight_at_once_take_at_most_a_fifth_of_the_time_of_one_at_a_time() {
    let _alone = TIMED
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mock = Mock::start(&["--latency-ms", "20"]);
    let dir = temp_dir("bulk-speed");
    let (file, keys) = profiles(&dir, 200);
    let timed = |concurrency: &str, action: &str| -> (Duration, Value) {
        let started = Instant::now();
        let run = mock
            .cli()
            .run(&[
                "register",
                "--action",
                action,
                "--url",
                "https://example.com/h",
                "--profiles-file",
                &file,
                "--concurrency",
                concurrency,
                "--json",
            ])
            .expect(0);
        (started.elapsed(), run.json())
    };
    let (one, summary) = timed("1", "feed");
    assert_eq!(summary["done"], 200);
    let before = mock.get("requests")["connections"].as_u64().unwrap();
    let (eight, summary) = timed("8", "social");
    assert_eq!(summary["done"], 200);
    let ratio = eight.as_secs_f64() / one.as_secs_f64();
    eprintln!(
        "bulk register of 200 profiles, 20 ms latency: --concurrency 1 {:.2} s, --concurrency 8 {:.2} s, ratio {ratio:.3}",
        one.as_secs_f64(),
        eight.as_secs_f64()
    );
    assert!(
        ratio <= 0.2,
        "concurrency 8 took {eight:?}, concurrency 1 {one:?}"
    );
    // One shared client: at most 8 connections for the second run (the mock also counts the
    // connection of this GET).
    let opened = mock.get("requests")["connections"].as_u64().unwrap() - before - 1;
    assert!((1..=8).contains(&opened), "{opened} connections");
    for key in &keys {
        assert_eq!(mock.count(key, "register"), 2, "{key}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_report_skips_what_is_done_and_retries_what_failed() {
    let _untimed = untimed();
    // Only the first five profiles exist: the others are refused (403) and retried next time.
    let dir = temp_dir("bulk-report");
    let (file, keys) = profiles(&dir, 8);
    let allowed: Vec<&str> = keys[..5]
        .iter()
        .flat_map(|k| ["--profile-key", k.as_str()])
        .collect();
    let mock = Mock::start(&allowed);
    let report = dir.join("report.jsonl").to_str().unwrap().to_owned();
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    let args = [
        "rotate-secret",
        "--profiles-file",
        &file,
        "--secret-file",
        &secret,
        "--report",
        &report,
    ];

    let first = mock.cli().run(&args).expect(1);
    assert!(
        first.stdout.starts_with(
            "rotate-secret: 8 profiles: 5 done, 3 failed, 0 unknown, 0 already done\n"
        ),
        "{first:?}"
    );
    assert_eq!(
        first
            .stderr
            .matches(": failed: Ayrshare API error (HTTP 403)")
            .count(),
        3,
        "{first:?}"
    );
    let lines = report_lines(&report);
    assert_eq!(
        lines.iter().filter(|r| r["outcome"] == "started").count(),
        8
    );
    let failed: Vec<&Value> = lines.iter().filter(|r| r["outcome"] == "failed").collect();
    assert_eq!(failed.len(), 3);
    assert_eq!(failed[0]["error"], "api");
    assert_eq!(failed[0]["status"], 403);
    assert_eq!(failed[0]["profile"], "***cdef");
    assert_eq!(failed[0]["operation"], "rotate-secret");
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(
        keys.iter().all(|k| !text.contains(k.as_str())),
        "a profile key in the report"
    );
    assert!(!text.contains(SECRET));

    let second = mock
        .cli()
        .run(&[&args[..], &["--json"]].concat())
        .expect(1)
        .json();
    assert_eq!(
        (
            second["done"].as_u64(),
            second["failed"].as_u64(),
            second["alreadyDone"].as_u64()
        ),
        (Some(0), Some(3), Some(5))
    );
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(
            mock.count(key, "rotate"),
            if i < 5 { 1 } else { 2 },
            "{key}"
        );
    }

    // Another command cannot resume this report; a bulk rotation needs one.
    let other = mock
        .cli()
        .run(&[
            "unregister",
            "--action",
            "feed",
            "--profiles-file",
            &file,
            "--report",
            &report,
        ])
        .expect(2);
    assert!(
        other
            .stderr
            .contains("is of another run: rotate-secret instead of unregister"),
        "{other:?}"
    );
    let no_report = mock.cli().run(&args[..5]).expect(2);
    assert!(
        no_report.stderr.contains("needs --report FILE"),
        "{no_report:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unregistering_what_is_not_registered_counts_as_done() {
    let _untimed = untimed();
    let mock = Mock::start(&[]);
    let dir = temp_dir("bulk-unregister");
    let (file, keys) = profiles(&dir, 4);
    mock.cli()
        .run(&[
            "register",
            "--action",
            "batch",
            "--url",
            "https://example.com/b",
            "--profile-key",
            &keys[0],
        ])
        .expect(0);
    let run = mock
        .cli()
        .run(&[
            "unregister",
            "--action",
            "batch",
            "--profiles-file",
            &file,
            "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(run["done"], 4);
    let notes: Vec<&Value> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["note"])
        .collect();
    assert_eq!(
        notes
            .iter()
            .filter(|n| **n == "nothing was registered")
            .count(),
        3
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Starts a bulk rotation of `file` with `report`, waits until `count` lines of the report
/// have `outcome` and then until `ready` holds, sends `signal`, and returns how it ended.
fn rotate_and_signal(
    mock: &Mock,
    file: &str,
    report: &str,
    secret: &str,
    (outcome, count): (&str, usize),
    ready: &dyn Fn() -> bool,
    signal: &str,
) -> Run {
    let child = mock.cli().spawn(&[
        "rotate-secret",
        "--profiles-file",
        file,
        "--secret-file",
        secret,
        "--report",
        report,
        "--concurrency",
        "4",
    ]);
    assert!(
        wait_until(Duration::from_secs(20), || count_outcome(report, outcome)
            >= count),
        "the run did not get to {count} profiles {outcome}"
    );
    assert!(
        wait_until(Duration::from_secs(20), ready),
        "not ready to signal"
    );
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    Run::from(child.wait_with_output().unwrap())
}

#[test]
fn ctrl_c_stops_the_calls_in_flight_and_never_sends_those_rotations_again() {
    let _untimed = untimed();
    // Each answer takes 1.5 s: Ctrl-C comes while four rotations are in flight.
    let mock = Mock::start(&["--latency-ms", "1500"]);
    let dir = temp_dir("bulk-sigint");
    let (file, keys) = profiles(&dir, 8);
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    let report = dir.join("report.jsonl").to_str().unwrap().to_owned();

    // Ctrl-C once the mock has received the four rotations recorded as started (it counts a
    // request when it arrives, before its latency).
    let received = || {
        keys.iter()
            .map(|key| mock.count(key, "rotate"))
            .sum::<u64>()
            == 4
    };
    let stopped = rotate_and_signal(
        &mock,
        &file,
        &report,
        &secret,
        ("started", 4),
        &received,
        "-INT",
    )
    .expect(130);
    assert!(
        stopped
            .stdout
            .contains("rotate-secret: 8 profiles: 0 done, 0 failed, 4 unknown, 0 already done\n"),
        "the calls in flight were stopped, not waited for: {stopped:?}"
    );
    assert!(
        stopped
            .stdout
            .contains("interrupted: 4 profiles not started; run the same command again"),
        "{stopped:?}"
    );
    assert_eq!(
        stopped
            .stderr
            .matches(": unknown: stopped by Ctrl-C while in flight")
            .count(),
        4,
        "{stopped:?}"
    );
    // The report is complete: every rotation started has its outcome after it.
    let lines = report_lines(&report);
    let unknown: Vec<&Value> = lines.iter().filter(|r| r["outcome"] == "unknown").collect();
    assert_eq!(count_outcome(&report, "started"), 4);
    assert_eq!(unknown.len(), 4);
    assert!(
        unknown.iter().all(|r| r["error"] == "cancelled"),
        "{unknown:?}"
    );

    // The mock got those four and applies them once its latency is over: "unknown" is the
    // honest outcome. A resumed run sends the other four and never those again.
    let resumed = mock
        .cli()
        .run(&[
            "rotate-secret",
            "--profiles-file",
            &file,
            "--secret-file",
            &secret,
            "--report",
            &report,
            "--json",
        ])
        .expect(3)
        .json();
    assert_eq!(
        (resumed["done"].as_u64(), resumed["unknown"].as_u64()),
        (Some(4), Some(4)),
        "{resumed}"
    );
    assert!(
        wait_until(Duration::from_secs(5), || keys
            .iter()
            .all(|key| mock.count(key, "rotate") == 1)),
        "every profile rotated once: {}",
        mock.get("requests")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_killed_run_never_sends_a_rotation_twice() {
    let _untimed = untimed();
    let mock = Mock::start(&["--latency-ms", "20"]);
    let dir = temp_dir("bulk-sigkill");
    let (file, keys) = profiles(&dir, 200);
    let secret = write(&dir, "secret.txt", SECRET.as_bytes());
    let report = dir.join("report.jsonl").to_str().unwrap().to_owned();

    // Killed at any moment: a rotation started but not yet sent stays unknown (checked below).
    rotate_and_signal(
        &mock,
        &file,
        &report,
        &secret,
        ("done", 60),
        &|| true,
        "-KILL",
    );
    let in_flight = count_outcome(&report, "started") - count_outcome(&report, "done");
    assert!(
        in_flight <= 4,
        "{in_flight} rotations in flight with --concurrency 4"
    );

    let args = [
        "rotate-secret",
        "--profiles-file",
        &file,
        "--secret-file",
        &secret,
        "--report",
        &report,
        "--json",
    ];
    let resumed = mock
        .cli()
        .run(&args)
        .expect(if in_flight > 0 { 3 } else { 0 });
    let summary = resumed.json();
    assert_eq!(summary["unknown"].as_u64(), Some(in_flight as u64));
    let unknown: Vec<&Value> = summary["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"] == "unknown")
        .collect();
    assert!(
        unknown.iter().all(|r| r["error"] == "interrupted"),
        "{unknown:?}"
    );
    // A third run sends nothing more: the unknown ones stay unknown, the others are done.
    let third = mock.cli().run(&args).json();
    assert_eq!(third["unknown"].as_u64(), Some(in_flight as u64));
    assert_eq!(third["alreadyDone"].as_u64(), Some(200 - in_flight as u64));
    assert_eq!(third["results"], serde_json::json!([]));

    let unknown_lines: Vec<u64> = unknown
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    for (i, key) in keys.iter().enumerate() {
        let sent = mock.count(key, "rotate");
        if unknown_lines.contains(&(i as u64 + 1)) {
            assert!(sent <= 1, "{key}: {sent}");
        } else {
            assert_eq!(sent, 1, "{key}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn on_a_terminal_there_is_a_progress_bar_and_colour_unless_no_color() {
    let _untimed = untimed();
    let mock = Mock::start(&[]);
    let dir = temp_dir("bulk-tty");
    let (file, _) = profiles(&dir, 5);
    let command = format!(
        "{} register --action feed --url https://example.com/h --profiles-file {file}",
        support::BIN
    );
    let under_terminal = |no_color: bool| {
        let mut script = Command::new("script");
        script
            .args(["-qec", &command, "/dev/null"])
            .env("AYRSHARE_API_KEY", API_KEY)
            .env("AYRSHARE_BASE_URL", &mock.base_url)
            .env_remove("NO_COLOR");
        if no_color {
            script.env("NO_COLOR", "1");
        }
        let output = script.output().unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let coloured = under_terminal(false);
    assert!(coloured.contains("\x1b[32m5\x1b[0m done"), "{coloured:?}");
    assert!(
        coloured.contains("profiles,"),
        "no progress bar: {coloured:?}"
    );
    let plain = under_terminal(true);
    assert!(plain.contains("register: 5 profiles: 5 done"), "{plain:?}");
    assert!(!plain.contains("\x1b[32m"), "{plain:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
