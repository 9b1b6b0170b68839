//! Running one operation over every profile of a file: bounded concurrency on one client, a
//! progress bar on a terminal, a report that makes the run resumable, a clean stop on Ctrl-C
//! that also stops the calls in flight.

pub mod operation;
pub mod profiles;
pub mod report;

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use ayrshare_webhooks::{Client, Error};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Value, json};

use crate::args::{ApiArgs, BulkArgs};
use crate::client::{self, Profiles};
use crate::failure::{
    EXIT_INTERRUPTED, EXIT_NO_ANSWER, EXIT_OK, EXIT_REFUSED, Failure, error_json,
};
use crate::interrupt::Stop;
use crate::output::{Output, Tone};
use operation::{Operation, Outcome};
use profiles::Profile;
use report::{Past, Report};

/// The counts a run ends with.
#[derive(Default)]
struct Tally {
    done: usize,
    failed: usize,
    unknown: usize,
    already_done: usize,
}

/// What the worker threads share.
struct Run<'a> {
    operation: &'a Operation,
    client: &'a Client,
    stop: &'a Stop,
    report: Option<&'a Report>,
    output: &'a Output,
    progress: &'a ProgressBar,
    results: Mutex<(Tally, Vec<Value>)>,
}

/// Runs `operation` for every profile of `bulk.profiles_file` and prints the summary; returns
/// the exit status.
///
/// # Errors
/// [`Failure`] when the run cannot start (no report for a rotation, unreadable files, a report
/// of another run, no API key) or the report cannot be written.
pub fn run(
    operation: &Operation,
    path: &std::path::Path,
    api: &ApiArgs,
    bulk: &BulkArgs,
    output: &Output,
) -> Result<u8, Failure> {
    if operation.is_rotation() && bulk.report.is_none() {
        return Err(Failure::Usage(
            "a bulk rotate-secret needs --report FILE: the report is what keeps a rotation from being sent twice when the run is resumed".to_owned(),
        ));
    }
    let client = client::build(api, Profiles::PerCall)?;
    let (profiles, repeated) = profiles::read(path, &client)?;
    let past = match &bulk.report {
        Some(path) => report::read_past(path, operation)?,
        None => Default::default(),
    };
    let report = bulk.report.as_deref().map(Report::open).transpose()?;
    let stop = Stop::on_signals()?;
    // Ctrl-C also ends the calls in flight, within about 100 ms.
    let client = client.with_cancel_when(stop.check());

    let progress = progress_bar(profiles.len() as u64, operation.name());
    let run = Run {
        operation,
        client: &client,
        stop: &stop,
        report: report.as_ref(),
        output,
        progress: &progress,
        results: Mutex::new((Tally::default(), Vec::new())),
    };
    let mut todo: Vec<&Profile> = Vec::new();
    for profile in &profiles {
        match past.get(&profile.id) {
            Some(Past::Done) => run.tally(|t| t.already_done += 1),
            Some(Past::Unknown) => run.tally(|t| t.unknown += 1),
            Some(Past::Started) => run.record_unfinished_rotation(profile)?,
            Some(Past::Failed) | None => {
                todo.push(profile);
                continue;
            }
        }
        progress.inc(1);
    }

    let next = AtomicUsize::new(0);
    let broken = AtomicBool::new(false);
    let workers = usize::from(bulk.concurrency).min(todo.len()).max(1);
    let written: Result<(), Failure> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<(), Failure> {
                    while !stop.requested() && !broken.load(Ordering::SeqCst) {
                        let index = next.fetch_add(1, Ordering::SeqCst);
                        let Some(profile) = todo.get(index) else {
                            break;
                        };
                        // A report that cannot be written stops every worker.
                        run.one(profile)
                            .inspect_err(|_| broken.store(true, Ordering::SeqCst))?;
                    }
                    Ok(())
                })
            })
            .collect();
        let mut outcome = Ok(());
        for handle in handles {
            let joined = handle
                .join()
                .unwrap_or_else(|_| Err(Failure::Usage("a worker panicked".into())));
            outcome = outcome.and(joined);
        }
        outcome
    });
    progress.finish_and_clear();
    written?;

    let interrupted = stop.requested();
    let not_started = todo.len().saturating_sub(next.load(Ordering::SeqCst));
    let (tally, results) = run.results.into_inner().unwrap_or_else(|e| e.into_inner());
    let summary = Summary {
        operation: operation.name(),
        profiles: profiles.len(),
        repeated,
        tally: &tally,
        not_started: if interrupted { not_started } else { 0 },
        interrupted,
        report: report.as_ref(),
    };
    summary.print(output, results);
    Ok(if interrupted {
        EXIT_INTERRUPTED
    } else if tally.unknown > 0 {
        EXIT_NO_ANSWER
    } else if tally.failed > 0 {
        EXIT_REFUSED
    } else {
        EXIT_OK
    })
}

