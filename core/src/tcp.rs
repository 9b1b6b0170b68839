//! The TCP layer under ureq: ureq's own TCP connector, minus the system calls it spent on every
//! request of a keep-alive connection.
//!
//! Per request on a pooled connection, ureq's TCP transport made twelve system calls where
//! three do the work (one write, one read, one liveness check):
//! - the liveness probe, run when a connection goes back to the pool and again when it is taken
//!   out, switched the socket to non-blocking, read, and switched it back: three calls each.
//!   Here the probe is one `recv(MSG_PEEK | MSG_DONTWAIT)`, and it runs only when the
//!   connection is taken out, just before its next request: the one straight after an answer
//!   was read learns nothing that the later one does not (ureq has already checked that no
//!   byte beyond the answer is buffered), and a connection that died while idle in the pool is
//!   caught by the later one alone;
//! - the socket timeouts were set before every write and read, because the attempt's remaining
//!   budget shrinks by microseconds from one call to the next. Here they are set only when the
//!   budget, rounded down to the millisecond, changes;
//! - the request head and body went out as two writes (two packets, two wake-ups of the
//!   server). Here output is held until the transport next reads, then written at once.
//!
//! Each write or read is bounded by what is left of its budget (a read that follows writing
//! held output gets only what the write left), however many system calls it takes; a failed
//! write leaves the connection refusing further I/O and out of the pool.
//!
//! Everything else is as ureq does it: connect with the connect timeout shared across the
//! resolved addresses, `TCP_NODELAY` as configured, the socket registered for
//! `Agent::shutdown`, interrupted reads retried within the remaining budget.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use ureq::Timeout;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, ShutdownHandle,
    Transport,
};

/// Held output is written once it reaches this size, without waiting for the next read.
const FLUSH_THRESHOLD: usize = 64 * 1024;

/// The least connect time an address gets when several share the connect timeout.
const MIN_CONNECT_PER_ADDRESS: Duration = Duration::from_millis(10);

/// Opens a [`TcpTransport`] to the resolved addresses, unless an earlier connector in the
/// chain (a CONNECT proxy) already produced a transport, which is passed on untouched.
#[derive(Debug, Default)]
pub(crate) struct TcpConnector;

impl<In: Transport> Connector<In> for TcpConnector {
    type Out = Either<In, TcpTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails<'_>,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        if let Some(chained) = chained {
            return Ok(Some(Either::A(chained)));
        }
        let config = details.config;
        let stream = connect_any(&details.addrs, details.timeout)?;
        if config.no_delay() {
            stream.set_nodelay(true)?;
        }
        let stream = Arc::new(stream);
        (details.register_shutdown)(Arc::downgrade(&stream) as Weak<dyn ShutdownHandle>)?;
        let buffers = LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size());
        Ok(Some(Either::B(TcpTransport::new(stream, buffers))))
    }
}

/// Tries each address in turn within `timeout`. An address that is not the last gets half of
/// what is left (at least [`MIN_CONNECT_PER_ADDRESS`]), so one silent address cannot use up
/// the whole budget; the last gets all of it.
fn connect_any(addrs: &[SocketAddr], timeout: NextTimeout) -> Result<TcpStream, ureq::Error> {
    let started = Instant::now();
    let budget = timeout.not_zero().map(|d| *d);
    let mut last_error = None;
    for (index, addr) in addrs.iter().enumerate() {
        let is_last = index + 1 == addrs.len();
        let attempt = match budget {
            None => TcpStream::connect(addr),
            Some(budget) => {
                let left = budget.saturating_sub(started.elapsed());
                if left.is_zero() {
                    return Err(ureq::Error::Timeout(timeout.reason));
                }
                let share = if is_last {
                    left
                } else {
                    (left / 2).max(MIN_CONNECT_PER_ADDRESS).min(left)
                };
                TcpStream::connect_timeout(addr, share)
            }
        };
        match attempt {
            Ok(stream) => return Ok(stream),
            Err(e) if is_timeout(&e) => {
                if is_last {
                    return Err(ureq::Error::Timeout(timeout.reason));
                }
                last_error = Some(ureq::Error::Timeout(Timeout::Connect));
            }
            Err(e) if is_address_specific(&e) => last_error = Some(ureq::Error::Io(e)),
            Err(e) => return Err(ureq::Error::Io(e)),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        ureq::Error::Io(io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "no address to connect to",
        ))
    }))
}

