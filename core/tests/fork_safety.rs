//! A forked child never uses its parent's pooled connection: one call, then `fork()`, then 500
//! calls in each process started together, each registering its own URL, which the server
//! echoes back. Were the two processes to share the inherited socket, answers would cross.
//! One test in its own binary: it forks.
#![cfg(unix)]

use std::io::{Read, Write};
use std::os::fd::FromRawFd;
use std::time::Duration;

use ayrshare_faultserver::FaultServer;
use ayrshare_webhooks::{Action, Client, RegisterWebhook};

const CALLS: usize = 500;

/// Runs `CALLS` registrations of URLs tagged `who`, counting answers that are not our own.
fn calls(client: &Client, who: &str) -> (usize, usize) {
    let (mut mismatches, mut errors) = (0, 0);
    for i in 0..CALLS {
        let url = format!("https://example.com/{who}/{i}");
        match client.register_webhook(&RegisterWebhook::new(Action::Feed, url.as_str())) {
            Ok(hook) if hook.url == url => {}
            Ok(_) => mismatches += 1,
            Err(_) => errors += 1,
        }
    }
    (mismatches, errors)
}

fn pipe() -> (std::fs::File, std::fs::File) {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe(2) writes.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: both descriptors were just created and are owned by nothing else.
    unsafe {
        (
            std::fs::File::from_raw_fd(fds[0]),
            std::fs::File::from_raw_fd(fds[1]),
        )
    }
}

#[test]
fn a_child_process_opens_its_own_connection() {
    let server = FaultServer::start("200");
    let client = Client::builder()
        .api_key("fork-test-key")
        .base_url(server.base_url())
        .timeout(Duration::from_secs(10))
        .max_retries(0)
        .build()
        .unwrap();
    client.list_webhooks().unwrap();
    assert_eq!(server.connections(), 1);

    let (mut go_read, mut go_write) = pipe();
    // SAFETY: the child only runs SDK calls and exits with `_exit`; the test harness's other
    // threads are not needed in it.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        drop(go_write);
        let mut byte = [0u8; 1];
        let _ = go_read.read_exact(&mut byte);
        let (mismatches, errors) = calls(&client, "child");
        let code = if mismatches == 0 && errors == 0 {
            0
        } else {
            1 + (mismatches + errors).min(200)
        };
        // SAFETY: ends the child at once, without running the parent's exit handlers.
        unsafe { libc::_exit(code as libc::c_int) };
    }
    drop(go_read);
    go_write.write_all(b"g").unwrap();
    let (mismatches, errors) = calls(&client, "parent");
    let mut status = 0;
    // SAFETY: `pid` is our child; `status` is a valid out-parameter.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(
        libc::WIFEXITED(status),
        "the child did not exit normally: {status}"
    );
    let child = libc::WEXITSTATUS(status);
    assert_eq!(
        (mismatches, errors),
        (0, 0),
        "parent: crossed answers or errors"
    );
    assert_eq!(
        child,
        0,
        "child: {} crossed answers or errors",
        child.saturating_sub(1)
    );
    assert_eq!(server.requests(), 1 + 2 * CALLS);
    assert_eq!(
        server.connections(),
        2,
        "the parent kept its connection, the child made one"
    );
}
