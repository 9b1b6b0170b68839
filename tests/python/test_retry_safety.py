"""A secret rotation is not idempotent: it is never re-sent once its request may have reached
the server, while the other operations keep their retries."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from faultkit import FaultServer, closed_base_url

from ayrshare_webhooks import APIConnectionError, APITimeoutError, Client, ServerError


def client(base_url: str) -> Client:
    return Client("rotation-test-key", base_url=base_url, timeout=1.0, max_retries=2)


def test_a_rotation_to_a_silent_server_times_out_after_one_request(
    start_faultserver: Callable[..., FaultServer],
) -> None:
    server = start_faultserver("silent")
    with pytest.raises(APITimeoutError) as caught:
        client(server.base_url).rotate_webhook_secret("new-secret")
    assert caught.value.attempts == 1
    assert server.stats().requests == 1


@pytest.mark.parametrize("script", ["503", "reset"])
def test_a_rotation_is_not_resent_after_a_5xx_or_a_reset(
    start_faultserver: Callable[..., FaultServer], script: str
) -> None:
    server = start_faultserver(script)
    with pytest.raises((ServerError, APIConnectionError)):
        client(server.base_url).rotate_webhook_secret("new-secret")
    assert server.stats().requests == 1
    server.reset()
    with pytest.raises((ServerError, APIConnectionError)):
        client(server.base_url).list_webhooks()
    assert server.stats().requests == 3, "a listing is retried"


def test_a_rotation_refused_before_sending_is_retried() -> None:
    with pytest.raises(APIConnectionError) as caught:
        client(closed_base_url()).rotate_webhook_secret("new-secret")
    assert caught.value.attempts == 3