/// Failures that say nothing about the host's other addresses (this one refused, or has no
/// route, as an IPv6 address on a machine without IPv6).
fn is_address_specific(error: &io::Error) -> bool {
    // A VPN or firewall on Windows can refuse a blocked address family with WSAEACCES,
    // which std reads as PermissionDenied; ureq tries the next address then too.
    #[cfg(windows)]
    if error.raw_os_error() == Some(10013) {
        return true;
    }
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::HostUnreachable
            | io::ErrorKind::NetworkUnreachable
            | io::ErrorKind::NetworkDown
            | io::ErrorKind::AddrNotAvailable
    )
}

/// A socket timeout surfaces as `TimedOut` or, on Unix, as `WouldBlock` (`EAGAIN`).
pub(crate) fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// One TCP connection: ureq's buffers, the output held for the next read, and the socket
/// timeouts last set (so unchanged ones are not set again).
pub(crate) struct TcpTransport {
    /// Shared (weakly) with the agent's shutdown handle; all I/O goes through `&TcpStream`.
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    held: Vec<u8>,
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    /// Set by I/O, cleared by [`Transport::is_open`]: the first liveness check after an
    /// exchange is the return to the pool, which needs no probe (see the module's doc).
    just_used: bool,
    /// Set when writing held output failed: part of a request may be lost, so the connection
    /// refuses all further I/O and is never pooled.
    broken: bool,
}

impl TcpTransport {
    fn new(stream: Arc<TcpStream>, buffers: LazyBuffers) -> Self {
        Self {
            stream,
            buffers,
            held: Vec::new(),
            read_timeout: None,
            write_timeout: None,
            just_used: false,
            broken: false,
        }
    }

    fn refuse_if_broken(&self) -> Result<(), ureq::Error> {
        if self.broken {
            return Err(ureq::Error::Io(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "an earlier write on this connection failed",
            )));
        }
        Ok(())
    }

    /// Writes all held output within `budget`, however many writes that takes.
    fn flush_held(&mut self, budget: &Budget) -> Result<(), ureq::Error> {
        let mut written = 0;
        let result = loop {
            if written == self.held.len() {
                break Ok(());
            }
            let wanted = match budget.socket_timeout() {
                Ok(wanted) => wanted,
                Err(e) => break Err(e),
            };
            if let Err(e) = set_timeout(&self.stream, &mut self.write_timeout, wanted, true) {
                break Err(ureq::Error::Io(e));
            }
            match (&*self.stream).write(&self.held[written..]) {
                Ok(0) => break Err(ureq::Error::Io(io::ErrorKind::WriteZero.into())),
                Ok(amount) => written += amount,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) => break Err(budget.spent()),
                Err(e) => break Err(ureq::Error::Io(e)),
            }
        };
        self.held.clear();
        self.broken = result.is_err();
        result
    }

    /// Reads once into ureq's input buffer within `budget`, retrying a read interrupted by a
    /// signal with what is left of it.
    fn read_some(&mut self, budget: &Budget) -> Result<usize, ureq::Error> {
        loop {
            let wanted = budget.socket_timeout()?;
            set_timeout(&self.stream, &mut self.read_timeout, wanted, false)?;
            match (&*self.stream).read(self.buffers.input_append_buf()) {
                Ok(amount) => return Ok(amount),
                Err(e) if e.kind() == io::ErrorKind::Interrupted && wanted.is_some() => {}
                Err(e) if is_timeout(&e) => return Err(budget.spent()),
                Err(e) => return Err(ureq::Error::Io(e)),
            }
        }
    }
}

