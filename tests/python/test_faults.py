"""The fault cases of issue 5 from Python, against the scripted fault server
(tests/faultserver): each ends with the exact exception (or success), after the exact number
of requests the server saw, within a bounded time. The Rust model is core/tests/faults.rs.

The single-call cases wait on timeouts and backoffs (about 30 s one after the other), so the
module runs every selected case at once, each against its own server process, in a thread
(calls release the GIL); each test then asserts on its case's recorded outcome.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from faultkit import (
    LISTED,
    REF_ID,
    FaultServer,
    closed_base_url,
    error_code,
    error_message,
)
from support import HOOK_URL

from ayrshare_webhooks import (
    Action,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    Client,
    DecodeError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    Webhook,
)

#: The API key of the fault tests' clients.
API_KEY = "fault-test-api-key"
#: The per-attempt (and connect) timeout of the fault tests' clients, in seconds.
TIMEOUT = 1.0
#: The backoffs of two retries: 0.25-0.5 s then 0.5-1 s (jitter draws from the upper half).
MIN_BACKOFF_TWO_RETRIES = 0.75
MAX_BACKOFF_TWO_RETRIES = 1.5
#: Slack added to every upper bound on elapsed time, for a loaded two-core machine running
#: every case at once.
MARGIN = 3.0
#: The response-size cap of the core (`MAX_RESPONSE_BYTES`).
MAX_RESPONSE_BYTES = 1024 * 1024
#: The size of the fault server's `huge` body.
HUGE_BODY_BYTES = 10 * 1024 * 1024

E = TypeVar("E", bound=BaseException)


def register(client: Client) -> Webhook:
    return client.register_webhook(Action.SCHEDULED, HOOK_URL, secret="fault-test-secret")


def list_webhooks(client: Client) -> dict[str, str]:
    return client.list_webhooks()


def unregister(client: Client) -> None:
    client.unregister_webhook(Action.FEED)


def rotate(client: Client) -> None:
    client.rotate_webhook_secret("s3")


@dataclass(frozen=True)
class Case:
    """One call of one operation against one script (``None``: a port where nothing listens)."""

    script: str | None
    operation: Callable[[Client], object]
    max_retries: int = 2
    timeout: float = TIMEOUT


CASES: dict[str, Case] = {
    "silent": Case("silent", register),
    "silent-no-retries": Case("silent", register, max_retries=0),
    "stall-body": Case("stall-body", list_webhooks),
    "reset": Case("reset", unregister),
    "close": Case("close", list_webhooks),
    "truncated": Case("truncated", register),
    "huge": Case("huge", list_webhooks),
    "gzip-bomb": Case("gzip-bomb", register),
    "garbage": Case("garbage", list_webhooks),
    "mirror": Case("mirror", register, max_retries=0),
    # A 10 s timeout: finishing within the backoffs proves no timeout was waited for.
    "refused": Case(None, list_webhooks, timeout=10.0),
    "drip": Case("drip", register),
    "drip-body": Case("drip-body", list_webhooks),
    "503,503,200": Case("503,503,200", register),
    "503": Case("503", list_webhooks),
    "429:1,200": Case("429:1,200", list_webhooks),
    "429:3600": Case("429:3600", register),
    "429": Case("429", list_webhooks),
    "400": Case("400", register),
    "401": Case("401", register),
    "403": Case("403", register),
    "404": Case("404", register),
}


@dataclass
class Outcome:
    """What one case's call returned or raised, how long it took, and what the server saw."""

    case_id: str
    result: object
    raised: BaseException | None
    elapsed: float
    #: ``(requests, connections)`` seen by the server; ``None`` for the closed port.
    counts: tuple[int, int] | None

    def error(self, cls: type[E]) -> E:
        """The exception raised, which must be exactly of class ``cls``."""
        assert type(self.raised) is cls, (
            f"{self.case_id}: expected {cls.__name__}, got {self.raised!r} "
            f"(result {self.result!r})"
        )
        assert isinstance(self.raised, cls)
        return self.raised

    def value(self) -> object:
        """The value returned; the call must not have raised."""
        assert self.raised is None, f"{self.case_id}: expected success, got {self.raised!r}"
        return self.result

    def assert_elapsed(self, minimum: float, maximum: float) -> None:
        print(f"{self.case_id}: {self.elapsed:.2f} s, (requests, connections) {self.counts}")
        assert minimum <= self.elapsed <= maximum, (
            f"{self.case_id}: took {self.elapsed:.2f} s, expected between {minimum:.2f} s "
            f"and {maximum:.2f} s"
        )


