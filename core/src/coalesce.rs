//! One write per request above TLS: ureq hands a request over in pieces (its head, then its
//! body), and TLS would seal each piece in a record of its own. This layer holds the pieces
//! until the transport is next asked to read, then passes them down as one, so a request is
//! one TLS record (and one system call, see [`crate::tcp`]) however ureq cut it.

use std::fmt;
use std::time::Instant;

use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// Held output is passed down once it reaches this size, without waiting for the next read.
const FLUSH_THRESHOLD: usize = 64 * 1024;

/// Wraps every connection in [`Coalesced`].
#[derive(Debug, Default)]
pub(crate) struct CoalesceConnector;

impl<In: Transport> Connector<In> for CoalesceConnector {
    type Out = Coalesced<In>;

    fn connect(
        &self,
        _details: &ConnectionDetails<'_>,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(|inner| Coalesced {
            inner,
            held: Vec::new(),
        }))
    }
}

/// A transport whose output waits for the next read.
pub(crate) struct Coalesced<T> {
    inner: T,
    held: Vec<u8>,
}

impl<T: Transport> Coalesced<T> {
    /// Passes the held output down, in as few transmissions as the lower buffer allows.
    fn pass_down(&mut self, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let mut sent = 0;
        while sent < self.held.len() {
            let output = self.inner.buffers().output();
            let amount = output.len().min(self.held.len() - sent);
            output[..amount].copy_from_slice(&self.held[sent..sent + amount]);
            self.inner.transmit_output(amount, timeout)?;
            sent += amount;
        }
        self.held.clear();
        Ok(())
    }
}

impl<T: Transport> Transport for Coalesced<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let output = &self.inner.buffers().output()[..amount];
        self.held.extend_from_slice(output);
        if self.held.len() >= FLUSH_THRESHOLD {
            self.pass_down(timeout)?;
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        if self.held.is_empty() {
            return self.inner.await_input(timeout);
        }
        // One budget for the write and the read that follows it: what writing took is not
        // granted again to the read.
        let started = Instant::now();
        self.pass_down(timeout)?;
        let left = match timeout.after {
            UreqDuration::Exact(after) => {
                UreqDuration::Exact(after.saturating_sub(started.elapsed()))
            }
            not_happening => not_happening,
        };
        self.inner.await_input(NextTimeout {
            after: left,
            ..timeout
        })
    }

    fn is_open(&mut self) -> bool {
        // Output never followed by a read is a request abandoned half-way.
        self.held.is_empty() && self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

impl<T: fmt::Debug> fmt::Debug for Coalesced<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coalesced")
            .field("inner", &self.inner)
            .field("held", &self.held.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::time::Duration;

    use super::*;
    use crate::tcp::testing::{budget, congested_connection};

    fn coalesced<T>(inner: T) -> Coalesced<T> {
        Coalesced {
            inner,
            held: Vec::new(),
        }
    }

    #[test]
    fn the_pieces_of_a_request_go_down_in_one_write_at_the_next_read() {
        let (transport, mut server) = congested_connection();
        let mut transport = coalesced(transport);
        let timeout = budget(UreqDuration::Exact(Duration::from_secs(5)));
        for part in [&b"head "[..], b"body"] {
            transport.buffers().output()[..part.len()].copy_from_slice(part);
            transport.transmit_output(part.len(), timeout).unwrap();
        }
        // Nothing is on the wire yet, and a connection with output held is not reusable.
        server.set_nonblocking(true).unwrap();
        let err = server.read(&mut [0u8; 16]).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::WouldBlock);
        assert!(!transport.is_open());
        server.set_nonblocking(false).unwrap();

        let peer = std::thread::spawn(move || {
            let mut got = [0u8; 9];
            server.read_exact(&mut got).unwrap();
            server.write_all(b"answer").unwrap();
            (server, got)
        });
        assert!(transport.await_input(timeout).unwrap());
        assert_eq!(transport.buffers().input(), b"answer");
        let (_server, got) = peer.join().unwrap();
        assert_eq!(&got, b"head body");
    }

    /// A connection whose peer takes 2.7 s of a 3 s budget to accept the request: the read
    /// that follows gets what is left, not a second full budget, so the exchange ends at the
    /// budget (it once ended at 5.7 s).
    #[test]
    fn writing_spends_the_budget_the_read_then_gets() {
        let (transport, mut server) = congested_connection();
        let mut transport = coalesced(transport);
        let request = vec![b'x'; 48 * 1024];
        transport.buffers().output()[..request.len()].copy_from_slice(&request);
        let timeout = budget(UreqDuration::Exact(Duration::from_secs(3)));
        transport.transmit_output(request.len(), timeout).unwrap();

        let peer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(2700));
            // Takes the whole request, then never answers.
            let mut got = vec![0u8; request.len()];
            server.read_exact(&mut got).unwrap();
            std::thread::sleep(Duration::from_secs(2));
        });
        let started = Instant::now();
        let err = transport.await_input(timeout).unwrap_err();
        let elapsed = started.elapsed();
        assert!(matches!(err, ureq::Error::Timeout(_)), "{err:?}");
        assert!(
            elapsed >= Duration::from_millis(2700) && elapsed < Duration::from_millis(4500),
            "{elapsed:?}"
        );
        peer.join().unwrap();
    }
}