/// The time one write or read may take, counted from when it was made, and the reason a
/// timeout reports.
struct Budget {
    started: Instant,
    /// `None`: no limit.
    total: Option<Duration>,
    reason: Timeout,
}

impl Budget {
    fn new(timeout: NextTimeout, started: Instant) -> Self {
        Self {
            started,
            total: (!timeout.after.is_not_happening()).then(|| *timeout.after),
            reason: timeout.reason,
        }
    }

    /// The write budget of `timeout`. ureq ignores an `Await100` timeout (it only ends the
    /// wait for `100 Continue`), so a write that runs out of time reports `SendRequest`.
    fn for_write(timeout: NextTimeout, started: Instant) -> Self {
        let mut budget = Self::new(timeout.for_write(), started);
        if budget.reason == Timeout::Await100 {
            budget.reason = Timeout::SendRequest;
        }
        budget
    }

    fn for_read(timeout: NextTimeout, started: Instant) -> Self {
        Self::new(timeout.for_read(), started)
    }

    fn spent(&self) -> ureq::Error {
        ureq::Error::Timeout(self.reason)
    }

    /// What is left, as a socket timeout (`None`: no limit), or a timeout error when nothing
    /// is. See [`socket_timeout`].
    fn socket_timeout(&self) -> Result<Option<Duration>, ureq::Error> {
        let Some(total) = self.total else {
            return Ok(None);
        };
        socket_timeout(total.saturating_sub(self.started.elapsed()))
            .map(Some)
            .ok_or_else(|| self.spent())
    }
}

/// The socket timeout for what is left of a budget, `None` when nothing is. A millisecond or
/// more is rounded down to the millisecond, so successive requests (whose budgets differ by
/// microseconds) leave the socket's timeout as it is; an operation can only end early by that
/// fraction of a millisecond, never late.
fn socket_timeout(left: Duration) -> Option<Duration> {
    if left.is_zero() {
        return None;
    }
    if left < Duration::from_millis(1) {
        return Some(left);
    }
    let millis = u64::try_from(left.as_millis()).unwrap_or(u64::MAX);
    Some(Duration::from_millis(millis))
}

/// Sets the socket's write (or read) timeout to `wanted` unless `last` says it already is.
/// As ureq does, macOS refusing the change (it can, once the peer has closed with request
/// data unread) is left for the I/O itself to report, since the answer may still be readable.
fn set_timeout(
    stream: &TcpStream,
    last: &mut Option<Duration>,
    wanted: Option<Duration>,
    write: bool,
) -> io::Result<()> {
    if *last == wanted {
        return Ok(());
    }
    let result = if write {
        stream.set_write_timeout(wanted)
    } else {
        stream.set_read_timeout(wanted)
    };
    match result {
        Ok(()) => *last = wanted,
        Err(e) if cfg!(target_os = "macos") && e.kind() == io::ErrorKind::InvalidInput => {}
        Err(e) => return Err(e),
    }
    Ok(())
}

impl Transport for TcpTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.refuse_if_broken()?;
        self.held
            .extend_from_slice(&self.buffers.output()[..amount]);
        if self.held.len() >= FLUSH_THRESHOLD {
            self.flush_held(&Budget::for_write(timeout, Instant::now()))?;
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.refuse_if_broken()?;
        // Both budgets start now: time spent writing the held output is not granted again to
        // the read.
        let started = Instant::now();
        if !self.held.is_empty() {
            self.flush_held(&Budget::for_write(timeout, started))?;
        }
        let amount = self.read_some(&Budget::for_read(timeout, started))?;
        self.buffers.input_appended(amount);
        self.just_used = true;
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        // Output never followed by a read (a request abandoned half-way), or a failed write,
        // makes the connection unusable.
        if self.broken || !self.held.is_empty() {
            return false;
        }
        if std::mem::take(&mut self.just_used) {
            return true;
        }
        nothing_to_read(&self.stream)
    }
}