def run_case(case_id: str, case: Case, binary: str) -> Outcome:
    """Plays ``case`` against a server of its own and records the outcome."""
    server = FaultServer(case.script, binary) if case.script is not None else None
    try:
        base_url = server.base_url if server is not None else closed_base_url(binary)
        client = Client(
            API_KEY,
            base_url=base_url,
            timeout=case.timeout,
            connect_timeout=case.timeout,
            max_retries=case.max_retries,
        )
        result: object = None
        raised: BaseException | None = None
        started = time.monotonic()
        try:
            result = case.operation(client)
        except Exception as error:  # asserted on by the test of the case
            raised = error
        elapsed = time.monotonic() - started
        counts = server.counts() if server is not None else None
    finally:
        if server is not None:
            server.close()
    return Outcome(case_id, result, raised, elapsed, counts)


@pytest.fixture(scope="module")
def fault_runs(
    request: pytest.FixtureRequest, faultserver_binary: str
) -> Iterator[dict[str, Future[Outcome]]]:
    """Starts, all at once, the cases the selected tests of this module assert on."""
    wanted = sorted(
        {
            marker.args[0]
            for item in request.session.items
            if isinstance(item, pytest.Function) and item.module is request.module
            for marker in item.iter_markers("fault_case")
        }
    )
    with ThreadPoolExecutor(max_workers=max(1, len(wanted))) as pool:
        yield {
            case_id: pool.submit(run_case, case_id, CASES[case_id], faultserver_binary)
            for case_id in wanted
        }


@pytest.fixture
def outcome(request: pytest.FixtureRequest, fault_runs: dict[str, Future[Outcome]]) -> Outcome:
    """The outcome of the case named by the test's ``fault_case`` marker."""
    marker = request.node.get_closest_marker("fault_case")
    assert marker is not None, "a test using `outcome` needs a fault_case marker"
    return fault_runs[marker.args[0]].result(timeout=120)


def three_timeouts_bounds() -> tuple[float, float]:
    """Three attempts that each run into the 1 s timeout, and two backoffs in between."""
    return 3 * TIMEOUT - 0.05, 3 * TIMEOUT + MAX_BACKOFF_TWO_RETRIES + MARGIN


def retried_bounds() -> tuple[float, float]:
    """Three quick attempts: only the two backoffs are waited for."""
    return MIN_BACKOFF_TWO_RETRIES, MAX_BACKOFF_TWO_RETRIES + MARGIN


def assert_connection_error(outcome: Outcome, attempts: int, reason_has: str) -> None:
    error = outcome.error(APIConnectionError)  # exactly: not the timeout subclass
    assert error.attempts == attempts
    assert reason_has in str(error), str(error)
    assert str(error).startswith(f"connection to the API failed ({attempts} attempt"), str(error)


@pytest.mark.fault_case("silent")
def test_case_01_silent_server_times_out_after_every_attempt(outcome: Outcome) -> None:
    error = outcome.error(APITimeoutError)
    assert error.attempts == 3
    assert str(error) == "request timed out (3 attempts)"
    assert outcome.counts == (3, 3)
    outcome.assert_elapsed(*three_timeouts_bounds())


@pytest.mark.fault_case("silent-no-retries")
def test_case_01_attempts_follow_max_retries(outcome: Outcome) -> None:
    error = outcome.error(APITimeoutError)
    assert error.attempts == 1
    assert str(error) == "request timed out (1 attempt)"
    assert outcome.counts == (1, 1)
    outcome.assert_elapsed(TIMEOUT - 0.05, TIMEOUT + MARGIN)


@pytest.mark.fault_case("stall-body")
def test_case_02_stalled_body_times_out(outcome: Outcome) -> None:
    assert outcome.error(APITimeoutError).attempts == 3
    assert outcome.counts == (3, 3)
    outcome.assert_elapsed(*three_timeouts_bounds())


@pytest.mark.fault_case("reset")
def test_case_03_reset_mid_response_is_a_retried_connection_error(outcome: Outcome) -> None:
    # ureq reads a reset during the body as the peer going away.
    assert_connection_error(outcome, 3, "closed")
    assert outcome.counts == (3, 3)
    outcome.assert_elapsed(*retried_bounds())


