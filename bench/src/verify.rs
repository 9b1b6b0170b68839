//! Signature verification throughput of the core's `verify_signature`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ring::hmac;

/// The secret every verification benchmark uses.
pub const SECRET: &[u8] = b"bench-webhook-secret";
/// The body sizes measured: 1 KiB and 1 MiB.
pub const SIZES: [usize; 2] = [1024, 1024 * 1024];

/// A deterministic body of `len` bytes (the Python side builds the same one).
pub fn body(len: usize) -> Vec<u8> {
    (0..len).map(|i| ((i * 31 + 7) % 251) as u8).collect()
}

/// Lower-case hex HMAC-SHA256 of `body`, computed with ring directly.
pub fn signature_hex(body: &[u8]) -> String {
    let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, SECRET), body);
    tag.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

/// Times `op` in batches for about `total`, each batch about 50 ms, and returns the median
/// seconds per operation over the batches.
pub fn median_seconds_per_op(total: Duration, mut op: impl FnMut()) -> f64 {
    // Calibrate the batch size to roughly 50 ms.
    let mut batch = 1usize;
    loop {
        let t = Instant::now();
        for _ in 0..batch {
            op();
        }
        if t.elapsed() >= Duration::from_millis(50) || batch >= 1 << 24 {
            break;
        }
        batch *= 2;
    }
    let mut per_op = Vec::new();
    let start = Instant::now();
    while start.elapsed() < total || per_op.len() < 5 {
        let t = Instant::now();
        for _ in 0..batch {
            op();
        }
        per_op.push(t.elapsed().as_secs_f64() / batch as f64);
    }
    per_op.sort_by(f64::total_cmp);
    per_op[per_op.len() / 2]
}

/// Measures `verify_signature` at each size; prints
/// `impl=core size=<bytes> s_per_op=<seconds> mb_per_s=<MB/s>` lines (MB = 10^6 bytes).
pub fn run() -> Result<(), String> {
    for size in SIZES {
        let body = body(size);
        let signature = signature_hex(&body);
        ayrshare_webhooks::verify_signature(SECRET, &body, &signature)
            .map_err(|e| format!("the core rejected a good signature: {e}"))?;
        let s = median_seconds_per_op(Duration::from_millis(1500), || {
            let ok = ayrshare_webhooks::verify_signature(
                black_box(SECRET),
                black_box(&body),
                black_box(&signature),
            );
            black_box(ok).ok();
        });
        println!(
            "impl=core size={size} s_per_op={s:e} mb_per_s={:.1}",
            size as f64 / s / 1e6
        );
    }
    Ok(())
}
