//! A local mock of the Ayrshare webhook API, for integration tests of programs that register
//! webhooks or receive deliveries.
//!
//! It serves the four webhook endpoints on a loopback port with per-profile state, checks the
//! API key and profile keys, gives the API's error answers (401, 403, 400, 404, 429), can add
//! latency to every request, and on demand POSTs correctly signed sample deliveries to the
//! registered URLs, retrying them as Ayrshare does and recording every attempt. The binary
//! `ayrshare-webhooks-mock` runs it (see its `--help`); this library runs it inside a test or
//! another program.
//!
//! ```
//! use ayrshare_webhooks::{Action, Client, RegisterWebhook};
//! use ayrshare_webhooks_mock::{Mock, MockConfig};
//!
//! let mock = Mock::bind(MockConfig::default())?.spawn();
//! let client = Client::builder()
//!     .api_key(ayrshare_webhooks_mock::DEFAULT_API_KEY)
//!     .base_url(mock.base_url())
//!     .build()?;
//! client.register_webhook(&RegisterWebhook::new(Action::Feed, "https://example.com/h"))?;
//! assert_eq!(client.list_webhooks()?.get(Action::Feed), Some("https://example.com/h"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod admin;
mod api;
pub mod args;
mod config;
mod deliveries;
mod http;
mod outbox;
mod post;
pub mod samples;
pub mod time;

use std::ffi::OsString;
use std::io;
use std::net::TcpListener;
use std::sync::Arc;

pub use config::{AYRSHARE_DELIVERY_TIMEOUT, AYRSHARE_RETRY_DELAYS, DEFAULT_API_KEY, MockConfig};
pub use post::{Attempt, DeliveryClient, loopback_over_http};

/// A mock bound to its port, not yet serving.
pub struct Mock {
    listener: TcpListener,
    api: Arc<api::Api>,
    port: u16,
}

impl Mock {
    /// Listens on `127.0.0.1:config.port` (0 picks a free port).
    ///
    /// # Errors
    /// The I/O error of binding the port (in use, not permitted).
    pub fn bind(config: MockConfig) -> io::Result<Mock> {
        let listener = TcpListener::bind(("127.0.0.1", config.port))?;
        let port = listener.local_addr()?.port();
        Ok(Mock {
            listener,
            api: Arc::new(api::Api::new(config)),
            port,
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The API root to give the SDK or the CLI: `http://127.0.0.1:PORT/api`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/api", self.port)
    }

    /// Serves forever on the calling thread.
    pub fn serve(self) {
        let idle_timeout = self.api.config().idle_timeout;
        http::serve(self.listener, self.api, idle_timeout);
    }

    /// Serves on a background thread for the rest of the process.
    pub fn spawn(self) -> RunningMock {
        let base_url = self.base_url();
        let port = self.port;
        std::thread::spawn(move || self.serve());
        RunningMock { base_url, port }
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &MockConfig {
        self.api.config()
    }
}

/// A mock serving on a background thread.
#[derive(Debug, Clone)]
pub struct RunningMock {
    base_url: String,
    port: u16,
}

impl RunningMock {
    /// The API root: `http://127.0.0.1:PORT/api`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The root of the endpoints for tests: `http://127.0.0.1:PORT/_mock`.
    pub fn admin_url(&self) -> String {
        format!("http://127.0.0.1:{}/_mock", self.port)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }
}

/// Runs the mock's command line (`args` without the program name) and returns the exit
/// status for a usage error or a failure to start; serves forever otherwise. Prints the base
/// URL as the first line of standard output.
pub fn run_command_line(args: impl IntoIterator<Item = OsString>, program: &str) -> i32 {
    let (config, url_file) = match args::parse(args) {
        Ok(args::Command::Run(config, url_file)) => (config, url_file),
        Ok(args::Command::Help) => {
            print!("{}", args::USAGE);
            return 0;
        }
        Ok(args::Command::Version) => {
            println!("{program} {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
        Err(message) => {
            eprintln!("{program}: {message}");
            return 2;
        }
    };
    let port = config.port;
    let mock = match Mock::bind(*config) {
        Ok(mock) => mock,
        Err(e) => {
            eprintln!("{program}: cannot listen on 127.0.0.1:{port}: {e}");
            return 1;
        }
    };
    let base_url = mock.base_url();
    println!("{base_url}");
    if let Some(path) = url_file {
        if let Err(e) = std::fs::write(&path, format!("{base_url}\n")) {
            eprintln!("{program}: cannot write {}: {e}", path.display());
            return 1;
        }
    }
    eprintln!(
        "{program}: Ayrshare API at {base_url}, test endpoints at http://127.0.0.1:{}/_mock",
        mock.port()
    );
    mock.serve();
    0
}
