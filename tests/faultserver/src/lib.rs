//! A scripted misbehaving HTTP server on 127.0.0.1, for proving that the SDK answers every
//! network fault with the right typed error, on time.
//!
//! The server plays a [`Script`]: one [`Step`] per request it receives (counted from 0 across
//! all connections), the last step repeating. Steps that answer properly keep the connection
//! alive, so connection reuse can be counted with [`FaultServer::connections`].
//!
//! ```
//! use ayrshare_faultserver::FaultServer;
//!
//! let server = FaultServer::start("503,503,200");
//! assert!(server.base_url().starts_with("http://127.0.0.1:"));
//! assert_eq!((server.connections(), server.requests()), (0, 0));
//! // ... point a client at server.base_url(), then assert on server.requests() ...
//! ```
//!
//! The `ayrshare-faultserver` binary serves the same scripts to the C and Python suites; see
//! the crate's README for its command line and control endpoint.

#![warn(missing_docs)]

pub mod bad_inputs;
mod bodies;
mod control;
mod http;
mod linger;
mod play;
mod script;
pub mod tinyproxy;
mod tls;

use std::io::{self, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

pub use bodies::{LISTED, REF_ID, error_code, error_message};
pub use script::{DRIP_INTERVAL_MS, HUGE_BODY_BYTES, Script, Step};
pub use tls::{CertKind, Pki};

use http::Connection;
use play::After;

/// What the accept loop, the connection threads and the control endpoint share.
pub(crate) struct State {
    script: RwLock<Script>,
    connections: AtomicUsize,
    requests: AtomicUsize,
    /// Connections the server closed after playing a step that ends them.
    closed: AtomicUsize,
    /// Connections accepted by the TLS front, if there is one.
    tls_connections: AtomicUsize,
    /// Completed TLS handshakes on the TLS front.
    handshakes: AtomicUsize,
    stopping: Arc<AtomicBool>,
}

impl State {
    fn stats(&self) -> (usize, usize) {
        (
            self.connections.load(Ordering::SeqCst),
            self.requests.load(Ordering::SeqCst),
        )
    }

    fn reset(&self, script: Option<Script>) {
        let mut current = self.script.write().unwrap_or_else(|e| e.into_inner());
        if let Some(script) = script {
            *current = script;
        }
        self.connections.store(0, Ordering::SeqCst);
        self.requests.store(0, Ordering::SeqCst);
        self.closed.store(0, Ordering::SeqCst);
        self.handshakes.store(0, Ordering::SeqCst);
        self.tls_connections.store(0, Ordering::SeqCst);
    }

    fn script_text(&self) -> String {
        self.script
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .to_string()
    }
}

/// A running fault server on `127.0.0.1` (an ephemeral port). It stops when dropped: the
/// listener closes, and open connections are closed within about 50 ms.
pub struct FaultServer {
    addr: SocketAddr,
    state: Arc<State>,
    accept: Option<JoinHandle<()>>,
    control: Mutex<Option<SocketAddr>>,
    /// The TLS front's address and the PEM of the CA that issued its certificate.
    tls: Option<(SocketAddr, String)>,
}

impl FaultServer {
    /// Starts a server playing `script` (steps separated by commas or spaces, such as
    /// `"503,503,200"`; see [`Step`]).
    ///
    /// # Panics
    /// When the script is invalid or no port can be bound: this is a test helper.
    pub fn start(script: &str) -> FaultServer {
        let script: Script = script
            .parse()
            .unwrap_or_else(|e| panic!("invalid fault script {script:?}: {e}"));
        FaultServer::try_start(script).expect("bind a fault server on 127.0.0.1")
    }

    /// Starts a server playing `script`.
    ///
    /// # Errors
    /// When no port on 127.0.0.1 can be bound.
    pub fn try_start(script: Script) -> io::Result<FaultServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            script: RwLock::new(script),
            connections: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            closed: AtomicUsize::new(0),
            tls_connections: AtomicUsize::new(0),
            handshakes: AtomicUsize::new(0),
            stopping: Arc::new(AtomicBool::new(false)),
        });
        let accept_state = Arc::clone(&state);
        let accept = std::thread::Builder::new()
            .name("faultserver-accept".into())
            .spawn(move || accept_loop(&listener, &accept_state))?;
        Ok(FaultServer {
            addr,
            state,
            accept: Some(accept),
            control: Mutex::new(None),
            tls: None,
        })
    }

    /// Starts a server playing `script` over HTTPS: a TLS front on another port of 127.0.0.1
    /// presents a certificate of `kind`, issued at start-up by a CA made for this server
    /// ([`FaultServer::ca_pem`]), and forwards each connection's plaintext to the scripted
    /// server. [`FaultServer::base_url`] is then `https://localhost:PORT/api`.
    ///
    /// # Errors
    /// When no port can be bound or the certificates cannot be made.
    pub fn try_start_tls(script: Script, kind: CertKind) -> io::Result<FaultServer> {
        let mut server = FaultServer::try_start(script)?;
        let pki = tls::Pki::new(kind).map_err(io::Error::other)?;
        let config = pki.server_config()?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let (state, plain) = (Arc::clone(&server.state), server.addr);
        std::thread::Builder::new()
            .name("faultserver-tls-accept".into())
            .spawn(move || tls::accept_loop(&listener, &config, plain, &state))?;
        server.tls = Some((addr, pki.ca_pem));
        Ok(server)
    }

    /// [`FaultServer::try_start_tls`] for a script given as text.
    ///
    /// # Panics
    /// When the script is invalid or the server cannot start: this is a test helper.
    pub fn start_tls(script: &str, kind: CertKind) -> FaultServer {
        let script: Script = script
            .parse()
            .unwrap_or_else(|e| panic!("invalid fault script {script:?}: {e}"));
        FaultServer::try_start_tls(script, kind).expect("start a TLS fault server on 127.0.0.1")
    }

    /// The PEM of the CA that issued the TLS front's certificate (for a
    /// [`CertKind::UnknownIssuer`] server, a CA that did not). `None` without TLS.
    pub fn ca_pem(&self) -> Option<&str> {
        self.tls.as_ref().map(|(_, pem)| pem.as_str())
    }

    /// Completed TLS handshakes (since the start or the last reset).
    pub fn handshakes(&self) -> usize {
        self.state.handshakes.load(Ordering::SeqCst)
    }

    /// TCP connections the TLS front accepted, handshake completed or not (since the start or
    /// the last reset).
    pub fn tls_connections(&self) -> usize {
        self.state.tls_connections.load(Ordering::SeqCst)
    }

    /// The API base URL to give a client: `http://127.0.0.1:PORT/api`, or
    /// `https://localhost:PORT/api` for a TLS server.
    pub fn base_url(&self) -> String {
        format!("{}/api", self.url())
    }

    /// The server's root URL: `http://127.0.0.1:PORT`, or `https://localhost:PORT` for a TLS
    /// server.
    pub fn url(&self) -> String {
        match &self.tls {
            Some((addr, _)) => format!("https://localhost:{}", addr.port()),
            None => format!("http://{}", self.addr),
        }
    }

    /// The port clients connect to (the TLS front's, for a TLS server).
    pub fn port(&self) -> u16 {
        match &self.tls {
            Some((addr, _)) => addr.port(),
            None => self.addr.port(),
        }
    }

    /// How many TCP connections the server has accepted (since the start or the last reset).
    pub fn connections(&self) -> usize {
        self.state.stats().0
    }

    /// How many complete requests the server has read (since the start or the last reset).
    /// A request is counted before its step is played.
    pub fn requests(&self) -> usize {
        self.state.stats().1
    }

    /// How many connections the server has closed after playing a step that ends them (such as
    /// `hangup`), counted once the close has been done (since the start or the last reset).
    pub fn closed(&self) -> usize {
        self.state.closed.load(Ordering::SeqCst)
    }

    /// Zeroes the counters and restarts the script from its first step, replacing it with
    /// `script` when given. Connections already open stay open and are not counted again.
    pub fn reset(&self, script: Option<Script>) {
        self.state.reset(script);
    }

    /// Starts the control endpoint (`GET /stats`, `POST /reset`; see the README) on another
    /// ephemeral port of 127.0.0.1 and returns its URL, `http://127.0.0.1:PORT`. It stops with
    /// the server.
    ///
    /// # Errors
    /// When no port can be bound.
    pub fn serve_control(&self) -> io::Result<String> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let addr = listener.local_addr()?;
        let state = Arc::clone(&self.state);
        std::thread::Builder::new()
            .name("faultserver-control".into())
            .spawn(move || control::serve(&listener, &state))?;
        *self.control.lock().unwrap_or_else(|e| e.into_inner()) = Some(addr);
        Ok(format!("http://{addr}"))
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.state.stopping.store(true, Ordering::SeqCst);
        let control = *self.control.lock().unwrap_or_else(|e| e.into_inner());
        // A connection wakes each blocked accept loop, which then sees the flag and returns.
        let tls = self.tls.as_ref().map(|(addr, _)| *addr);
        for addr in std::iter::once(self.addr).chain(control).chain(tls) {
            let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
        }
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, state: &Arc<State>) {
    for stream in listener.incoming() {
        if state.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        state.connections.fetch_add(1, Ordering::SeqCst);
        let state = Arc::clone(state);
        let spawned = std::thread::Builder::new()
            .name("faultserver-conn".into())
            .spawn(move || serve_connection(stream, &state));
        if spawned.is_err() {
            // Out of threads: the stream was moved into the failed closure and is closed.
            continue;
        }
    }
}

/// Reads requests on one connection and plays a step for each, until a step closes it, the
/// peer goes away, or the server stops.
fn serve_connection(stream: TcpStream, state: &State) {
    let Ok(conn) = Connection::new(stream, Arc::clone(&state.stopping)) else {
        return;
    };
    let mut reader = BufReader::new(conn);
    loop {
        let request = match http::read_request(&mut reader) {
            Ok(Some(request)) => request,
            Ok(None) | Err(_) => return,
        };
        let index = state.requests.fetch_add(1, Ordering::SeqCst);
        let step = state
            .script
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .step(index);
        match play::play(step, &request, reader.get_mut()) {
            Ok(After::KeepAlive) => {}
            Ok(after) => {
                play::finish(reader.into_inner(), &after);
                state.closed.fetch_add(1, Ordering::SeqCst);
                return;
            }
            Err(_) => return,
        }
    }
}

/// A port on 127.0.0.1 with nothing listening (connecting to it is refused): bound to an
/// ephemeral port, then closed.
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}

/// An API base URL on a [`closed_port`]: `http://127.0.0.1:PORT/api`.
pub fn closed_base_url() -> String {
    format!("http://127.0.0.1:{}/api", closed_port())
}
