//! Printing: text for people (coloured only on a terminal), one JSON document for scripts.

use std::io::{IsTerminal, Write};

use serde_json::Value;

use crate::args::{ColorWhen, OutputArgs};
use crate::failure::Failure;

/// Where and how a command prints.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Print JSON on standard output instead of text.
    pub json: bool,
    stdout_color: bool,
    stderr_color: bool,
}

/// A colour for a piece of text.
#[derive(Debug, Clone, Copy)]
pub enum Tone {
    /// Something that worked.
    Good,
    /// Something that failed.
    Bad,
    /// Something to look at.
    Warn,
    /// Less important detail.
    Dim,
}

impl Output {
    /// The printing the flags and the environment ask for: colour with `--color always`, or
    /// with `auto` on a terminal while NO_COLOR is unset or empty.
    pub fn new(args: OutputArgs) -> Output {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = |terminal: bool| match args.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => terminal && !no_color,
        };
        Output {
            json: args.json,
            stdout_color: color(std::io::stdout().is_terminal()),
            stderr_color: color(std::io::stderr().is_terminal()),
        }
    }

    /// Prints a JSON document on one line of standard output.
    pub fn print_json(&self, value: &Value) {
        println!("{value}");
    }

    /// Prints a line of text on standard output.
    pub fn line(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{text}");
    }

    /// `text` coloured for standard output.
    pub fn paint(&self, tone: Tone, text: &str) -> String {
        paint(self.stdout_color, tone, text)
    }

    /// `text` coloured for standard error.
    pub fn paint_err(&self, tone: Tone, text: &str) -> String {
        paint(self.stderr_color, tone, text)
    }

    /// Prints `warning: message` on standard error.
    pub fn warn(&self, message: &str) {
        eprintln!("{} {message}", self.paint_err(Tone::Warn, "warning:"));
    }

    /// Prints a failure: `{"error": {...}}` on standard output with `--json`, else
    /// `error: message` on standard error.
    pub fn failure(&self, failure: &Failure) {
        if self.json {
            self.print_json(&serde_json::json!({"error": failure.to_json()}));
        } else {
            eprintln!("{} {failure}", self.paint_err(Tone::Bad, "error:"));
            if let Some(hint) = failure.hint() {
                eprintln!("{} {hint}", self.paint_err(Tone::Dim, "hint:"));
            }
        }
    }
}

fn paint(enabled: bool, tone: Tone, text: &str) -> String {
    if !enabled {
        return text.to_owned();
    }
    let code = match tone {
        Tone::Good => "32",
        Tone::Bad => "31;1",
        Tone::Warn => "33",
        Tone::Dim => "2",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}
