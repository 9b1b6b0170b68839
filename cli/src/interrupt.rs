//! Ctrl-C (and SIGTERM) during a bulk run: the first asks the run to stop starting profiles
//! and the client to stop its calls in flight ([`Stop::check`]); a second one ends the program
//! at once with status 130.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use signal_hook::consts::{SIGINT, SIGTERM};

use crate::failure::{EXIT_INTERRUPTED, Failure};

/// Whether a stop was asked for.
#[derive(Debug, Clone)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// Installs the handlers of SIGINT and SIGTERM.
    ///
    /// # Errors
    /// [`Failure::Usage`] when the handlers cannot be installed.
    pub fn on_signals() -> Result<Stop, Failure> {
        let flag = Arc::new(AtomicBool::new(false));
        for signal in [SIGINT, SIGTERM] {
            // The shutdown goes first: armed by the first signal, it fires on the second.
            signal_hook::flag::register_conditional_shutdown(
                signal,
                i32::from(EXIT_INTERRUPTED),
                Arc::clone(&flag),
            )
            .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&flag)))
            .map_err(|e| Failure::Usage(format!("cannot handle Ctrl-C: {e}")))?;
        }
        Ok(Stop(flag))
    }

    /// Whether Ctrl-C (or SIGTERM) arrived.
    pub fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// The check to give the client (`Client::with_cancel_when`): its calls in flight end with
    /// `Error::Cancelled` within about 100 ms of a stop being asked for.
    pub fn check(&self) -> impl Fn() -> bool + Send + Sync + 'static {
        let flag = Arc::clone(&self.0);
        move || flag.load(Ordering::SeqCst)
    }
}
