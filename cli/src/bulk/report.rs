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

/// Whether `file` is not empty and does not end with a line break.
fn ends_mid_line(file: &mut File) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// A report open for appending; lines from several threads never interleave.
pub struct Report {
    file: Mutex<File>,
    path: PathBuf,
}

impl Report {
    /// Opens (or creates) the report for appending. A last line cut short (by a crash of the
    /// machine) is ended first, so the next record starts a line of its own.
    ///
    /// # Errors
    /// [`Failure::Usage`] when it cannot be opened.
    pub fn open(path: &Path) -> Result<Report, Failure> {
        let cannot = |e: io::Error| {
            Failure::Usage(format!("cannot open the report {}: {e}", path.display()))
        };
        let mut file = OpenOptions::new()
            .create(true)
            .read(true)
            .append(true)
            .open(path)
            .map_err(cannot)?;
        if ends_mid_line(&mut file).map_err(cannot)? {
            file.write_all(b"\n").map_err(cannot)?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_line_cut_short_is_skipped_and_ended_before_the_next() {
        let dir = std::env::temp_dir().join(format!("ayr-cli-report-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("report.jsonl");
        let operation = Operation::Rotate { secret: "s".into() };
        let line = |id: &str, outcome: &str| json!({"id": id, "operation": "rotate-secret", "parameters": {}, "outcome": outcome});
        std::fs::write(
            &path,
            format!("{}\n{{\"id\": \"b\", \"oper", line("a", "started")),
        )
        .unwrap();
        let report = Report::open(&path).unwrap();
        report.append(&line("a", "done"), false).unwrap();
        report.append(&line("b", "started"), true).unwrap();
        let past = read_past(&path, &operation).unwrap();
        assert_eq!(past.get("a"), Some(&Past::Done));
        assert_eq!(past.get("b"), Some(&Past::Started));
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 4);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
