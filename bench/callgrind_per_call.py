"""Instructions per call, by function, from two callgrind profiles of the same client that
differ only in their number of timed calls: (profile B - profile A) / (N_B - N_A), so start-up,
the TLS handshake and warm-up cancel out.

usage: python3 bench/callgrind_per_call.py A.out B.out CALLS_DIFFERENCE [--exclusive] [--top N]
"""

from __future__ import annotations

import re
import subprocess
import sys

LINE = re.compile(r"\s*([\d,]+)\s+\([^)]*\)\s+(.*)$")


def load(path: str, inclusive: bool) -> dict[str, int]:
    text = subprocess.run(
        ["callgrind_annotate", f"--inclusive={'yes' if inclusive else 'no'}", "--threshold=100", path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    counts: dict[str, int] = {}
    for line in text.splitlines():
        match = LINE.match(line)
        if match:
            name = re.sub(r"\s*\[[^\]]*\]$", "", match.group(2))
            counts[name] = counts.get(name, 0) + int(match.group(1).replace(",", ""))
    return counts


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) < 3:
        sys.exit(__doc__)
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 40
    inclusive = "--exclusive" not in sys.argv
    a, b, calls = load(args[0], inclusive), load(args[1], inclusive), int(args[2])
    rows = sorted(((b.get(k, 0) - a.get(k, 0)) / calls, k) for k in set(a) | set(b))
    for per_call, name in reversed(rows[-top:]):
        print(f"{per_call:10.0f}  {name[:140]}")


main()
