//! The TCP layer under ureq: connecting, and a transport whose every wait is bounded, wakes
//! to check for cancellation, and spends as few system calls per kept-alive request as the
//! work needs.
//!
//! Waits: connecting is a non-blocking `connect` polled for completion, and reads and writes
//! use socket timeouts, each slice at most [`WAKE_INTERVAL`] long; between slices the call's
//! cancellation check runs (see [`crate::call`]), and an `EINTR` (a signal) runs it at once.
//! Each write or read is bounded by what is left of its budget, however many slices it takes.
//!
//! System calls per request on a pooled connection: one write (a request reaches this layer
//! in one piece, see [`crate::coalesce`]), one read, and one liveness probe (ureq's own TCP
//! transport made twelve):
//! - the probe is one `recv(MSG_PEEK | MSG_DONTWAIT)`, run only when the connection is taken
//!   out of the pool, just before its next request: the probe when it goes back in right after
//!   an answer learns nothing the later one does not (ureq has already checked that no byte
//!   beyond the answer is buffered);
//! - socket timeouts are set only when the wanted value, rounded down to the millisecond,
//!   changes (so in the steady state, never).
//!
//! A failed write leaves the connection refusing further I/O and out of the pool.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol, Socket, Type};
use ureq::Timeout;
use ureq::unversioned::transport::{Buffers, LazyBuffers, NextTimeout, Transport};

use crate::call::{self, WAKE_INTERVAL};

/// The least connect time an address gets when several share the connect timeout.
const MIN_CONNECT_PER_ADDRESS: Duration = Duration::from_millis(10);

/// Tries each address in turn by `deadline`. An address that is not the last gets half of
/// what is left (at least [`MIN_CONNECT_PER_ADDRESS`]), so one silent address cannot use up
/// the whole budget; the last gets all of it.
pub(crate) fn connect_any(
    addrs: &[SocketAddr],
    deadline: Option<Instant>,
) -> Result<TcpStream, ureq::Error> {
    let mut last_error = None;
    for (index, addr) in addrs.iter().enumerate() {
        let is_last = index + 1 == addrs.len();
        let share = match deadline {
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(ureq::Error::Timeout(Timeout::Connect));
                }
                let share = if is_last {
                    left
                } else {
                    (left / 2).max(MIN_CONNECT_PER_ADDRESS).min(left)
                };
                Some(Instant::now() + share)
            }
            None => None,
        };
        match connect_one(addr, &Budget::until(share, Timeout::Connect)) {
            Ok(stream) => return Ok(stream),
            Err(ureq::Error::Timeout(reason)) if !is_last => {
                last_error = Some(ureq::Error::Timeout(reason));
            }
            Err(ureq::Error::Io(e)) if is_address_specific(&e) => {
                last_error = Some(ureq::Error::Io(e));
            }
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        ureq::Error::Io(io::Error::new(
            io::ErrorKind::ConnectionRefused,
            "no address to connect to",
        ))
    }))
}

/// Connects to one address within `budget`: a non-blocking connect, then a poll for its
/// completion in slices of at most [`WAKE_INTERVAL`], checking for cancellation in between.
#[cfg(unix)]
fn connect_one(addr: &SocketAddr, budget: &Budget) -> Result<TcpStream, ureq::Error> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};

    let socket = Socket::new(
        Domain::for_address(*addr),
        Type::STREAM,
        Some(Protocol::TCP),
    )?;
    socket.set_nonblocking(true)?;
    match socket.connect(&(*addr).into()) {
        Ok(()) => {}
        Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => loop {
            let slice = budget.slice()?.unwrap_or(WAKE_INTERVAL);
            let timeout = Timespec {
                tv_sec: 0,
                tv_nsec: i64::from(slice.subsec_nanos()),
            };
            let mut fds = [PollFd::new(&socket, PollFlags::OUT)];
            match poll(&mut fds, Some(&timeout)) {
                Ok(0) | Err(rustix::io::Errno::INTR) => call::check_cancel()?,
                Ok(_) => break,
                Err(e) => return Err(ureq::Error::Io(e.into())),
            }
        },
        Err(e) => return Err(ureq::Error::Io(e)),
    }
    if let Some(e) = socket.take_error()? {
        return Err(ureq::Error::Io(e));
    }
    socket.set_nonblocking(false)?;
    Ok(socket.into())
}