impl Run<'_> {
    fn tally(&self, change: impl FnOnce(&mut Tally)) {
        change(&mut self.results.lock().unwrap_or_else(|e| e.into_inner()).0);
    }

    /// Makes the call for one profile and records it (a rotation: first as started).
    fn one(&self, profile: &Profile) -> Result<(), Failure> {
        let started = Instant::now();
        let result = match &profile.invalid {
            Some(error) => Err(error.clone()),
            None => {
                if self.operation.is_rotation() {
                    self.append(&self.record(profile, "started"), true)?;
                    if self.stop.requested() {
                        // Ctrl-C while the line was written: provably not sent.
                        return self.record_interrupted_before_sending(profile);
                    }
                }
                self.operation.run(self.client, &profile.key)
            }
        };
        let elapsed = started.elapsed();
        let (outcome, mut record) = match &result {
            Ok(note) => {
                let mut record = self.record(profile, Outcome::Done.as_str());
                if let Some(note) = note {
                    record["note"] = (*note).into();
                }
                (Outcome::Done, record)
            }
            Err(error) => {
                let outcome = self.operation.classify(error);
                let mut record = self.record(profile, outcome.as_str());
                if let (Value::Object(record), Value::Object(error)) =
                    (&mut record, error_json(error))
                {
                    record.insert("error".into(), error["kind"].clone());
                    for (key, value) in error {
                        if key != "kind" {
                            record.insert(key, value);
                        }
                    }
                }
                if outcome == Outcome::Unknown && matches!(error, Error::Cancelled) {
                    record["message"] = "stopped by Ctrl-C while in flight: it may have reached Ayrshare, so it is never sent again (check the profile's deliveries, then remove its lines from the report to rotate it again)".into();
                }
                (outcome, record)
            }
        };
        record["elapsedMs"] = (elapsed.as_millis() as u64).into();
        self.append(&record, false)?;
        if outcome != Outcome::Done {
            self.say(profile, outcome, record["message"].as_str().unwrap_or(""));
        }
        self.finish(outcome, record);
        Ok(())
    }

    /// A rotation recorded as started, then not sent because Ctrl-C came first: failed, so a
    /// resumed run sends it.
    fn record_interrupted_before_sending(&self, profile: &Profile) -> Result<(), Failure> {
        let mut record = self.record(profile, Outcome::Failed.as_str());
        record["error"] = "interrupted".into();
        record["message"] = "not sent: Ctrl-C came first".into();
        self.append(&record, false)?;
        self.finish(Outcome::Failed, record);
        Ok(())
    }

    /// A rotation an earlier run started without recording its outcome: never sent again.
    fn record_unfinished_rotation(&self, profile: &Profile) -> Result<(), Failure> {
        let mut record = self.record(profile, Outcome::Unknown.as_str());
        record["error"] = "interrupted".into();
        record["message"] = "an earlier run sent this rotation and stopped before its answer; not sent again (check the profile's deliveries, then remove its lines from the report to rotate it again)".into();
        self.append(&record, false)?;
        self.finish(Outcome::Unknown, record);
        Ok(())
    }

    fn finish(&self, outcome: Outcome, record: Value) {
        let mut results = self.results.lock().unwrap_or_else(|e| e.into_inner());
        match outcome {
            Outcome::Done => results.0.done += 1,
            Outcome::Failed => results.0.failed += 1,
            Outcome::Unknown => results.0.unknown += 1,
        }
        results.1.push(record);
        drop(results);
        self.progress.inc(1);
    }

    fn record(&self, profile: &Profile, outcome: &str) -> Value {
        json!({
            "profile": profile.masked,
            "id": profile.id,
            "line": profile.line,
            "operation": self.operation.name(),
            "parameters": self.operation.parameters(),
            "outcome": outcome,
        })
    }

    fn append(&self, record: &Value, durable: bool) -> Result<(), Failure> {
        let Some(report) = self.report else {
            return Ok(());
        };
        report.append(record, durable).map_err(|e| {
            Failure::Usage(format!(
                "cannot write the report {}: {e}",
                report.path().display()
            ))
        })
    }

    /// One line on standard error for a profile that did not succeed (not with `--json`).
    fn say(&self, profile: &Profile, outcome: Outcome, message: &str) {
        if self.output.json {
            return;
        }
        let label = self.output.paint_err(
            match outcome {
                Outcome::Unknown => Tone::Warn,
                _ => Tone::Bad,
            },
            outcome.as_str(),
        );
        self.progress.suspend(|| {
            eprintln!(
                "line {} ({}): {label}: {message}",
                profile.line, profile.masked
            );
        });
    }
}

