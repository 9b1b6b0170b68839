"""What every Python client of the benchmark shares: arguments, the timing loop, the report.

Each client script is run as ``python CLIENT.py BASE_URL N WARMUP LATENCY_FILE [CA_BUNDLE]``
in its own process (CA_BUNDLE: the PEM file of the HTTPS server's CA; the runner also sets
``REQUESTS_CA_BUNDLE`` to it, which requests honours). It makes WARMUP untimed calls, then N timed ones; writes each timed call's latency in
nanoseconds, one per line, to LATENCY_FILE; and prints
``n=<N> wall_ns=<ns> cpu_user_ns=<ns> cpu_sys_ns=<ns>`` (CPU time of the timed loop only, from
getrusage), the format the Rust and C clients print too.
"""

from __future__ import annotations

import resource
import sys
import time
from typing import Callable

API_KEY = "bench-api-key-0123456789"
HOOK_URL = "https://mysite.com/hook"
ACTION = "scheduled"
REF_ID = "3dc079614bdc3f281d9"


def args() -> tuple[str, int, int, str, str | None]:
    if len(sys.argv) not in (5, 6):
        sys.exit(f"usage: {sys.argv[0]} BASE_URL N WARMUP LATENCY_FILE [CA_BUNDLE]")
    ca_bundle = sys.argv[5] if len(sys.argv) == 6 else None
    return sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], ca_bundle


def _cpu_ns() -> tuple[int, int]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return round(usage.ru_utime * 1e9), round(usage.ru_stime * 1e9)


def _check(ref_id: object) -> None:
    if ref_id != REF_ID:
        sys.exit(f"unexpected answer: refId {ref_id!r}")


def measure(call: Callable[[], object], n: int, warmup: int, latency_path: str) -> None:
    for _ in range(warmup):
        _check(call())
    latencies = [0] * n
    clock = time.perf_counter_ns
    result: object = None
    user0, sys0 = _cpu_ns()
    start = clock()
    for i in range(n):
        t = clock()
        result = call()
        latencies[i] = clock() - t
    wall = clock() - start
    user1, sys1 = _cpu_ns()
    _check(result)
    with open(latency_path, "w") as out:
        out.write("\n".join(map(str, latencies)))
        out.write("\n")
    print(f"n={n} wall_ns={wall} cpu_user_ns={user1 - user0} cpu_sys_ns={sys1 - sys0}")
