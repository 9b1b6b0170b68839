"""`import <module>` time in fresh interpreters: the median of RUNS runs (after one untimed run
that warms the file cache), for this project's package and, for comparison, social-post-api.

Prints ``module=<name> median_ms=<ms> runs=<RUNS>`` lines.
"""

import statistics
import subprocess
import sys

RUNS = 15
MODULES = ("ayrshare_webhooks", "ayrshare")
CODE = "import time; t = time.perf_counter_ns(); import {0}; print(time.perf_counter_ns() - t)"


def once(module: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", CODE.format(module)], check=True, capture_output=True, text=True
    )
    return int(out.stdout)


for module in MODULES:
    once(module)
    runs = [once(module) for _ in range(RUNS)]
    print(f"module={module} median_ms={statistics.median(runs) / 1e6:.2f} runs={RUNS}")