/// A bar on standard error when it is a terminal; hidden otherwise.
fn progress_bar(total: u64, name: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{prefix} [{bar:40}] {pos}/{len} profiles, {elapsed} (eta {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(name.to_owned());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// What the run prints at the end.
struct Summary<'a> {
    operation: &'static str,
    profiles: usize,
    repeated: usize,
    tally: &'a Tally,
    not_started: usize,
    interrupted: bool,
    report: Option<&'a Report>,
}

impl Summary<'_> {
    fn print(&self, output: &Output, results: Vec<Value>) {
        let t = self.tally;
        if output.json {
            output.print_json(&json!({
                "operation": self.operation,
                "profiles": self.profiles,
                "repeated": self.repeated,
                "done": t.done,
                "failed": t.failed,
                "unknown": t.unknown,
                "alreadyDone": t.already_done,
                "notStarted": self.not_started,
                "interrupted": self.interrupted,
                "report": self.report.map(|r| r.path().display().to_string()),
                "results": results,
            }));
            return;
        }
        let mut line = format!(
            "{}: {} profiles: {} done, {} failed, {} unknown, {} already done",
            self.operation,
            self.profiles,
            output.paint(Tone::Good, &t.done.to_string()),
            paint_count(output, Tone::Bad, t.failed),
            paint_count(output, Tone::Warn, t.unknown),
            t.already_done,
        );
        if self.repeated > 0 {
            line.push_str(&format!(" ({} repeated keys skipped)", self.repeated));
        }
        output.line(&line);
        if let Some(report) = self.report {
            output.line(&output.paint(Tone::Dim, &format!("report: {}", report.path().display())));
        }
        if self.interrupted {
            let resume = match self.report {
                Some(_) => "run the same command again to resume",
                None => "with --report FILE, a run again would skip the profiles done",
            };
            output.line(&format!(
                "interrupted: {} profiles not started; {resume}",
                self.not_started
            ));
        }
    }
}

fn paint_count(output: &Output, tone: Tone, count: usize) -> String {
    if count == 0 {
        count.to_string()
    } else {
        output.paint(tone, &count.to_string())
    }
}