@pytest.mark.fault_case("close")
def test_case_04_close_before_answering_is_a_retried_connection_error(
    outcome: Outcome,
) -> None:
    assert_connection_error(outcome, 3, "closed")
    assert outcome.counts == (3, 3)
    outcome.assert_elapsed(*retried_bounds())


@pytest.mark.fault_case("truncated")
def test_case_05_truncated_body_is_never_a_success(outcome: Outcome) -> None:
    assert_connection_error(outcome, 3, "closed")
    assert outcome.counts == (3, 3)
    outcome.assert_elapsed(*retried_bounds())


@pytest.mark.fault_case("huge")
def test_case_06_huge_body_stops_at_the_cap(outcome: Outcome) -> None:
    error = outcome.error(DecodeError)
    assert error.status_code == 200
    assert f"larger than the {MAX_RESPONSE_BYTES}-byte limit" in str(error), str(error)
    assert len(str(error)) < 300, "the message must not quote the body"
    assert outcome.counts == (1, 1), "a body over the cap is not retried"
    outcome.assert_elapsed(0.0, MARGIN)


@pytest.mark.fault_case("gzip-bomb")
def test_case_06_gzip_bomb_stops_at_the_cap(outcome: Outcome) -> None:
    error = outcome.error(DecodeError)
    assert error.status_code == 200
    assert f"larger than the {MAX_RESPONSE_BYTES}-byte limit" in str(error), str(error)
    assert outcome.counts == (1, 1)
    outcome.assert_elapsed(0.0, MARGIN)


