//! A real HTTP CONNECT proxy for the proxy tests: Debian's `tinyproxy`, started on a free port
//! of 127.0.0.1 with a configuration of the test's choosing, stopped when dropped.
//!
//! The test command installs tinyproxy (`mk/tools.mk`) and sets `AYRSHARE_REQUIRE_TOOLS=1`, so
//! there a missing binary fails the test; in a bare `cargo test` the proxy tests print a notice
//! and skip.

use std::io::Read;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How a proxy is set up.
#[derive(Debug, Clone, Default)]
pub struct ProxyOptions {
    /// `BasicAuth user password`: CONNECT without these credentials gets a 407.
    pub credentials: Option<(String, String)>,
    /// `ConnectPort` lines: CONNECT to any other port gets a 403. Empty: every port is allowed.
    pub connect_ports: Vec<u16>,
}

/// A running tinyproxy.
pub struct Tinyproxy {
    child: Child,
    port: u16,
    dir: PathBuf,
}

/// Where tinyproxy is, if installed.
fn binary() -> Option<PathBuf> {
    [
        "/usr/bin/tinyproxy",
        "/usr/sbin/tinyproxy",
        "/usr/local/bin/tinyproxy",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|path| path.exists())
}

impl Tinyproxy {
    /// Starts tinyproxy with `options`; `None` (after a notice on stderr) when it is not
    /// installed and `AYRSHARE_REQUIRE_TOOLS` is not set.
    ///
    /// # Panics
    /// When tinyproxy is required but missing, or does not start within 10 s.
    pub fn start(options: &ProxyOptions) -> Option<Tinyproxy> {
        let Some(binary) = binary() else {
            assert!(
                std::env::var_os("AYRSHARE_REQUIRE_TOOLS").is_none(),
                "tinyproxy is not installed (apt-get install tinyproxy)"
            );
            eprintln!("NOTICE: tinyproxy is not installed; skipping a proxy test");
            return None;
        };
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("ayr-tinyproxy-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory for tinyproxy");
        let mut config = format!(
            "Port {port}\nListen 127.0.0.1\nTimeout 30\nMaxClients 50\nAllow 127.0.0.1\n\
             LogLevel Connect\nLogFile \"{}\"\nPidFile \"{}\"\n",
            dir.join("log").display(),
            dir.join("pid").display()
        );
        if let Some((user, password)) = &options.credentials {
            config.push_str(&format!("BasicAuth {user} {password}\n"));
        }
        for allowed in &options.connect_ports {
            config.push_str(&format!("ConnectPort {allowed}\n"));
        }
        let conf = dir.join("tinyproxy.conf");
        std::fs::write(&conf, config).expect("write tinyproxy.conf");
        let child = Command::new(binary)
            .arg("-d")
            .arg("-c")
            .arg(&conf)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start tinyproxy");
        let proxy = Tinyproxy { child, port, dir };
        proxy.wait_until_listening();
        Some(proxy)
    }

    fn wait_until_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("tinyproxy did not listen on port {} within 10 s", self.port);
    }

    /// The proxy's URL without credentials: `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The proxy's URL with credentials: `http://USER:PASSWORD@127.0.0.1:PORT`.
    pub fn url_with(&self, user: &str, password: &str) -> String {
        format!("http://{user}:{password}@127.0.0.1:{}", self.port)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// How many `CONNECT` requests tinyproxy has logged so far.
    pub fn connects(&self) -> usize {
        self.log().matches("Request (file descriptor").count()
    }

    /// Its log so far.
    pub fn log(&self) -> String {
        read_to_string(&self.dir.join("log"))
    }
}

fn read_to_string(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = std::fs::File::open(path) {
        let _ = file.read_to_string(&mut text);
    }
    text
}

impl Drop for Tinyproxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A port of 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
}
