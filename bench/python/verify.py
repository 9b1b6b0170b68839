"""Signature verification throughput in Python: this project's package (`verify_signature`) and
the standard library's `hmac` (OpenSSL) with `hmac.compare_digest`, the anchor.

Prints ``impl=<package|hmac> size=<bytes> s_per_op=<seconds> mb_per_s=<MB/s>`` lines. The body,
secret and timing method are those of the Rust side (bench/src/verify.rs): a deterministic body,
a hex signature, batches of about 50 ms for about 1.5 s, the median batch.
"""

from __future__ import annotations

import hmac
import time
from typing import Callable

from ayrshare_webhooks import verify_signature

SECRET = b"bench-webhook-secret"
SIZES = (1024, 1024 * 1024)


def body(size: int) -> bytes:
    return bytes((i * 31 + 7) % 251 for i in range(size))


def median_seconds_per_op(op: Callable[[], object], total: float = 1.5) -> float:
    clock = time.perf_counter
    batch = 1
    while True:
        t = clock()
        for _ in range(batch):
            op()
        if clock() - t >= 0.05 or batch >= 1 << 24:
            break
        batch *= 2
    per_op: list[float] = []
    start = clock()
    while clock() - start < total or len(per_op) < 5:
        t = clock()
        for _ in range(batch):
            op()
        per_op.append((clock() - t) / batch)
    per_op.sort()
    return per_op[len(per_op) // 2]


def main() -> None:
    for size in SIZES:
        data = body(size)
        signature = hmac.new(SECRET, data, "sha256").hexdigest()
        verify_signature(SECRET, data, signature)  # raises if it disagrees with hmac

        def package() -> object:
            return verify_signature(SECRET, data, signature)

        def anchor() -> object:
            if not hmac.compare_digest(hmac.new(SECRET, data, "sha256").hexdigest(), signature):
                raise AssertionError("hmac disagrees with itself")
            return None

        for name, op in (("package", package), ("hmac", anchor)):
            s = median_seconds_per_op(op)
            print(f"impl={name} size={size} s_per_op={s:e} mb_per_s={size / s / 1e6:.1f}")


main()
