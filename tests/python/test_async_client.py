"""``AsyncClient``: the same calls as coroutines on a bounded thread pool the client owns;
concurrency that really overlaps; cancellation that frees the call at once; closing."""

from __future__ import annotations

import asyncio
import inspect
import statistics
import time
from collections.abc import Callable

import pytest
from pytest_httpserver import HTTPServer

from faultkit import LISTED, FaultServer
from support import HOOK_PATH

from ayrshare_webhooks import (
    AsyncClient,
    Client,
    ClientClosedError,
    InvalidInputError,
    NotFoundError,
    Webhook,
)

API_KEY = "async-test-api-key"
#: The latency the server adds to every request.
LATENCY_MS = 20


@pytest.mark.asyncio
async def test_every_operation_as_a_coroutine(
    start_faultserver: Callable[..., FaultServer],
) -> None:
    server = start_faultserver("200")
    async with AsyncClient(API_KEY, base_url=server.base_url, max_retries=0) as client:
        hook = await client.register_webhook("feed", "https://example.com/hook", secret="s")
        assert isinstance(hook, Webhook) and hook.url == "https://example.com/hook"
        assert await client.list_webhooks() == LISTED
        await client.unregister_webhook("feed")
        await client.rotate_webhook_secret("new-secret")
        profiled = client.with_profile_key("profile-key-1")
        assert await profiled.list_webhooks() == LISTED
    assert client.closed and profiled.closed
    assert server.stats().requests == 5


@pytest.mark.asyncio
async def test_errors_are_the_clients_exceptions(httpserver: HTTPServer) -> None:
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_json(
        {"status": "error", "code": 404, "message": "nothing"}, status=404
    )
    async with AsyncClient(API_KEY, base_url=httpserver.url_for("/api")) as client:
        with pytest.raises(NotFoundError):
            await client.unregister_webhook("feed")
        with pytest.raises(InvalidInputError):
            await client.register_webhook("feed", "http://not-https.example/")


@pytest.mark.asyncio
async def test_fifty_concurrent_registrations_overlap(
    start_faultserver: Callable[..., FaultServer],
) -> None:
    server = start_faultserver(f"slow:{LATENCY_MS}")
    async with AsyncClient(API_KEY, base_url=server.base_url, max_retries=0) as client:
        # Warm: the threads and connections a burst of 50 needs exist before it is timed.
        await asyncio.gather(
            *(client.register_webhook("feed", f"https://example.com/w{i}") for i in range(50))
        )
        # Each figure is the median of three timings, so one slow spell of a busy machine
        # decides neither.
        singles: list[float] = []
        bursts: list[float] = []
        for _ in range(3):
            started = time.monotonic()
            await client.register_webhook("feed", "https://example.com/one")
            singles.append(time.monotonic() - started)
            started = time.monotonic()
            hooks = await asyncio.gather(
                *(client.register_webhook("feed", f"https://example.com/{i}") for i in range(50))
            )
            bursts.append(time.monotonic() - started)
            assert [h.url for h in hooks] == [f"https://example.com/{i}" for i in range(50)]
        one, fifty = statistics.median(singles), statistics.median(bursts)
    print(f"50 concurrent registrations, {LATENCY_MS} ms each: {fifty:.3f} s, one: {one:.3f} s")
    assert fifty <= 3 * one, f"50 calls took {fifty:.3f} s, one took {one:.3f} s"


@pytest.mark.asyncio
async def test_cancelling_the_task_returns_at_once_and_stops_the_call(
    start_faultserver: Callable[..., FaultServer],
) -> None:
    silent = start_faultserver("silent")
    async with AsyncClient(API_KEY, base_url=silent.base_url, max_concurrency=1) as client:
        task = asyncio.create_task(client.list_webhooks())
        # Cancel once the request is on the wire, however slow the worker thread was to start.
        deadline = time.monotonic() + 10
        while silent.stats().requests == 0 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert silent.stats().requests == 1, "the call reached the server"
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # At once: nothing waits for the worker thread (which polls every 100 ms).
        assert time.monotonic() - started < 0.09, "the wait is abandoned at once"
        # The one worker thread is free again once the call itself has stopped.
        freed = time.monotonic()
        probe = client._pool.executor.submit(time.monotonic)
        ran_at = await asyncio.wrap_future(probe)
        assert ran_at - freed < 0.6, "the cancelled call stopped within 100 ms or so"
    assert silent.stats().requests == 1


@pytest.mark.asyncio
async def test_a_closed_client_refuses_calls(httpserver: HTTPServer) -> None:
    client = AsyncClient(API_KEY, base_url=httpserver.url_for("/api"))
    await client.aclose()
    await client.aclose()
    with pytest.raises(ClientClosedError):
        await client.list_webhooks()
    assert httpserver.log == []


def test_settings_match_the_clients() -> None:
    ours = inspect.signature(AsyncClient).parameters
    theirs = inspect.signature(Client).parameters
    assert [name for name in ours if name != "max_concurrency"] == list(theirs)
    for name, parameter in theirs.items():
        assert ours[name].default == parameter.default, name
        assert ours[name].kind == parameter.kind, name


@pytest.mark.parametrize("value", [0, 1025, -1])
def test_max_concurrency_out_of_range_is_invalid_input(value: int) -> None:
    with pytest.raises(InvalidInputError) as caught:
        AsyncClient(API_KEY, max_concurrency=value)
    assert caught.value.field == "max_concurrency"


@pytest.mark.parametrize("value", [True, 2.0, "8"])
def test_max_concurrency_of_another_type_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError):
        AsyncClient(API_KEY, max_concurrency=value)  # type: ignore[arg-type]