/// Connects to one address within `budget` (not interruptible on this platform).
#[cfg(not(unix))]
fn connect_one(addr: &SocketAddr, budget: &Budget) -> Result<TcpStream, ureq::Error> {
    let stream = match budget.left()? {
        Some(left) => TcpStream::connect_timeout(addr, left),
        None => TcpStream::connect(addr),
    };
    stream.map_err(|e| {
        if is_timeout(&e) {
            budget.spent()
        } else {
            ureq::Error::Io(e)
        }
    })
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

/// Writes all of `bytes` to `stream` by `deadline` (used before the transport exists: the
/// `CONNECT` exchange with a proxy).
pub(crate) fn write_all_by(
    stream: &TcpStream,
    bytes: &[u8],
    deadline: Option<Instant>,
) -> Result<(), ureq::Error> {
    let budget = Budget::until(deadline, Timeout::Connect);
    let mut last = None;
    let mut written = 0;
    while written < bytes.len() {
        written += waiting(&budget, |wanted| {
            set_timeout(stream, &mut last, wanted, true)?;
            match (&*stream).write(&bytes[written..]) {
                Ok(0) => Err(io::ErrorKind::WriteZero.into()),
                other => other,
            }
        })?;
    }
    Ok(())
}

/// Reads once from `stream` into `buffer` by `deadline` (see [`write_all_by`]).
pub(crate) fn read_by(
    stream: &TcpStream,
    buffer: &mut [u8],
    deadline: Option<Instant>,
) -> Result<usize, ureq::Error> {
    let budget = Budget::until(deadline, Timeout::Connect);
    let mut last = None;
    waiting(&budget, |wanted| {
        set_timeout(stream, &mut last, wanted, false)?;
        (&*stream).read(buffer)
    })
}

/// Runs `io` (a read or a write, given the socket timeout to set) until it completes, in
/// slices of at most [`WAKE_INTERVAL`]: after a slice that timed out, or one a signal
/// interrupted, the caller's cancellation check runs, then the next slice gets what is left.
fn waiting<T>(
    budget: &Budget,
    mut io: impl FnMut(Option<Duration>) -> io::Result<T>,
) -> Result<T, ureq::Error> {
    loop {
        call::check_cancel_if_due()?;
        let wanted = budget.slice()?;
        match io(wanted) {
            Ok(value) => return Ok(value),
            Err(e) if e.kind() == io::ErrorKind::Interrupted || is_timeout(&e) => {
                call::check_cancel()?;
            }
            Err(e) => return Err(ureq::Error::Io(e)),
        }
    }
}

/// One TCP connection: ureq's buffers and the socket timeouts last set (so unchanged ones are
/// not set again).
pub(crate) struct TcpTransport {
    /// Shared (weakly) with the agent's shutdown handle; all I/O goes through `&TcpStream`.
    stream: Arc<TcpStream>,
    buffers: LazyBuffers,
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    /// Set by I/O, cleared by [`Transport::is_open`]: the first liveness check after an
    /// exchange is the return to the pool, which needs no probe (see the module's doc).
    just_used: bool,
    /// Set when a write failed: part of a request may be lost, so the connection
    /// refuses all further I/O and is never pooled.
    broken: bool,
}

impl TcpTransport {
    /// A transport over a connected `stream` (its timeouts not yet set by this transport).
    pub(crate) fn new(stream: Arc<TcpStream>, buffers: LazyBuffers) -> Self {
        Self {
            stream,
            buffers,
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

    /// Writes the first `amount` bytes of the output buffer within `budget`, however many
    /// writes that takes.
    fn write_output(&mut self, amount: usize, budget: &Budget) -> Result<(), ureq::Error> {
        let mut written = 0;
        let result = loop {
            if written == amount {
                break Ok(());
            }
            let (stream, output, last) = (
                &*self.stream,
                &self.buffers.output()[..amount],
                &mut self.write_timeout,
            );
            match waiting(budget, |wanted| {
                set_timeout(stream, last, wanted, true)?;
                match (&*stream).write(&output[written..]) {
                    Ok(0) => Err(io::ErrorKind::WriteZero.into()),
                    other => other,
                }
            }) {
                Ok(sent) => written += sent,
                Err(e) => break Err(e),
            }
        };
        self.broken = result.is_err();
        result
    }

    /// Reads once into ureq's input buffer within `budget`.
    fn read_some(&mut self, budget: &Budget) -> Result<usize, ureq::Error> {
        let (stream, buffers, last) = (&*self.stream, &mut self.buffers, &mut self.read_timeout);
        waiting(budget, |wanted| {
            set_timeout(stream, last, wanted, false)?;
            (&*stream).read(buffers.input_append_buf())
        })
    }
}

/// The time left for one write or read (or connect), and the reason a timeout reports.
struct Budget {
    /// `None`: no limit.
    deadline: Option<Instant>,
    reason: Timeout,
}

impl Budget {
    fn until(deadline: Option<Instant>, reason: Timeout) -> Self {
        Self { deadline, reason }
    }

    fn new(timeout: NextTimeout, started: Instant) -> Self {
        let deadline = (!timeout.after.is_not_happening()).then(|| started + *timeout.after);
        Self::until(deadline, timeout.reason)
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

    /// What is left (`None`: no limit), or a timeout error when nothing is.
    #[cfg_attr(unix, allow(dead_code))]
    fn left(&self) -> Result<Option<Duration>, ureq::Error> {
        match self.deadline {
            None => Ok(None),
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    Err(self.spent())
                } else {
                    Ok(Some(left))
                }
            }
        }
    }

    /// The next slice of the wait: what is left, capped at [`WAKE_INTERVAL`], as a socket
    /// timeout (see [`socket_timeout`]); a timeout error when nothing is left.
    fn slice(&self) -> Result<Option<Duration>, ureq::Error> {
        let left = self.left()?.unwrap_or(WAKE_INTERVAL);
        socket_timeout(left.min(WAKE_INTERVAL))
            .map(Some)
            .ok_or_else(|| self.spent())
    }
}

/// The socket timeout for what is left of a budget, `None` when nothing is. A millisecond or
/// more is rounded down to the millisecond, so successive slices (whose budgets differ by
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
        self.write_output(amount, &Budget::for_write(timeout, Instant::now()))
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.refuse_if_broken()?;
        let amount = self.read_some(&Budget::for_read(timeout, Instant::now()))?;
        self.buffers.input_appended(amount);
        self.just_used = true;
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        // A failed write makes the connection unusable.
        if self.broken {
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
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{budget, congested_connection};
    use super::*;
    use ureq::unversioned::transport::time::Duration as UreqDuration;

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
        // Unlimited or not, a wait is sliced so it can check for cancellation.
        let unlimited = Budget::new(budget(UreqDuration::NotHappening), Instant::now());
        assert_eq!(unlimited.slice().unwrap(), Some(WAKE_INTERVAL));
        let long = Budget::new(
            budget(UreqDuration::Exact(Duration::from_secs(30))),
            Instant::now(),
        );
        assert_eq!(long.slice().unwrap(), Some(WAKE_INTERVAL));
        let spent = Budget::new(budget(UreqDuration::Exact(Duration::ZERO)), Instant::now());
        assert!(matches!(
            spent.slice(),
            Err(ureq::Error::Timeout(Timeout::Global))
        ));
    }

    /// A write that runs out of time leaves the connection refusing any further I/O (part of
    /// the request may be lost), and its timeout never reads as ureq's ignorable `Await100`.
    #[test]
    fn a_failed_write_breaks_the_connection() {
        let (mut transport, _server) = congested_connection();
        transport.buffers().output()[..48 * 1024].fill(b'x');
        let mut timeout = budget(UreqDuration::Exact(Duration::from_millis(200)));
        timeout.reason = Timeout::Await100;

        let err = transport.transmit_output(48 * 1024, timeout).unwrap_err();
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
    fn probes_skip_only_the_return_to_the_pool() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let stream = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut server, _) = listener.accept().unwrap();
        let mut transport = TcpTransport::new(Arc::new(stream), LazyBuffers::new(1024, 1024));
        let timeout = budget(UreqDuration::Exact(Duration::from_secs(5)));
        transport.buffers().output()[..7].copy_from_slice(b"request");
        transport.transmit_output(7, timeout).unwrap();
        let mut got = [0u8; 7];
        server.read_exact(&mut got).unwrap();
        server.write_all(b"answer").unwrap();
        assert!(transport.await_input(timeout).unwrap());
        assert_eq!(transport.buffers().input(), b"answer");
        transport.buffers().input_consume(6);

        // Back to the pool straight after the answer: no probe. Out of the pool: a probe,
        // which sees the peer gone.
        drop(server);
        std::thread::sleep(Duration::from_millis(20));
        assert!(transport.is_open());
        assert!(!transport.is_open());
    }
}

/// Helpers for the tests of the layers above this one.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A transport (48 KiB of output buffer) and its peer, with 4 KiB socket buffers on both
    /// sides, so a 48 KiB request cannot be written until the peer reads.
    pub(crate) fn congested_connection() -> (TcpTransport, TcpStream) {
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

    /// A budget of `after` for the whole exchange.
    pub(crate) fn budget(after: ureq::unversioned::transport::time::Duration) -> NextTimeout {
        NextTimeout {
            after,
            reason: Timeout::Global,
            per_read: None,
            per_write: None,
        }
    }
}
