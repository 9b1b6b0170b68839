"""Signals during a call: Ctrl-C ends a call to a silent server with ``KeyboardInterrupt``
within a fraction of a second, a signal handler's own exception comes through as itself, and
one raised while an error is being made is never turned into a ``RuntimeError``."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType

import pytest

from faultkit import FaultServer

from ayrshare_webhooks import AyrshareError, Client, verify_signature


class HandlerError(Exception):
    """What the tests' signal handler raises."""


class SignalTimer(threading.Timer):
    """Sends `signum` to this process after `delay` seconds, noting when it did."""

    def __init__(self, signum: int, delay: float) -> None:
        super().__init__(delay, self._send, (signum,))
        self.sent_at: float | None = None

    def _send(self, signum: int) -> None:
        self.sent_at = time.monotonic()
        os.kill(os.getpid(), signum)


def send_later(signum: int, delay: float) -> SignalTimer:
    timer = SignalTimer(signum, delay)
    timer.start()
    return timer


@pytest.fixture
def raising_handler() -> Iterator[None]:
    """SIGUSR1 and SIGALRM raise HandlerError while the test runs."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise HandlerError(f"signal {signum}")

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGUSR1, signal.SIGALRM)}
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, old in previous.items():
            signal.signal(sig, old)


def test_ctrl_c_ends_a_call_to_a_silent_server_with_keyboard_interrupt(
    start_faultserver: Callable[..., FaultServer],
) -> None:
    server = start_faultserver("silent")
    client = Client("signal-test-key", base_url=server.base_url)  # 30 s timeout, 2 retries
    timer = send_later(signal.SIGINT, 1.0)
    with pytest.raises(KeyboardInterrupt) as caught:
        client.list_webhooks()
    ended = time.monotonic()
    timer.join()
    assert timer.sent_at is not None
    after_signal = ended - timer.sent_at
    print(f"KeyboardInterrupt {after_signal:.3f} s after SIGINT")
    assert type(caught.value) is KeyboardInterrupt
    assert not isinstance(caught.value, AyrshareError)
    assert ended >= timer.sent_at, "the call ended before the signal"
    assert after_signal < 0.3, f"KeyboardInterrupt {after_signal:.2f} s after SIGINT"
    assert server.stats().requests == 1, "not retried"


def test_a_handlers_own_exception_comes_through_as_itself(
    start_faultserver: Callable[..., FaultServer], raising_handler: None
) -> None:
    server = start_faultserver("silent")
    client = Client("signal-test-key", base_url=server.base_url)
    timer = send_later(signal.SIGUSR1, 0.3)
    started = time.monotonic()
    with pytest.raises(HandlerError):
        client.rotate_webhook_secret("new-secret")
    timer.join()
    assert time.monotonic() - started < 1.8


def test_a_signal_while_an_error_is_made_comes_through_as_itself(raising_handler: None) -> None:
    body = b"x" * (128 * 1024 * 1024)
    signal.setitimer(signal.ITIMER_REAL, 0.01)
    with pytest.raises(HandlerError):
        verify_signature("s3cret", body, "00" * 32)
