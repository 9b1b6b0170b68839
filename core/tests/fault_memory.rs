//! Case 6's memory bound: a 10 MiB answer, plain or inflated from a 10 KiB gzip body, must not
//! cost 10 MiB. The peak resident set of this test binary (alone in its process, one test)
//! grows by far less than the body's size.

mod faultkit;

use ayrshare_faultserver::{FaultServer, HUGE_BODY_BYTES};
use ayrshare_webhooks::{Error, MAX_RESPONSE_BYTES};
use faultkit::client;

/// The process's peak resident set size in bytes (`VmHWM`), where `/proc` has it.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn assert_cut_at_the_cap(err: &Error) {
    assert!(
        matches!(err, Error::Decode { status: Some(200), reason, .. }
            if reason.contains(&format!("{MAX_RESPONSE_BYTES}-byte limit"))),
        "{err:?}"
    );
}

/// One test, so nothing else runs in this process while the peak is measured.
#[test]
fn a_10_mib_answer_is_cut_at_the_cap_with_bounded_memory() {
    let server = FaultServer::start("200,huge,gzip-bomb");
    let client = client(&server.base_url(), 0);
    // Warm up: the first call pays for the agent, its buffers and the thread stacks.
    client.list_webhooks().expect("a normal answer first");
    let before = peak_rss_bytes();

    assert_cut_at_the_cap(&client.list_webhooks().unwrap_err()); // 10 MiB plain
    assert_cut_at_the_cap(&client.list_webhooks().unwrap_err()); // 10 MiB inflated from gzip
    assert_eq!(server.requests(), 3);

    let (Some(before), Some(after)) = (before, peak_rss_bytes()) else {
        eprintln!("no /proc/self/status here: memory not measured");
        return;
    };
    let growth = after.saturating_sub(before);
    // Reading up to the cap holds the 1 MiB body, a growing buffer and the gzip state (about
    // 2.5 MiB measured); reading the whole body would need at least HUGE_BODY_BYTES (10 MiB).
    let bound = 5 * MAX_RESPONSE_BYTES;
    eprintln!("peak RSS grew by {growth} bytes (bound {bound}, bodies {HUGE_BODY_BYTES})");
    assert!(
        growth < bound,
        "peak RSS grew by {growth} bytes reading a {HUGE_BODY_BYTES}-byte answer"
    );

    // The measurement itself can see a body of that size held in memory.
    let held = std::hint::black_box(vec![1u8; HUGE_BODY_BYTES]);
    let seen = peak_rss_bytes().unwrap_or(0).saturating_sub(after);
    assert!(
        seen >= bound,
        "holding {} bytes raised the peak by only {seen}",
        held.len()
    );
}