/// Whether an idle connection is still usable: reading would block. Bytes waiting (the server
/// sent more than the last answer), end of stream (it closed) or an error all mean it is not.
#[cfg(unix)]
fn nothing_to_read(stream: &TcpStream) -> bool {
    let mut byte = [std::mem::MaybeUninit::<u8>::uninit()];
    let peeked = socket2::SockRef::from(stream)
        .recv_with_flags(&mut byte, libc::MSG_PEEK | libc::MSG_DONTWAIT);
    matches!(peeked, Err(e) if e.kind() == io::ErrorKind::WouldBlock)
}

/// Whether an idle connection is still usable (see the Unix version); without a non-blocking
/// peek flag the socket is switched to non-blocking for one read.
#[cfg(not(unix))]
fn nothing_to_read(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8];
    let would_block =
        matches!(stream.peek(&mut byte), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
    would_block && stream.set_nonblocking(false).is_ok()
}

impl fmt::Debug for TcpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpTransport")
            .field("peer", &self.stream.peer_addr().ok())
            .field("held", &self.held.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::unversioned::transport::time::Duration as UreqDuration;

    fn budget(after: UreqDuration) -> NextTimeout {
        NextTimeout {
            after,
            reason: Timeout::Global,
            per_read: None,
            per_write: None,
        }
    }

    #[test]
    fn budgets_round_down_to_the_millisecond() {
        assert_eq!(
            socket_timeout(Duration::from_micros(29_999_987)),
            Some(Duration::from_millis(29_999))
        );
        assert_eq!(
            socket_timeout(Duration::from_micros(29_999_412)),
            Some(Duration::from_millis(29_999))
        );
        assert_eq!(
            socket_timeout(Duration::from_micros(700)),
            Some(Duration::from_micros(700))
        );
        assert_eq!(socket_timeout(Duration::ZERO), None);
        let unlimited = Budget::new(budget(UreqDuration::NotHappening), Instant::now());
        assert_eq!(unlimited.socket_timeout().unwrap(), None);
        let spent = Budget::new(budget(UreqDuration::Exact(Duration::ZERO)), Instant::now());
        assert!(matches!(
            spent.socket_timeout(),
            Err(ureq::Error::Timeout(Timeout::Global))
        ));
    }

    /// A transport (48 KiB of output buffer) and its peer, with 4 KiB socket buffers on both
    /// sides, so a 48 KiB request cannot be written until the peer reads.
    fn congested_connection() -> (TcpTransport, TcpStream) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        socket2::SockRef::from(&listener)
            .set_recv_buffer_size(4096)
            .unwrap();
        let stream = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        socket2::SockRef::from(&stream)
            .set_send_buffer_size(4096)
            .unwrap();
        let (server, _) = listener.accept().unwrap();
        let transport = TcpTransport::new(Arc::new(stream), LazyBuffers::new(1024, 48 * 1024));
        (transport, server)
    }

    /// A connection whose peer takes 0.9 s of a 1 s budget to accept the request: the read
    /// that follows gets what is left, not a second full budget, so the exchange ends at the
    /// budget (it once ended at 1.9 s). The connection is then unusable.
    #[test]
    fn writing_the_held_output_spends_the_budget_the_read_then_gets() {
        let (mut transport, mut server) = congested_connection();
        let request = vec![b'x'; 48 * 1024];
        transport.buffers().output()[..request.len()].copy_from_slice(&request);
        let timeout = budget(UreqDuration::Exact(Duration::from_secs(1)));
        transport.transmit_output(request.len(), timeout).unwrap();

        let peer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(900));
            // Takes the whole request, then never answers.
            let mut got = vec![0u8; request.len()];
            server.read_exact(&mut got).unwrap();
            std::thread::sleep(Duration::from_secs(2));
        });
        let started = Instant::now();
        let err = transport.await_input(timeout).unwrap_err();
        let elapsed = started.elapsed();
        assert!(
            matches!(err, ureq::Error::Timeout(Timeout::Global)),
            "{err:?}"
        );
        assert!(
            elapsed >= Duration::from_millis(900) && elapsed < Duration::from_millis(1300),
            "{elapsed:?}"
        );
        peer.join().unwrap();
    }

    /// A write that runs out of time leaves the connection refusing any further I/O (part of
    /// the request may be lost), and its timeout never reads as ureq's ignorable `Await100`.
    #[test]
    fn a_failed_write_breaks_the_connection() {
        let (mut transport, _server) = congested_connection();
        transport.buffers().output()[..48 * 1024].fill(b'x');
        let mut timeout = budget(UreqDuration::Exact(Duration::from_millis(200)));
        timeout.reason = Timeout::Await100;
        transport.transmit_output(48 * 1024, timeout).unwrap();

        let err = transport.await_input(timeout).unwrap_err();
        assert!(
            matches!(err, ureq::Error::Timeout(Timeout::SendRequest)),
            "{err:?}"
        );
        assert!(!transport.is_open());
        let again = transport.transmit_output(1, timeout).unwrap_err();
        assert!(
            matches!(&again, ureq::Error::Io(e) if e.kind() == io::ErrorKind::BrokenPipe),
            "{again:?}"
        );
    }

    #[test]
    fn an_idle_connection_is_open_until_the_peer_writes_or_closes() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        assert!(nothing_to_read(&client));
        // The probe leaves the socket blocking: a read with a timeout waits, then times out.
        client
            .set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        let err = (&client).read(&mut [0u8; 1]).unwrap_err();
        assert!(is_timeout(&err), "{err:?}");

        server.write_all(b"x").unwrap();
        std::thread::sleep(Duration::from_millis(20));
        assert!(!nothing_to_read(&client), "unread bytes must close it");
        // Peeking did not consume the byte.
        assert_eq!((&client).read(&mut [0u8; 1]).unwrap(), 1);
        assert!(nothing_to_read(&client));

        drop(server);
        std::thread::sleep(Duration::from_millis(20));
        assert!(!nothing_to_read(&client), "a closed peer must close it");
    }

    #[test]
    fn output_is_held_until_the_next_read_and_probes_skip_only_the_return_to_the_pool() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let stream = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        let mut transport = TcpTransport::new(Arc::new(stream), LazyBuffers::new(1024, 1024));
        let timeout = budget(UreqDuration::Exact(Duration::from_secs(5)));

        for part in [&b"head "[..], b"body"] {
            transport.buffers().output()[..part.len()].copy_from_slice(part);
            transport.transmit_output(part.len(), timeout).unwrap();
        }
        // Nothing is on the wire yet.
        server.set_nonblocking(true).unwrap();
        let err = server.read(&mut [0u8; 16]).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::WouldBlock);
        assert!(!transport.is_open(), "held output makes it unusable");
        server.set_nonblocking(false).unwrap();

        // The read sends it, then reads the answer.
        let reader = std::thread::spawn(move || {
            let mut got = [0u8; 9];
            server.read_exact(&mut got).unwrap();
            server.write_all(b"answer").unwrap();
            (server, got)
        });
        assert!(transport.await_input(timeout).unwrap());
        assert_eq!(transport.buffers().input(), b"answer");
        let (server, got) = reader.join().unwrap();
        assert_eq!(&got, b"head body");
        transport.buffers().input_consume(6);

        // Back to the pool straight after the answer: no probe. Out of the pool: a probe,
        // which sees the peer gone.
        drop(server);
        std::thread::sleep(Duration::from_millis(20));
        assert!(transport.is_open());
        assert!(!transport.is_open());
    }
}
