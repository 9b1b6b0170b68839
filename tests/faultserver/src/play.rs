//! Playing one step of the script on a connection, after its request was read.

use std::io;
use std::time::Duration;

use crate::bodies;
use crate::http::{self, Connection, Request};
use crate::linger;
use crate::script::{DRIP_INTERVAL_MS, HUGE_BODY_BYTES, Step};

/// What happens to the connection after a step.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum After {
    /// Serve the next request on it (keep-alive).
    KeepAlive,
    /// Close it (gracefully, with a FIN).
    Close,
    /// Reset it (RST).
    Reset,
}

/// Plays `step` in answer to `request`. An `Err` means the peer went away or the server is
/// stopping; the connection is closed either way.
pub(crate) fn play(step: Step, request: &Request, conn: &mut Connection) -> io::Result<After> {
    let json = "application/json";
    match step {
        Step::Silent => {
            conn.wait_for_close();
            Ok(After::Close)
        }
        Step::StallBody => {
            conn.send(&http::head(200, json, &[], 64))?;
            conn.wait_for_close();
            Ok(After::Close)
        }
        Step::Reset => {
            let body = bodies::success(request);
            let mut partial = http::head(200, json, &[], body.len() + 100);
            partial.extend_from_slice(&body[..body.len() / 2]);
            conn.send(&partial)?;
            Ok(After::Reset)
        }
        Step::Close => Ok(After::Close),
        Step::Truncated => {
            let body = bodies::success(request);
            let mut answer = http::head(200, json, &[], body.len() + 100);
            answer.extend_from_slice(&body);
            conn.send(&answer)?;
            Ok(After::Close)
        }
        Step::Huge => {
            send_huge(conn)?;
            Ok(keep_alive(request))
        }
        Step::GzipBomb => {
            let gzip = vec!["Content-Encoding: gzip".to_owned()];
            conn.send(&http::response(200, json, &gzip, bodies::GZIP_BOMB))?;
            Ok(keep_alive(request))
        }
        Step::Garbage => {
            conn.send(bodies::GARBAGE)?;
            Ok(After::Close)
        }
        Step::Drip => {
            let answer = http::response(200, json, &[], &bodies::success(request));
            drip(conn, &answer)?;
            Ok(keep_alive(request))
        }
        Step::DripBody => {
            let body = bodies::success(request);
            conn.send(&http::head(200, json, &[], body.len()))?;
            drip(conn, &body)?;
            Ok(keep_alive(request))
        }
        Step::Mirror => {
            conn.send(&request.raw)?;
            Ok(After::Close)
        }
        Step::Hangup => {
            conn.send(&http::response(200, json, &[], &bodies::success(request)))?;
            Ok(After::Close)
        }
        Step::Status {
            status,
            retry_after,
        } => {
            let extra: Vec<String> = retry_after
                .map(|seconds| format!("Retry-After: {seconds}"))
                .into_iter()
                .collect();
            let body = match status {
                204 | 304 => Vec::new(),
                200..=299 => bodies::success(request),
                _ => bodies::error(status),
            };
            conn.send(&http::response(status, json, &extra, &body))?;
            Ok(keep_alive(request))
        }
        Step::Slow { millis } => {
            conn.pause(std::time::Duration::from_millis(millis))?;
            conn.send(&http::response(200, json, &[], &bodies::success(request)))?;
            Ok(keep_alive(request))
        }
        Step::Echo { status } => {
            let body = bodies::echo_text(request);
            conn.send(&http::response(status, "text/plain", &[], &body))?;
            Ok(keep_alive(request))
        }
        Step::EchoJson { status } => {
            let body = bodies::echo_json(status, request);
            conn.send(&http::response(status, json, &[], &body))?;
            Ok(keep_alive(request))
        }
    }
}

fn keep_alive(request: &Request) -> After {
    if request.wants_close() {
        After::Close
    } else {
        After::KeepAlive
    }
}

/// Sends `bytes` one at a time, [`DRIP_INTERVAL_MS`] apart, the first at once.
fn drip(conn: &mut Connection, bytes: &[u8]) -> io::Result<()> {
    for (i, byte) in bytes.iter().enumerate() {
        if i > 0 {
            conn.pause(Duration::from_millis(DRIP_INTERVAL_MS))?;
        }
        conn.send(std::slice::from_ref(byte))?;
    }
    Ok(())
}

/// Streams a valid JSON success body of exactly [`HUGE_BODY_BYTES`] in 64 KiB writes.
fn send_huge(conn: &mut Connection) -> io::Result<()> {
    const CHUNK: usize = 64 * 1024;
    conn.send(&http::head(200, "application/json", &[], HUGE_BODY_BYTES))?;
    conn.send(bodies::HUGE_HEAD)?;
    let padding = vec![b'x'; CHUNK];
    let mut left = HUGE_BODY_BYTES - bodies::HUGE_HEAD.len() - bodies::HUGE_TAIL.len();
    while left > 0 {
        let n = left.min(CHUNK);
        conn.send(&padding[..n])?;
        left -= n;
    }
    conn.send(bodies::HUGE_TAIL)
}

/// Closes `conn` as `after` says (a keep-alive connection is not closed here).
pub(crate) fn finish(conn: Connection, after: &After) {
    if *after == After::Reset {
        // If this fails the drop below still closes the connection, with a FIN.
        let _ = linger::reset_on_close(conn.stream());
    }
    drop(conn);
}
