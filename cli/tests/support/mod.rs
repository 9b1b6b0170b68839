//! Shared by the CLI's tests: the mock started through `ayrshare-webhooks mock`, the CLI run
//! with a clean environment, and receivers written with the Rust crate.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ayrshare_webhooks::{Verifier, parse_delivery};
use serde_json::Value;

pub const API_KEY: &str = "cli-test-api-key-0123456789";
pub const BIN: &str = env!("CARGO_BIN_EXE_ayrshare-webhooks");

/// The environment variables the CLI reads, removed from every run it is not given.
const ENV: [&str; 14] = [
    "AYRSHARE_API_KEY",
    "AYRSHARE_PROFILE_KEY",
    "AYRSHARE_BASE_URL",
    "AYRSHARE_WEBHOOK_SECRET",
    "AYRSHARE_CA_BUNDLE",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
    "NO_COLOR",
];

/// `ayrshare-webhooks mock --port 0 --api-key API_KEY ARGS...`, killed when dropped.
pub struct Mock {
    child: Child,
    pub base_url: String,
}

impl Mock {
    pub fn start(args: &[&str]) -> Mock {
        let mut child = Command::new(BIN)
            .args(["mock", "--port", "0", "--api-key", API_KEY])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the mock starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.starts_with("http://127.0.0.1:"), "{line:?}");
        Mock {
            child,
            base_url: line.trim().to_owned(),
        }
    }

    /// The CLI with `AYRSHARE_API_KEY` and `AYRSHARE_BASE_URL` set for this mock.
    pub fn cli(&self) -> Cli {
        Cli::new()
            .env("AYRSHARE_API_KEY", API_KEY)
            .env("AYRSHARE_BASE_URL", &self.base_url)
    }

    /// `GET /_mock/<path>`, parsed.
    pub fn get(&self, path: &str) -> Value {
        let url = format!("{}/_mock/{path}", self.base_url.trim_end_matches("/api"));
        let text = agent()
            .get(url)
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    /// `POST /_mock/<path>` with JSON: the status and the parsed answer.
    pub fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let url = format!("{}/_mock/{path}", self.base_url.trim_end_matches("/api"));
        let mut answer = agent().post(url).send(body.to_string()).unwrap();
        let status = answer.status().as_u16();
        let text = answer.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&text).unwrap())
    }

    /// How many requests of `operation` the mock got for `profile`.
    pub fn count(&self, profile: &str, operation: &str) -> u64 {
        self.get("requests")["profiles"][profile][operation]
            .as_u64()
            .unwrap_or(0)
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .new_agent()
}

/// One run of the CLI.
pub struct Cli {
    command: Command,
    stdin: Vec<u8>,
}

impl Cli {
    /// The CLI with none of its environment variables set.
    pub fn new() -> Cli {
        let mut command = Command::new(BIN);
        for name in ENV {
            command.env_remove(name);
        }
        Cli {
            command,
            stdin: Vec::new(),
        }
    }

    pub fn env(mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> Cli {
        self.command.env(name, value);
        self
    }

    pub fn env_remove(mut self, name: &str) -> Cli {
        self.command.env_remove(name);
        self
    }

    pub fn stdin(mut self, bytes: &[u8]) -> Cli {
        self.stdin = bytes.to_vec();
        self
    }

    /// Runs with `args` to the end.
    pub fn run(mut self, args: &[&str]) -> Run {
        let mut child = self
            .command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the CLI starts");
        let mut stdin = child.stdin.take().unwrap();
        let bytes = std::mem::take(&mut self.stdin);
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        });
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Run::from(output)
    }

    /// Starts with `args`, output captured, for the test to signal or wait on.
    pub fn spawn(mut self, args: &[&str]) -> Child {
        self.command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the CLI starts")
    }
}

/// What a run printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        }
    }
}

impl Run {
    /// Standard output as the one JSON document `--json` prints.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {self:?}"))
    }

    /// Asserts the exit status, showing the output when it is another.
    pub fn expect(self, code: i32) -> Run {
        assert_eq!(self.code, code, "{self:#?}");
        self
    }
}

/// A fresh directory under the system's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ayr-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes `text` to `dir/name` and returns the path as a string.
pub fn write(dir: &Path, name: &str, text: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// One delivery a [`Receiver`] got, and what it answered.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub status: u16,
}

/// A receiver written with the Rust crate: it verifies each POST with `secret` (any delivery
/// when `secret` is `None`) and answers 204, or 401 with the reason.
pub struct Receiver {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    pub fn start(secret: Option<&str>) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://127.0.0.1:{}/hooks",
            listener.local_addr().unwrap().port()
        );
        let verifier = secret.map(|s| Verifier::new(s).unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some((headers, body)) = read_request(&mut stream) else {
                    continue;
                };
                let verdict = match &verifier {
                    None => Ok(()),
                    Some(v) => v
                        .verify(headers.iter().map(|(k, v)| (k, v)), &body)
                        .map_err(|e| e.code())
                        .and_then(|()| {
                            parse_delivery(&body)
                                .map(|_| ())
                                .map_err(|_| "not a delivery")
                        }),
                };
                let (status, answer) = match verdict {
                    Ok(()) => (204, ""),
                    Err(reason) => (401, reason),
                };
                log.lock().unwrap().push(Received {
                    headers,
                    body,
                    status,
                });
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                    answer.len()
                );
            }
        });
        Receiver { url, received }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Header pairs, in order.
type Headers = Vec<(String, String)>;

fn read_request(stream: &mut std::net::TcpStream) -> Option<(Headers, Vec<u8>)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let (name, value) = trimmed.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some((headers, body))
}

/// A server that accepts connections and never answers; counts what it accepted.
pub struct Silent {
    pub url: String,
    pub accepted: Arc<Mutex<usize>>,
}

impl Silent {
    pub fn start() -> Silent {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://127.0.0.1:{}/api",
            listener.local_addr().unwrap().port()
        );
        let accepted = Arc::new(Mutex::new(0));
        let count = Arc::clone(&accepted);
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming().flatten() {
                *count.lock().unwrap() += 1;
                held.push(stream);
            }
        });
        Silent { url, accepted }
    }
}

/// Waits until `done` holds, for at most `limit`.
pub fn wait_until(limit: Duration, done: impl Fn() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    done()
}
