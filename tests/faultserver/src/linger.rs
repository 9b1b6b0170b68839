//! Resetting a connection: `SO_LINGER` with a zero timeout makes closing the socket send a
//! TCP RST instead of a FIN. `std` has no stable setter for it, so this calls `setsockopt`.

use std::io;
use std::net::TcpStream;

/// Sets `SO_LINGER` to "on, 0 seconds": dropping `stream` afterwards resets the connection.
#[cfg(any(target_os = "linux", target_os = "macos"))]
pub(crate) fn reset_on_close(stream: &TcpStream) -> io::Result<()> {
    use std::ffi::{c_int, c_void};
    use std::os::fd::AsRawFd;

    #[repr(C)]
    struct Linger {
        l_onoff: c_int,
        l_linger: c_int,
    }

    #[cfg(target_os = "linux")]
    const SOL_SOCKET: c_int = 1;
    #[cfg(target_os = "linux")]
    const SO_LINGER: c_int = 13;
    #[cfg(target_os = "macos")]
    const SOL_SOCKET: c_int = 0xffff;
    #[cfg(target_os = "macos")]
    const SO_LINGER: c_int = 0x0080;

    unsafe extern "C" {
        fn setsockopt(
            socket: c_int,
            level: c_int,
            name: c_int,
            value: *const c_void,
            length: u32,
        ) -> c_int;
    }

    let linger = Linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: the descriptor belongs to `stream`, which outlives the call; `value` points to a
    // live `struct linger` whose exact size is passed as `length`.
    let result = unsafe {
        setsockopt(
            stream.as_raw_fd(),
            SOL_SOCKET,
            SO_LINGER,
            (&raw const linger).cast(),
            std::mem::size_of::<Linger>() as u32,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Elsewhere the connection is only shut down (the client then sees a close, not a reset).
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
pub(crate) fn reset_on_close(stream: &TcpStream) -> io::Result<()> {
    stream.shutdown(std::net::Shutdown::Both)
}
