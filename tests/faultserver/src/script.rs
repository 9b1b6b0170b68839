//! What the server does: a script of steps, one per request received, the last repeating.

use std::fmt;
use std::str::FromStr;

/// How the server treats one request. Every step first reads the whole request (so it is
/// counted), then misbehaves, or answers, as named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `silent`: never answers; holds the connection open until the client gives up.
    Silent,
    /// `stall-body`: sends a 200's headers with `Content-Length: 64`, then no body, holding
    /// the connection open.
    StallBody,
    /// `reset`: sends the start of a 200 answer, then resets the connection (TCP RST, by
    /// closing with `SO_LINGER` 0).
    Reset,
    /// `close`: closes the connection (FIN) without answering.
    Close,
    /// `truncated`: a 200 whose `Content-Length` is 100 bytes more than the complete, valid
    /// success body that is sent; then closes.
    Truncated,
    /// `huge`: a 200 with a valid JSON body of 10 MiB ([`HUGE_BODY_BYTES`]), streamed.
    Huge,
    /// `gzip-bomb`: a 200 with `Content-Encoding: gzip` whose 10 KiB body inflates to a valid
    /// 10 MiB JSON success body.
    GzipBomb,
    /// `garbage`: bytes that are not HTTP, then closes.
    Garbage,
    /// `drip`: a valid 200 answer (keep-alive), sent one byte every 100 ms from its first byte.
    Drip,
    /// `drip-body`: a 200's headers at once, then its body one byte every 100 ms.
    DripBody,
    /// `mirror`: sends the request's own bytes back as the "answer", then closes.
    Mirror,
    /// `hangup`: a well-formed 200 answer without `Connection: close`, then the server closes
    /// the connection, as a server whose keep-alive timeout is short does.
    Hangup,
    /// `STATUS` or `STATUS:SECONDS`: a well-formed answer with this status (keep-alive): the
    /// documented success body for the path when 2xx, an Ayrshare-shaped JSON error body
    /// otherwise, and `Retry-After: SECONDS` when given (as in `429:1`).
    Status {
        /// The HTTP status, 100 to 599.
        status: u16,
        /// The `Retry-After` header value in seconds, if any.
        retry_after: Option<u64>,
    },
    /// `echo` or `echo:STATUS` (default 200): a `text/plain` body that repeats the request,
    /// its `Authorization` and `Profile-Key` lines and its body first (keep-alive).
    Echo {
        /// The HTTP status.
        status: u16,
    },
    /// `slow:MILLISECONDS`: waits that long, then answers as `200` does (keep-alive): a server
    /// adding latency to every request.
    Slow {
        /// The wait before answering.
        millis: u64,
    },
    /// `echo-json` or `echo-json:STATUS` (default 400): an Ayrshare-shaped JSON error whose
    /// `message`, and `errors[0]` fields, repeat the request as `echo` does (keep-alive).
    EchoJson {
        /// The HTTP status.
        status: u16,
    },
}

/// Size of the body the `huge` step sends: 10 MiB.
pub const HUGE_BODY_BYTES: usize = 10 * 1024 * 1024;

/// Pause between two bytes of the `drip` and `drip-body` steps.
pub const DRIP_INTERVAL_MS: u64 = 100;

impl FromStr for Step {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (name, argument) = match text.split_once(':') {
            Some((name, argument)) => (name, Some(argument)),
            None => (text, None),
        };
        let plain = |step: Step| match argument {
            None => Ok(step),
            Some(_) => Err(format!("step {name:?} takes no `:` argument")),
        };
        match name {
            "silent" => plain(Step::Silent),
            "stall-body" => plain(Step::StallBody),
            "reset" => plain(Step::Reset),
            "close" => plain(Step::Close),
            "truncated" => plain(Step::Truncated),
            "huge" => plain(Step::Huge),
            "gzip-bomb" => plain(Step::GzipBomb),
            "garbage" => plain(Step::Garbage),
            "drip" => plain(Step::Drip),
            "drip-body" => plain(Step::DripBody),
            "mirror" => plain(Step::Mirror),
            "hangup" => plain(Step::Hangup),
            "echo" => Ok(Step::Echo {
                status: argument.map_or(Ok(200), parse_status)?,
            }),
            "slow" => Ok(Step::Slow {
                millis: argument
                    .and_then(|ms| ms.parse().ok())
                    .filter(|ms| *ms <= 60_000)
                    .ok_or_else(|| {
                        "step \"slow\" takes :MILLISECONDS (at most 60000)".to_owned()
                    })?,
            }),
            "echo-json" => Ok(Step::EchoJson {
                status: argument.map_or(Ok(400), parse_status)?,
            }),
            digits if digits.bytes().all(|b| b.is_ascii_digit()) && !digits.is_empty() => {
                let retry_after = argument
                    .map(|seconds| {
                        seconds
                            .parse::<u64>()
                            .map_err(|_| format!("bad Retry-After seconds {seconds:?}"))
                    })
                    .transpose()?;
                Ok(Step::Status {
                    status: parse_status(digits)?,
                    retry_after,
                })
            }
            other => Err(format!("unknown step {other:?}")),
        }
    }
}