def test_case_06_memory_stays_bounded(start_faultserver: Callable[[str], FaultServer]) -> None:
    """A 10 MiB answer, plain or inflated from gzip, does not cost 10 MiB: measured in a fresh
    interpreter (memory_probe.py) whose peak RSS nothing else in this run can raise."""
    server = start_faultserver("200,huge,gzip-bomb")
    probe = Path(__file__).with_name("memory_probe.py")
    finished = subprocess.run(
        [sys.executable, str(probe), server.base_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    report = json.loads(finished.stdout)
    print(f"memory probe: {report}")

    assert report["errors"] == [["DecodeError", 200], ["DecodeError", 200]]
    assert server.stats().requests == 3
    growth = report["growth"]
    # Reading up to the cap holds the 1 MiB body, a growing buffer and the gzip state;
    # reading the whole body would need at least HUGE_BODY_BYTES.
    bound = 5 * MAX_RESPONSE_BYTES
    assert growth < bound, f"peak RSS grew by {growth} bytes reading a 10 MiB answer"
    # Nothing of the body reaches Python's heap (the error does not quote it).
    assert report["python_peak"] < 256 * 1024, report
    # The measurement does see a body of that size held in memory.
    assert report["growth_holding_body"] >= HUGE_BODY_BYTES - 64 * 1024, report


@pytest.mark.fault_case("garbage")
def test_case_07_garbage_is_a_connection_error(outcome: Outcome) -> None:
    assert_connection_error(outcome, 3, "not valid HTTP")
    assert outcome.counts == (3, 3)
    outcome.assert_elapsed(*retried_bounds())


@pytest.mark.fault_case("mirror")
def test_case_07_mirrored_request_is_a_connection_error(outcome: Outcome) -> None:
    assert_connection_error(outcome, 1, "not valid HTTP")
    assert outcome.counts == (1, 1)
    outcome.assert_elapsed(0.0, MARGIN)


@pytest.mark.fault_case("refused")
def test_case_08_refused_connection_fails_quickly(outcome: Outcome) -> None:
    assert_connection_error(outcome, 3, "refused")
    outcome.assert_elapsed(*retried_bounds())


@pytest.mark.fault_case("drip")
def test_case_09_drip_times_out_at_the_whole_attempt_bound(outcome: Outcome) -> None:
    assert outcome.error(APITimeoutError).attempts == 3
    assert outcome.counts == (3, 3)
    outcome.assert_elapsed(*three_timeouts_bounds())


@pytest.mark.fault_case("drip-body")
def test_case_09_body_drip_times_out_at_the_whole_attempt_bound(outcome: Outcome) -> None:
    assert outcome.error(APITimeoutError).attempts == 3
    assert outcome.counts == (3, 3)
    outcome.assert_elapsed(*three_timeouts_bounds())


@pytest.mark.fault_case("503,503,200")
def test_case_10_two_503s_then_success(outcome: Outcome) -> None:
    hook = outcome.value()
    assert hook == Webhook(Action.SCHEDULED, HOOK_URL, status="success", ref_id=REF_ID)
    assert outcome.counts == (3, 1), "three requests on one kept-alive connection"
    outcome.assert_elapsed(*retried_bounds())


@pytest.mark.fault_case("503")
def test_case_10_503_forever_is_a_server_error_after_three_requests(outcome: Outcome) -> None:
    error = outcome.error(ServerError)
    assert error.status_code == 503
    assert error.code == error_code(503)
    assert error.message == error_message(503)
    assert outcome.counts == (3, 1)
    outcome.assert_elapsed(*retried_bounds())


@pytest.mark.fault_case("429:1,200")
def test_case_11_short_retry_after_is_waited_out(outcome: Outcome) -> None:
    assert outcome.value() == LISTED
    assert outcome.counts == (2, 1)
    outcome.assert_elapsed(1.0, 1.0 + MARGIN)


@pytest.mark.fault_case("429:3600")
def test_case_11_long_retry_after_returns_at_once(outcome: Outcome) -> None:
    error = outcome.error(RateLimitError)
    assert error.retry_after == 3600.0
    assert error.status_code == 429
    assert error.code == error_code(429)
    assert error.message == error_message(429)
    assert "retry after 3600 s" in str(error)
    assert outcome.counts == (1, 1)
    outcome.assert_elapsed(0.0, MARGIN)


@pytest.mark.fault_case("429")
def test_case_11_429_without_retry_after_returns_at_once(outcome: Outcome) -> None:
    error = outcome.error(RateLimitError)
    assert error.retry_after is None
    assert error.code == error_code(429)
    assert outcome.counts == (1, 1)
    outcome.assert_elapsed(0.0, MARGIN)


@pytest.mark.parametrize(
    ("status", "exception"),
    [
        pytest.param(400, APIError, marks=pytest.mark.fault_case("400"), id="400"),
        pytest.param(401, AuthenticationError, marks=pytest.mark.fault_case("401"), id="401"),
        pytest.param(403, PermissionDeniedError, marks=pytest.mark.fault_case("403"), id="403"),
        pytest.param(404, NotFoundError, marks=pytest.mark.fault_case("404"), id="404"),
    ],
)
def test_case_11_client_errors_are_not_retried(
    outcome: Outcome, status: int, exception: type[APIError]
) -> None:
    error = outcome.error(exception)
    assert error.status_code == status
    assert error.code == error_code(status)
    assert error.message == error_message(status)
    assert str(error) == (
        f"Ayrshare API error (HTTP {status}, code {error_code(status)}): "
        f"{error_message(status)}"
    )
    assert outcome.counts == (1, 1)
    outcome.assert_elapsed(0.0, MARGIN)


def test_connections_closed_after_an_answer_are_not_reused(
    start_faultserver: Callable[[str], FaultServer],
) -> None:
    server = start_faultserver("hangup")
    client = Client(API_KEY, base_url=server.base_url, timeout=TIMEOUT, max_retries=2)
    for _ in range(3):
        assert client.list_webhooks() == LISTED
    assert server.counts() == (3, 3)


def test_keep_alive_carries_every_operation_on_one_connection(
    start_faultserver: Callable[[str], FaultServer],
) -> None:
    server = start_faultserver("200")
    client = Client(API_KEY, base_url=server.base_url, timeout=TIMEOUT, max_retries=0)
    assert register(client).ref_id == REF_ID
    assert client.list_webhooks() == LISTED
    unregister(client)
    rotate(client)
    assert server.counts() == (4, 1)


def test_every_case_is_asserted() -> None:
    """Each case of CASES has a test (a case without one would never run)."""
    marked: set[str] = set()
    for function in list(globals().values()):
        for mark in getattr(function, "pytestmark", []):
            marks = [mark]
            if mark.name == "parametrize":
                marks = [inner for param in mark.args[1] for inner in getattr(param, "marks", ())]
            marked |= {inner.args[0] for inner in marks if inner.name == "fault_case"}
    assert marked == set(CASES)
