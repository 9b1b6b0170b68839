//! Host name resolution for new connections: cached per client, bounded in time, interruptible.
//!
//! ureq asks its resolver on every request, even one that then reuses a pooled connection,
//! and ureq's resolver starts a thread per lookup whenever a timeout is set. Here ureq's
//! resolver is [`Deferred`], which answers at once with no address; the connector resolves
//! only when it opens a connection, through [`HostCache`]:
//! - an IP-literal host is used as it is;
//! - a name's addresses are kept for [`CACHE_TTL`], so reconnecting (after the server closed
//!   an idle connection, say) needs no lookup either;
//! - a lookup runs `getaddrinfo` on a thread of its own, because the system resolver cannot
//!   be bounded in time: the caller waits for it at most the connect budget, waking every
//!   [`WAKE_INTERVAL`](crate::call::WAKE_INTERVAL) to check for cancellation. A lookup that
//!   outlives its caller finishes in the background and is dropped.

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ureq::http::Uri;
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

use crate::call::{self, WAKE_INTERVAL};

/// How long a host name's addresses are reused before the next connection looks them up again.
pub const CACHE_TTL: Duration = Duration::from_secs(60);

/// Name lookups started by this process (each on a thread of its own), for the diagnostics.
static LOOKUPS: AtomicU64 = AtomicU64::new(0);

/// How many name lookups (each on a new thread) the SDK has started in this process.
pub(crate) fn lookups_started() -> u64 {
    LOOKUPS.load(Ordering::Relaxed)
}

/// ureq's resolver: no address, at once. The connector resolves when it connects.
#[derive(Debug, Default)]
pub(crate) struct Deferred;

impl Resolver for Deferred {
    fn resolve(
        &self,
        _uri: &Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        Ok(self.empty())
    }
}

/// Why a resolution failed.
#[derive(Debug)]
pub(crate) enum ResolveError {
    /// The name does not resolve (or resolves to no address).
    NotFound,
    /// The lookup did not finish within the budget.
    TimedOut,
    /// The caller's cancellation check asked to stop.
    Cancelled(io::Error),
}

/// A host's addresses and when they were looked up.
type Entry = (Arc<[SocketAddr]>, Instant);

/// One client's resolutions, by lower-case host name and port.
#[derive(Debug, Default)]
pub(crate) struct HostCache {
    entries: Mutex<HashMap<(String, u16), Entry>>,
}

impl HostCache {
    /// The addresses of `host:port`, from the cache or a lookup that ends by `deadline`.
    pub(crate) fn resolve(
        &self,
        host: &str,
        port: u16,
        deadline: Option<Instant>,
    ) -> Result<Arc<[SocketAddr]>, ResolveError> {
        let bare = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host);
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return Ok(Arc::from([SocketAddr::new(ip, port)]));
        }
        let key = (bare.to_ascii_lowercase(), port);
        if let Some(addrs) = self.cached(&key) {
            return Ok(addrs);
        }
        let addrs = lookup(&key.0, port, deadline)?;
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (_, at)| at.elapsed() < CACHE_TTL);
            entries.insert(key, (Arc::clone(&addrs), Instant::now()));
        }
        Ok(addrs)
    }

    fn cached(&self, key: &(String, u16)) -> Option<Arc<[SocketAddr]>> {
        let entries = self.entries.lock().ok()?;
        let (addrs, at) = entries.get(key)?;
        (at.elapsed() < CACHE_TTL).then(|| Arc::clone(addrs))
    }
}

/// Looks `host` up on a new thread and waits for the answer until `deadline`.
fn lookup(
    host: &str,
    port: u16,
    deadline: Option<Instant>,
) -> Result<Arc<[SocketAddr]>, ResolveError> {
    let (sender, receiver) = mpsc::sync_channel(1);
    let name = host.to_owned();
    let work = move || {
        let found = (name.as_str(), port)
            .to_socket_addrs()
            .map(|addrs| addrs.collect::<Vec<_>>());
        // The caller may have given up; then nobody reads this.
        let _ = sender.send(found);
    };
    LOOKUPS.fetch_add(1, Ordering::Relaxed);
    if let Err(e) = std::thread::Builder::new()
        .name("ayrshare-dns".into())
        .spawn(work)
    {
        log::debug!(target: "ayrshare_webhooks", "could not start a resolver thread: {e}");
        return Err(ResolveError::NotFound);
    }
    loop {
        let slice = match deadline {
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(ResolveError::TimedOut);
                }
                left.min(WAKE_INTERVAL)
            }
            None => WAKE_INTERVAL,
        };
        match receiver.recv_timeout(slice) {
            Ok(Ok(addrs)) if !addrs.is_empty() => return Ok(Arc::from(addrs)),
            Ok(_) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(ResolveError::NotFound);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                call::check_cancel().map_err(ResolveError::Cancelled)?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_literals_need_no_lookup() {
        let cache = HostCache::default();
        let before = lookups_started();
        let v4 = cache.resolve("127.0.0.1", 8080, None).unwrap();
        assert_eq!(&*v4, &["127.0.0.1:8080".parse().unwrap()]);
        let v6 = cache.resolve("[::1]", 443, None).unwrap();
        assert_eq!(&*v6, &["[::1]:443".parse().unwrap()]);
        assert_eq!(lookups_started(), before);
    }

    #[test]
    fn a_name_is_looked_up_once_then_cached() {
        let cache = HostCache::default();
        let first = cache.resolve("localhost", 1234, None).unwrap();
        assert!(
            first
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 1234)
        );
        let again = cache.resolve("LOCALHOST", 1234, None).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "served from the cache");
    }

    #[test]
    fn an_unknown_name_is_not_found() {
        let cache = HostCache::default();
        let err = cache
            .resolve(
                "no-such-host.invalid",
                443,
                Some(Instant::now() + Duration::from_secs(5)),
            )
            .unwrap_err();
        assert!(matches!(err, ResolveError::NotFound), "{err:?}");
    }
}
