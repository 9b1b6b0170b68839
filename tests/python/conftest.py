"""Fixtures shared by the tests of the installed ``ayrshare_webhooks`` wheel.

Every test talks to a real local HTTP server through the Rust core, so what is asserted is the
traffic the wheel really sends: pytest-httpserver (threaded) for the API's behaviour, and the
project's scripted fault server (tests/faultserver, driven through faultkit.py) for the fault,
bad-input, secret-hygiene and shared-client suites.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer

from faultkit import FaultServer, FaultServerUnavailable, binary_path
from support import API_KEY, ENV_NAMES, PROXY_ENV_NAMES

from ayrshare_webhooks import Client


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fault_case(case_id): the fault case of test_faults.py a test asserts on"
    )


@pytest.fixture(scope="session")
def make_httpserver() -> Iterator[HTTPServer]:
    """One threaded server for the session (overrides pytest-httpserver's), so a slow handler
    never blocks another request and concurrent calls are really concurrent."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture(autouse=True)
def _no_ayrshare_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests start without AYRSHARE_* or proxy variables; the ones about the environment set
    them."""
    for name in ENV_NAMES + PROXY_ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def base_url(httpserver: HTTPServer) -> str:
    """The stand-in API root, as Ayrshare's is ``https://api.ayrshare.com/api``."""
    return httpserver.url_for("/api")


@pytest.fixture
def make_client(base_url: str) -> Callable[..., Client]:
    """Builds a client of the local server; keyword arguments override the test defaults."""

    def make(**overrides: object) -> Client:
        settings: dict[str, object] = {"base_url": base_url, "max_retries": 0, "timeout": 5.0}
        settings.update(overrides)
        return Client(API_KEY, **settings)  # type: ignore[arg-type]

    return make


@pytest.fixture
def client(make_client: Callable[..., Client]) -> Client:
    """A client of the local server that does not retry."""
    return make_client()


@pytest.fixture(scope="session")
def faultserver_binary() -> str:
    """The fault-server binary (AYRSHARE_FAULTSERVER). Fails, never skips, when it is unset
    or missing: the fault, bad-input, hygiene and concurrency suites must run."""
    try:
        return binary_path()
    except FaultServerUnavailable as error:
        problem = str(error)
    pytest.fail(problem, pytrace=False)


@pytest.fixture
def start_faultserver(faultserver_binary: str) -> Iterator[Callable[..., FaultServer]]:
    """Starts fault servers playing a script; every one is stopped at teardown."""
    started: list[FaultServer] = []

    def start(script: str, tls: str | None = None) -> FaultServer:
        server = FaultServer(script, faultserver_binary, tls=tls)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