fn parse_status(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(status @ 100..=599) => Ok(status),
        _ => Err(format!("bad HTTP status {text:?} (expected 100 to 599)")),
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Silent => f.write_str("silent"),
            Step::StallBody => f.write_str("stall-body"),
            Step::Reset => f.write_str("reset"),
            Step::Close => f.write_str("close"),
            Step::Truncated => f.write_str("truncated"),
            Step::Huge => f.write_str("huge"),
            Step::GzipBomb => f.write_str("gzip-bomb"),
            Step::Garbage => f.write_str("garbage"),
            Step::Drip => f.write_str("drip"),
            Step::DripBody => f.write_str("drip-body"),
            Step::Mirror => f.write_str("mirror"),
            Step::Hangup => f.write_str("hangup"),
            Step::Status {
                status,
                retry_after: None,
            } => write!(f, "{status}"),
            Step::Status {
                status,
                retry_after: Some(seconds),
            } => write!(f, "{status}:{seconds}"),
            Step::Echo { status } => write!(f, "echo:{status}"),
            Step::Slow { millis } => write!(f, "slow:{millis}"),
            Step::EchoJson { status } => write!(f, "echo-json:{status}"),
        }
    }
}

/// A non-empty sequence of steps: request *n* (counted from 0 across all connections) gets
/// step *n*, and the last step repeats for every later request.
///
/// Written as steps separated by commas or whitespace: `"503,503,200"`, `"429:1 200"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script(Vec<Step>);

impl Script {
    /// A script of `steps`; `None` when `steps` is empty.
    pub fn new(steps: Vec<Step>) -> Option<Script> {
        (!steps.is_empty()).then_some(Script(steps))
    }

    /// The step for request number `index` (from 0).
    pub fn step(&self, index: usize) -> Step {
        self.0[index.min(self.0.len() - 1)]
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.0
    }
}

impl FromStr for Script {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let steps = text
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|token| !token.is_empty())
            .map(str::parse)
            .collect::<Result<Vec<Step>, String>>()?;
        Script::new(steps).ok_or_else(|| "a script needs at least one step".to_owned())
    }
}

impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_step_and_round_trips() {
        let text = "silent,stall-body,reset,close,truncated,huge,gzip-bomb,garbage,drip,drip-body,\
                    mirror,hangup,200,503,429:1,429,echo:200,echo-json:401";
        let script: Script = text.parse().unwrap();
        assert_eq!(script.steps().len(), 18);
        assert_eq!(script.to_string(), text);
        assert_eq!(
            script.step(14),
            Step::Status {
                status: 429,
                retry_after: Some(1)
            }
        );
        assert_eq!("echo".parse::<Step>().unwrap(), Step::Echo { status: 200 });
        assert_eq!(
            "echo-json".parse::<Step>().unwrap(),
            Step::EchoJson { status: 400 }
        );
    }

    #[test]
    fn last_step_repeats() {
        let script: Script = "503 503\t200".parse().unwrap();
        assert_eq!(script.step(1).to_string(), "503");
        assert_eq!(script.step(2).to_string(), "200");
        assert_eq!(script.step(1000).to_string(), "200");
    }

    #[test]
    fn rejects_bad_scripts() {
        for bad in [
            "", " , ", "nope", "99", "600", "429:soon", "silent:1", "echo:x",
        ] {
            assert!(bad.parse::<Script>().is_err(), "{bad:?}");
        }
    }
}
