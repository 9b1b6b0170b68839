"""Drives the scripted fault server (``tests/faultserver``, README there) from Python.

``make test-python`` builds the binary first (``make faultserver``) and exports its path as
``AYRSHARE_FAULTSERVER``, and the shared bad-input table's as ``AYRSHARE_BAD_INPUTS``
(``mk/faults.mk``). Without the binary the suites that need it fail: they never skip.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

#: The variable naming the fault-server binary.
BINARY_VARIABLE = "AYRSHARE_FAULTSERVER"
#: The variable naming the shared bad-input table.
BAD_INPUTS_VARIABLE = "AYRSHARE_BAD_INPUTS"
#: Where the table is in this repository, when the variable is not set.
BAD_INPUTS_IN_REPOSITORY = Path(__file__).resolve().parents[1] / "cases" / "bad_inputs.json"

#: The ref id of every success answer of the fault server.
REF_ID = "faultserver-ref-id"
#: The webhooks a `GET .../hook/webhook` success answer lists.
LISTED = {
    "feed": "https://example.com/hooks/feed",
    "scheduled": "https://example.com/hooks/scheduled",
}
#: The reason phrases of the statuses whose error answers the suites check.
REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    429: "Too Many Requests",
    503: "Service Unavailable",
}

#: How long to wait for the server to print its URLs, or for the control port to answer.
STARTUP_SECONDS = 15.0

# The control port is always on 127.0.0.1: never go through an http_proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def error_code(status: int) -> int:
    """The Ayrshare-style ``code`` of the fault server's error body for ``status``."""
    return 1000 + status


def error_message(status: int) -> str:
    """The ``message`` of the fault server's error body for ``status``."""
    return f"fault server: HTTP {status} {REASONS[status]}"


class FaultServerUnavailable(Exception):
    """The fault-server binary is not configured, missing, or did not start."""


def binary_path() -> str:
    """The fault-server binary from ``AYRSHARE_FAULTSERVER``; raises with what to do if not."""
    path = os.environ.get(BINARY_VARIABLE, "")
    if not path:
        raise FaultServerUnavailable(
            f"{BINARY_VARIABLE} is not set: run the Python suite with `make test-python`, "
            "which builds the fault server (`make faultserver`) and sets it, or set it to "
            "the path of target/debug/ayrshare-faultserver"
        )
    if not os.path.isfile(path) or not os.access(path, os.X_OK):
        raise FaultServerUnavailable(
            f"{BINARY_VARIABLE}={path!r} is not an executable file: build it with "
            "`make faultserver`"
        )
    return path


def bad_inputs_path() -> Path:
    """The bad-input table: ``AYRSHARE_BAD_INPUTS``, else this repository's copy."""
    configured = os.environ.get(BAD_INPUTS_VARIABLE, "")
    return Path(configured) if configured else BAD_INPUTS_IN_REPOSITORY


@dataclass(frozen=True)
class Stats:
    """What the server saw on its API port (and, for a TLS server, on its TLS front)."""

    connections: int
    requests: int
    script: str
    handshakes: int = 0
    tls_connections: int = 0

    @classmethod
    def of(cls, answer: dict[str, Any]) -> Stats:
        return cls(
            answer["connections"],
            answer["requests"],
            answer["script"],
            answer.get("handshakes", 0),
            answer.get("tls_connections", 0),
        )


def _read_lines(
    process: subprocess.Popen[bytes], errors: IO[bytes], count: int, deadline: float
) -> list[str]:
    """The first ``count`` lines of the process's stdout, without ever blocking past
    ``deadline`` (a server that hangs before printing fails the test instead)."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    data = b""
    while data.count(b"\n") < count:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FaultServerUnavailable(f"the fault server printed only {data!r}")
        readable, _, _ = select.select([fd], [], [], remaining)
        if readable:
            chunk = os.read(fd, 4096)
            if not chunk:
                status = process.wait()
                errors.seek(0)
                complaint = errors.read().decode(errors="replace")
                raise FaultServerUnavailable(
                    f"the fault server exited (status {status}) after printing {data!r}: "
                    f"{complaint.strip()}"
                )
            data += chunk
    return data.decode().splitlines()[:count]


class FaultServer:
    """One ``ayrshare-faultserver`` process playing ``script``, stopped by ``close()``.

    Started with ``--exit-on-stdin-eof`` and a pipe as its stdin, so it cannot outlive the
    test runner even if this object is never closed.
    """

    def __init__(self, script: str, binary: str | None = None, tls: str | None = None) -> None:
        self.script = script
        # A file, not a pipe: a server that wrote much to stderr could never block on it.
        self._errors = tempfile.TemporaryFile()
        self._dir = tempfile.TemporaryDirectory(prefix="ayr-faultserver-")
        #: With ``tls`` (a certificate kind: ``valid``, ``expired``, ``wrong-host``,
        #: ``unknown-issuer``, ``ca-as-leaf``), the PEM file of the CA that issued it.
        self.ca_bundle = os.path.join(self._dir.name, "ca.pem")
        command = [binary or binary_path(), script, "--exit-on-stdin-eof"]
        if tls is not None:
            command += ["--tls", tls, "--ca-out", self.ca_bundle]
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
        )
        try:
            lines = _read_lines(
                self._process, self._errors, 2, time.monotonic() + STARTUP_SECONDS
            )
        except BaseException:
            self.close()
            raise
        #: The API base URL to give a client, ``http://127.0.0.1:PORT/api`` (with ``tls``:
        #: ``https://localhost:PORT/api``).
        self.base_url = lines[0].strip()
        #: The control URL, ``http://127.0.0.1:PORT2``.
        self.control_url = lines[1].strip()
        expected = "https://localhost:" if tls is not None else "http://127.0.0.1:"
        if not self.base_url.startswith(expected):
            self.close()
            raise FaultServerUnavailable(f"unexpected base URL line {self.base_url!r}")

    def _control(self, path: str, body: bytes | None = None) -> dict[str, Any]:
        request = urllib.request.Request(
            self.control_url + path, data=body, method="GET" if body is None else "POST"
        )
        with _OPENER.open(request, timeout=STARTUP_SECONDS) as answer:
            parsed: dict[str, Any] = json.load(answer)
        return parsed

    def stats(self) -> Stats:
        """The connections accepted and requests read on the API port so far."""
        return Stats.of(self._control("/stats"))

    def counts(self) -> tuple[int, int]:
        """``(requests, connections)``, the order the Rust suites assert them in."""
        stats = self.stats()
        return stats.requests, stats.connections

    def reset(self, script: str | None = None) -> Stats:
        """Zeroes both counters and restarts the script (or plays ``script`` from now on)."""
        answer = self._control("/reset", (script or "").encode())
        if script is not None:
            self.script = script
        return Stats.of(answer)

    def close(self) -> None:
        """Stops the server (closing its stdin, then killing it if it lingers)."""
        process = self._process
        if process.stdin is not None and not process.stdin.closed:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        self._errors.close()
        self._dir.cleanup()

    def __enter__(self) -> FaultServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def closed_base_url(binary: str | None = None) -> str:
    """A base URL on a port of 127.0.0.1 where nothing listens (connection refused)."""
    printed = subprocess.run(
        [binary or binary_path(), "--closed-url"],
        capture_output=True,
        check=True,
        text=True,
        timeout=STARTUP_SECONDS,
    ).stdout.strip()
    if not printed.startswith("http://127.0.0.1:"):
        raise FaultServerUnavailable(f"unexpected --closed-url output {printed!r}")
    return printed
