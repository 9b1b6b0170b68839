"""Run by test_faults.py in a fresh interpreter: the peak memory of reading a 10 MiB answer.

Usage: ``python memory_probe.py BASE_URL`` against a fault server playing
``200,huge,gzip-bomb``. Prints a JSON report: the peak resident set (``VmHWM``, bytes) growth
over the two oversized answers, the peak of Python's own allocations (tracemalloc) during them,
the errors raised, and the same growth for holding a body of that size (proof that the measure
sees it).

``VmHWM`` rather than ``ru_maxrss``: after fork and exec, ``ru_maxrss`` can still carry the
parent's (pytest's) size. The peak is reset (``/proc/self/clear_refs``) before each
measurement, so nothing earlier in the process can hide a growth.
"""

from __future__ import annotations

import json
import sys
import tracemalloc
from pathlib import Path

from ayrshare_webhooks import Client, DecodeError

HUGE_BODY_BYTES = 10 * 1024 * 1024


def status_bytes(name: str) -> int:
    """A ``kB`` field of /proc/self/status, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {name} in /proc/self/status")


def reset_peak() -> int:
    """Resets the peak resident set to the current one (Linux 4.0+); returns the baseline:
    the current size if the reset worked, else the peak so far."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return status_bytes("VmHWM")
    return status_bytes("VmHWM")


def main(base_url: str) -> None:
    client = Client("memory-probe-api-key", base_url=base_url, timeout=10.0, max_retries=0)
    # Warm up: the first call pays for the agent, its buffers and the thread stacks.
    client.list_webhooks()
    errors: list[tuple[str, int | None]] = []
    tracemalloc.start()
    before = reset_peak()
    for _ in range(2):  # 10 MiB plain, then 10 MiB inflated from a 10 KiB gzip body
        try:
            client.list_webhooks()
        except DecodeError as error:
            errors.append((type(error).__name__, error.status_code))
    after = status_bytes("VmHWM")
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    baseline = reset_peak()
    held = b"\x01" * HUGE_BODY_BYTES  # written, so every page is resident
    holding = status_bytes("VmHWM")
    print(
        json.dumps(
            {
                "errors": errors,
                "growth": after - before,
                "python_peak": python_peak,
                "growth_holding_body": holding - baseline,
                "held": len(held),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
