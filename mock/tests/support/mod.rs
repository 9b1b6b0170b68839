//! Shared by the mock's tests: the binary started with options, its test endpoints, and a
//! receiver that records what it is sent.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const API_KEY: &str = "e2e-key";

/// The mock binary, killed when dropped.
pub struct MockProcess {
    child: Child,
    pub base_url: String,
}

impl MockProcess {
    /// Starts `ayrshare-webhooks-mock --port 0 --api-key e2e-key` plus `args`, and reads the
    /// base URL it prints first.
    pub fn start(args: &[&str]) -> MockProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ayrshare-webhooks-mock"))
            .args(["--port", "0", "--api-key", API_KEY])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the mock starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        MockProcess {
            child,
            base_url: line.trim().to_owned(),
        }
    }

    /// `http://127.0.0.1:PORT/_mock/<path>`.
    pub fn admin(&self, path: &str) -> String {
        format!("{}/_mock/{path}", self.base_url.trim_end_matches("/api"))
    }

    /// GETs a test endpoint and parses its JSON.
    pub fn get(&self, path: &str) -> Value {
        let body = agent()
            .get(self.admin(path))
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        serde_json::from_str(&body).unwrap()
    }

    /// POSTs JSON to a test endpoint: the status and the parsed answer.
    pub fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let mut answer = agent()
            .post(self.admin(path))
            .header("content-type", "application/json")
            .send(body.to_string())
            .unwrap();
        let status = answer.status().as_u16();
        let text = answer.body_mut().read_to_string().unwrap();
        (status, serde_json::from_str(&text).unwrap())
    }

    /// A raw API request: method, path under /api, headers and body; the status, the
    /// headers and the parsed answer.
    pub fn api(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> (u16, Vec<(String, String)>, Value) {
        let url = format!("{}{path}", self.base_url);
        let mut request = ureq::http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(body.unwrap_or("").to_owned()).unwrap();
        let mut answer = agent().run(request).unwrap();
        let status = answer.status().as_u16();
        let answer_headers = answer
            .headers()
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        let text = answer.body_mut().read_to_string().unwrap();
        (status, answer_headers, serde_json::from_str(&text).unwrap())
    }

    /// Polls `GET /_mock/deliveries` until `done` holds for the list, for at most 10 s.
    pub fn wait_for_deliveries(&self, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let list = self.get("deliveries")["deliveries"]
                .as_array()
                .unwrap()
                .clone();
            if done(&list) || Instant::now() > deadline {
                return list;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .allow_non_standard_methods(true)
        .build()
        .new_agent()
}

/// One request a [`Receiver`] got.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A plain-HTTP receiver on loopback answering each request with the next of `statuses`
/// (the last one repeats), recording what it got.
pub struct Receiver {
    pub port: u16,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    pub fn start(statuses: &[u16]) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let statuses = statuses.to_vec();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(request) = read_request(&mut stream) else {
                    continue;
                };
                let n = {
                    let mut log = log.lock().unwrap();
                    log.push(request);
                    log.len()
                };
                let status = statuses[(n - 1).min(statuses.len() - 1)];
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
                );
            }
        });
        Receiver { port, received }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Received> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_owned();
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
    Some(Received {
        path,
        headers,
        body,
    })
}
