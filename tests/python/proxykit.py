"""Starts Debian's ``tinyproxy`` as a real HTTP CONNECT proxy for the proxy tests.

The test command installs tinyproxy (``make test-tools``) and sets ``AYRSHARE_REQUIRE_TOOLS=1``,
so there a missing binary fails the test; elsewhere the proxy tests skip with the reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Tinyproxy:
    """One tinyproxy on a free port of 127.0.0.1; ``close()`` stops it."""

    def __init__(
        self, credentials: tuple[str, str] | None = None, connect_ports: tuple[int, ...] = ()
    ) -> None:
        binary = shutil.which("tinyproxy") or next(
            (p for p in ("/usr/bin/tinyproxy", "/usr/sbin/tinyproxy") if os.path.exists(p)), None
        )
        if binary is None:
            if os.environ.get("AYRSHARE_REQUIRE_TOOLS"):
                pytest.fail("tinyproxy is not installed (apt-get install tinyproxy)")
            pytest.skip("tinyproxy is not installed")
        self.port = _free_port()
        self._dir = tempfile.TemporaryDirectory(prefix="ayr-tinyproxy-")
        self._log = Path(self._dir.name) / "log"
        lines = [
            f"Port {self.port}",
            "Listen 127.0.0.1",
            "Timeout 30",
            "MaxClients 50",
            "Allow 127.0.0.1",
            "LogLevel Connect",
            f'LogFile "{self._log}"',
            f'PidFile "{Path(self._dir.name) / "pid"}"',
        ]
        if credentials is not None:
            lines.append(f"BasicAuth {credentials[0]} {credentials[1]}")
        lines += [f"ConnectPort {port}" for port in connect_ports]
        config = Path(self._dir.name) / "tinyproxy.conf"
        config.write_text("\n".join(lines) + "\n")
        self._process = subprocess.Popen(
            [binary, "-d", "-c", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.02)
        self.close()
        raise RuntimeError(f"tinyproxy did not listen on port {self.port}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_with(self, user: str, password: str) -> str:
        return f"http://{user}:{password}@127.0.0.1:{self.port}"

    def connects(self) -> int:
        """How many CONNECT requests tinyproxy has logged."""
        try:
            return self._log.read_text(errors="replace").count("Request (file descriptor")
        except FileNotFoundError:
            return 0

    def close(self) -> None:
        self._process.kill()
        self._process.wait()
        self._dir.cleanup()

    def __enter__(self) -> Tinyproxy:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
