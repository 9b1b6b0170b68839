//! The report of a bulk run: one JSON line per profile and step, appended as it happens, and
//! read back to resume.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;

use crate::bulk::operation::Operation;
use crate::failure::Failure;

/// What earlier runs recorded last for a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Past {
    /// Done: skip it.
    Done,
    /// Failed without effect: try again.
    Failed,
    /// A rotation recorded as started with no outcome after it: the run died in flight.
    Started,
    /// Its outcome is unknown: never send again.
    Unknown,
}

/// The last state of each profile (by fingerprint) in an existing report.
///
/// # Errors
/// [`Failure::Usage`] when the report cannot be read, or records another command or other
/// parameters than this run's.
pub fn read_past(path: &Path, operation: &Operation) -> Result<HashMap<String, Past>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Err(e) => {
            return Err(Failure::Usage(format!(
                "cannot read the report {}: {e}",
                path.display()
            )));
        }
    };
    let mut past = HashMap::new();
    for (index, line) in text.lines().enumerate() {
        // A line cut short by a crash is skipped: it was written before its call was made.
        let Ok(record) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let mismatch = |what: &str| {
            Failure::Usage(format!(
                "the report {} (line {}) is of another run: {what}; give this run its own --report",
                path.display(),
                index + 1
            ))
        };
        if record["operation"] != operation.name() {
            let other = record["operation"].as_str().unwrap_or("another command");
            return Err(mismatch(&format!(
                "{other} instead of {}",
                operation.name()
            )));
        }
        if record["parameters"] != operation.parameters() {
            return Err(mismatch(&format!(
                "{} instead of {}",
                record["parameters"],
                operation.parameters()
            )));
        }
        let (Some(id), Some(outcome)) = (record["id"].as_str(), record["outcome"].as_str()) else {
            continue;
        };
        let state = match outcome {
            "done" => Past::Done,
            "failed" => Past::Failed,
            "started" => Past::Started,
            _ => Past::Unknown,
        };
        past.insert(id.to_owned(), state);
    }
    Ok(past)
}

/// A report open for appending; lines from several threads never interleave.
pub struct Report {
    file: Mutex<File>,
    path: PathBuf,
}

impl Report {
    /// Opens (or creates) the report for appending.
    ///
    /// # Errors
    /// [`Failure::Usage`] when it cannot be opened.
    pub fn open(path: &Path) -> Result<Report, Failure> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| {
                Failure::Usage(format!("cannot open the report {}: {e}", path.display()))
            })?;
        Ok(Report {
            file: Mutex::new(file),
            path: path.to_owned(),
        })
    }

    /// Where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `record` as one line in one write; with `durable`, waits until it is on disk
    /// (a rotation's "started" line must outlive a crash of the machine, not just of the run).
    ///
    /// # Errors
    /// The I/O error of writing.
    pub fn append(&self, record: &Value, durable: bool) -> io::Result<()> {
        let mut line = record.to_string();
        line.push('\n');
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        file.write_all(line.as_bytes())?;
        if durable {
            file.sync_data()?;
        }
        Ok(())
    }
}
