//! The first connector of the chain: a TCP connection to the API host, directly or through a
//! `CONNECT` tunnel of the client's proxy. TLS (ureq's rustls connector) comes next.

use std::io;
use std::sync::{Arc, Weak};
use std::time::Instant;

use ureq::unversioned::transport::{
    ConnectionDetails, Connector, LazyBuffers, NextTimeout, ShutdownHandle,
};

use crate::proxy::{self, Proxy};
use crate::resolve::{HostCache, ResolveError};
use crate::tcp::{self, TcpTransport};

/// Opens connections for one client: resolves through the client's [`HostCache`], and
/// tunnels through `proxy` when there is one.
#[derive(Debug)]
pub(crate) struct DialConnector {
    hosts: HostCache,
    proxy: Option<Proxy>,
    user_agent: String,
}

impl DialConnector {
    pub(crate) fn new(proxy: Option<Proxy>, user_agent: &str) -> Self {
        Self {
            hosts: HostCache::default(),
            proxy,
            user_agent: user_agent.to_owned(),
        }
    }
}

/// A failure to reach the proxy itself (as opposed to its refusal), for the error message.
#[derive(Debug)]
pub(crate) struct ProxyUnreachable {
    pub proxy: String,
    pub source: io::Error,
}

impl std::fmt::Display for ProxyUnreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot reach the proxy {}: {}", self.proxy, self.source)
    }
}

impl std::error::Error for ProxyUnreachable {}

impl Connector<()> for DialConnector {
    type Out = TcpTransport;

    fn connect(
        &self,
        details: &ConnectionDetails<'_>,
        _chained: Option<()>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let deadline = deadline(details.timeout);
        let uri = details.uri;
        let host = uri.host().ok_or(ureq::Error::HostNotFound)?;
        let port = uri.port_u16().unwrap_or(match uri.scheme_str() {
            Some("https") => 443,
            _ => 80,
        });
        let stream = match &self.proxy {
            None => {
                let addrs = self.resolve(host, port, deadline)?;
                tcp::connect_any(&addrs, deadline)?
            }
            Some(proxy) => {
                let unreachable = |source: io::Error| {
                    ureq::Error::Io(io::Error::other(ProxyUnreachable {
                        proxy: proxy.authority(),
                        source,
                    }))
                };
                let addrs = match self.resolve(proxy.host(), proxy.port(), deadline) {
                    Err(ureq::Error::HostNotFound) => {
                        return Err(unreachable(io::Error::new(
                            io::ErrorKind::NotFound,
                            "its host name does not resolve",
                        )));
                    }
                    other => other?,
                };
                let stream = match tcp::connect_any(&addrs, deadline) {
                    Err(ureq::Error::Io(e)) if !crate::call::is_cancelled(&e) => {
                        return Err(unreachable(e));
                    }
                    other => other?,
                };
                proxy::open_tunnel(&stream, proxy, host, port, &self.user_agent, deadline)?;
                stream
            }
        };
        let config = details.config;
        if config.no_delay() {
            stream.set_nodelay(true)?;
        }
        let stream = Arc::new(stream);
        (details.register_shutdown)(Arc::downgrade(&stream) as Weak<dyn ShutdownHandle>)?;
        let buffers = LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size());
        Ok(Some(TcpTransport::new(stream, buffers)))
    }
}

impl DialConnector {
    fn resolve(
        &self,
        host: &str,
        port: u16,
        deadline: Option<Instant>,
    ) -> Result<Arc<[std::net::SocketAddr]>, ureq::Error> {
        self.hosts
            .resolve(host, port, deadline)
            .map_err(|e| match e {
                ResolveError::NotFound => ureq::Error::HostNotFound,
                ResolveError::TimedOut => ureq::Error::Timeout(ureq::Timeout::Resolve),
                ResolveError::Cancelled(e) => ureq::Error::Io(e),
            })
    }
}

/// When the connect budget ends (`None`: never).
fn deadline(timeout: NextTimeout) -> Option<Instant> {
    (!timeout.after.is_not_happening()).then(|| Instant::now() + *timeout.after)
}
