//! The control endpoint: a well-behaved HTTP server that reports and resets the counters.
//!
//! - `GET /stats`: `200 {"connections": n, "requests": m, "handshakes": h, "script": "503,503,200"}`
//!   (`handshakes`: completed TLS handshakes, for a server started with `--tls`);
//! - `POST /reset` with an empty body, or a new script as the body: zeroes the counters,
//!   restarts (or replaces) the script, and answers like `/stats`; `400 {"error": …}` for a bad
//!   script;
//! - anything else: `404 {"error": …}`.
//!
//! Every answer carries `Connection: close`.

use std::io::BufReader;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::atomic::Ordering;

use serde_json::json;

use crate::http::{self, Connection};
use crate::{Script, State};

/// Serves control requests until the server stops.
pub(crate) fn serve(listener: &TcpListener, state: &Arc<State>) {
    for stream in listener.incoming() {
        if state.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let state = Arc::clone(state);
        let _ = std::thread::Builder::new()
            .name("faultserver-control-conn".into())
            .spawn(move || answer(stream, &state));
    }
}

fn answer(stream: TcpStream, state: &State) {
    // The control connection is not stopped by the server's flag: it is short-lived.
    let Ok(conn) = Connection::new(stream, Arc::new(AtomicBool::new(false))) else {
        return;
    };
    let mut reader = BufReader::new(conn);
    let Ok(Some(request)) = http::read_request(&mut reader) else {
        return;
    };
    let (status, body) = match (request.method.as_str(), request.path()) {
        ("GET", "/stats") => (200, stats(state)),
        ("POST", "/reset") => {
            let text = String::from_utf8_lossy(&request.body);
            if text.trim().is_empty() {
                state.reset(None);
                (200, stats(state))
            } else {
                match text.parse::<Script>() {
                    Ok(script) => {
                        state.reset(Some(script));
                        (200, stats(state))
                    }
                    Err(e) => (400, json!({ "error": e })),
                }
            }
        }
        _ => (404, json!({"error": "try GET /stats or POST /reset"})),
    };
    let bytes = http::response(
        status,
        "application/json",
        &["Connection: close".to_owned()],
        body.to_string().as_bytes(),
    );
    let _ = reader.get_mut().send(&bytes);
}

fn stats(state: &State) -> serde_json::Value {
    let (connections, requests) = state.stats();
    json!({
        "connections": connections,
        "requests": requests,
        "handshakes": state.handshakes.load(Ordering::SeqCst),
        "tls_connections": state.tls_connections.load(Ordering::SeqCst),
        "script": state.script_text(),
    })
}
