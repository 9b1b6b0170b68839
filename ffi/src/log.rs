//! `ayr_set_log_callback`: the SDK's diagnostics (one debug record per attempt, warnings for
//! deprecations), handed to a C function.

use std::ffi::{CString, c_char, c_void};
use std::sync::RwLock;

use ayrshare_webhooks::LOG_TARGET;

use crate::panic;

/// How much a log record matters, most severe first. `AYR_LOG_OFF` as the minimum level turns
/// logging off.
#[repr(u32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ayr_log_level {
    /// No record (as a minimum level: logging off).
    AYR_LOG_OFF = 0,
    /// A failure.
    AYR_LOG_ERROR = 1,
    /// Something to act on, such as the use of a deprecated action.
    AYR_LOG_WARN = 2,
    /// Progress worth knowing.
    AYR_LOG_INFO = 3,
    /// One record per attempt of every call: operation, method, path, attempt n of m, status
    /// or error kind, time taken, and the wait before a retry.
    AYR_LOG_DEBUG = 4,
    /// Finer detail.
    AYR_LOG_TRACE = 5,
}

/// A log callback: the record's `level`, its `target` (`"ayrshare_webhooks"`) and `message`
/// (both NUL-terminated, valid only during the call), and the `userdata` given to
/// `ayr_set_log_callback`. Records never contain an API key, profile key, secret or proxy
/// credential.
pub type ayr_log_fn = Option<
    unsafe extern "C" fn(
        level: ayr_log_level,
        target: *const c_char,
        message: *const c_char,
        userdata: *mut c_void,
    ),
>;

/// The installed callback.
struct Sink {
    function: unsafe extern "C" fn(ayr_log_level, *const c_char, *const c_char, *mut c_void),
    userdata: *mut c_void,
    min_level: log::LevelFilter,
}

// SAFETY: the documented contract of `ayr_set_log_callback`: the callback may be called from
// any thread, and `userdata` stays valid until it is replaced.
unsafe impl Send for Sink {}
// SAFETY: as above.
unsafe impl Sync for Sink {}

static SINK: RwLock<Option<Sink>> = RwLock::new(None);

struct Forwarder;

static FORWARDER: Forwarder = Forwarder;

impl log::Log for Forwarder {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.target().starts_with(LOG_TARGET)
            && SINK
                .read()
                .ok()
                .and_then(|sink| sink.as_ref().map(|s| metadata.level() <= s.min_level))
                .unwrap_or(false)
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let Ok(sink) = SINK.read() else { return };
        let Some(sink) = sink.as_ref() else { return };
        let message =
            CString::new(record.args().to_string().replace('\0', " ")).unwrap_or_default();
        let target = CString::new(record.target()).unwrap_or_default();
        // SAFETY: the documented contract: a valid callback for this userdata.
        unsafe {
            (sink.function)(
                level_of(record.level()),
                target.as_ptr(),
                message.as_ptr(),
                sink.userdata,
            );
        }
    }

    fn flush(&self) {}
}

fn level_of(level: log::Level) -> ayr_log_level {
    match level {
        log::Level::Error => ayr_log_level::AYR_LOG_ERROR,
        log::Level::Warn => ayr_log_level::AYR_LOG_WARN,
        log::Level::Info => ayr_log_level::AYR_LOG_INFO,
        log::Level::Debug => ayr_log_level::AYR_LOG_DEBUG,
        log::Level::Trace => ayr_log_level::AYR_LOG_TRACE,
    }
}

fn filter_of(level: u32) -> log::LevelFilter {
    match level {
        0 => log::LevelFilter::Off,
        1 => log::LevelFilter::Error,
        2 => log::LevelFilter::Warn,
        3 => log::LevelFilter::Info,
        4 => log::LevelFilter::Debug,
        _ => log::LevelFilter::Trace,
    }
}

/// Sends the SDK's log records of `min_level` and more severe to `callback(level, target,
/// message, userdata)`, for every client of the process; replaces any earlier callback. A NULL
/// `callback` or `AYR_LOG_OFF` turns logging off (the default). With logging off, or for a
/// level below `min_level`, no record is even formatted.
///
/// The callback runs on the thread making the call that logs, possibly several threads at
/// once: it must be thread-safe, must not call libayr, and `userdata` must stay valid until the
/// callback is replaced. A value of `min_level` above `AYR_LOG_TRACE` counts as
/// `AYR_LOG_TRACE`. Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn ayr_set_log_callback(
    min_level: u32,
    callback: ayr_log_fn,
    userdata: *mut c_void,
) {
    panic::infallible((), || {
        // Installs the forwarder on the first call (later calls find it in place).
        let _ = log::set_logger(&FORWARDER);
        let filter = filter_of(min_level);
        let sink = callback
            .filter(|_| filter != log::LevelFilter::Off)
            .map(|function| Sink {
                function,
                userdata,
                min_level: filter,
            });
        let max = sink.as_ref().map_or(log::LevelFilter::Off, |s| s.min_level);
        if let Ok(mut slot) = SINK.write() {
            *slot = sink;
        }
        log::set_max_level(max);
    })
}
