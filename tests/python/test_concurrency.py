"""Calls release the GIL while they wait, and one client serves many threads."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from faultkit import LISTED, FaultServer
from pytest_httpserver import HTTPServer
from support import HOOK_PATH, HOOK_URL, PROFILE_KEY, json_body, requests_seen
from werkzeug import Request, Response

from ayrshare_webhooks import Action, Client, Webhook


def test_a_waiting_call_lets_other_threads_run(
    httpserver: HTTPServer, client: Client
) -> None:
    entered = threading.Event()

    def slow(_: Request) -> Response:
        entered.set()
        time.sleep(1.0)
        return Response('{"status":"success","feed":"https://example.com/f"}',
                        content_type="application/json")

    httpserver.expect_request(HOOK_PATH).respond_with_handler(slow)
    finished = threading.Event()
    results: list[object] = []

    def call() -> None:
        try:
            results.append(client.list_webhooks())
        except BaseException as error:  # reported by the assertion below
            results.append(error)
        finally:
            finished.set()

    caller = threading.Thread(target=call)
    caller.start()
    entered.wait(10)
    counter = 0
    deadline = time.monotonic() + 20
    # Only advances while the caller does not hold the GIL.
    while not finished.is_set() and time.monotonic() < deadline:
        counter += 1
    caller.join(20)

    assert results == [{"feed": "https://example.com/f"}]
    assert counter > 10_000, f"the main thread barely ran during the call ({counter} steps)"


def test_eight_threads_share_one_client(httpserver: HTTPServer, client: Client) -> None:
    def echo(request: Request) -> Response:
        time.sleep(0.05)
        sent = json_body(request)
        answer = {
            "status": "success",
            "action": sent["action"],
            "url": sent["url"],
            "refId": request.headers.get("Profile-Key", "primary"),
        }
        return Response(json.dumps(answer), content_type="application/json")

    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_handler(echo)
    profile_client = client.with_profile_key(PROFILE_KEY)
    calls_per_thread = 6

    def work(thread: int) -> list[Webhook]:
        user = profile_client if thread % 2 else client
        return [
            user.register_webhook("scheduled", f"https://example.com/t{thread}/c{call}")
            for call in range(calls_per_thread)
        ]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        per_thread = list(pool.map(work, range(8)))
    elapsed = time.monotonic() - started

    for thread, hooks in enumerate(per_thread):
        expected_ref = PROFILE_KEY if thread % 2 else "primary"
        assert [hook.url for hook in hooks] == [
            f"https://example.com/t{thread}/c{call}" for call in range(calls_per_thread)
        ]
        assert all(hook.ref_id == expected_ref for hook in hooks)
    seen = requests_seen(httpserver)
    assert len(seen) == 8 * calls_per_thread
    assert len({json_body(request)["url"] for request in seen}) == 8 * calls_per_thread
    serial_time = 8 * calls_per_thread * 0.05
    assert elapsed < serial_time, f"{elapsed:.2f} s: the threads did not overlap"


def test_clients_are_usable_from_threads_they_were_not_built_in(
    httpserver: HTTPServer, make_client: Callable[..., Client]
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json({"status": "success"})
    built: list[Client] = []
    maker = threading.Thread(target=lambda: built.append(make_client()))
    maker.start()
    maker.join()

    assert built[0].list_webhooks() == {}


def test_eight_threads_by_500_calls_reuse_keep_alive_connections(
    start_faultserver: Callable[[str], FaultServer],
) -> None:
    """One client shared by 8 threads, 500 calls each, against the fault server answering
    200 with keep-alive: every call succeeds, and the pool reuses its connections (at most one
    per thread) instead of opening one per call. The Rust model is core/tests/concurrency.rs.
    """
    threads, calls_per_thread = 8, 500
    server = start_faultserver("200")
    # Generous timeout: a loaded machine must not turn this into a timing test.
    client = Client("concurrency-api-key", base_url=server.base_url, timeout=30.0, max_retries=0)
    start = threading.Barrier(threads)

    def work(thread: int) -> int:
        start.wait(30)
        for call in range(calls_per_thread):
            match (thread + call) % 4:
                case 0:
                    hook = client.register_webhook(Action.SCHEDULED, HOOK_URL, secret="s3")
                    assert hook.action is Action.SCHEDULED and hook.url == HOOK_URL
                case 1:
                    assert client.list_webhooks() == LISTED
                case 2:
                    client.unregister_webhook(Action.FEED)
                case _:
                    client.rotate_webhook_secret("rotated-secret")
        return calls_per_thread

    with ThreadPoolExecutor(max_workers=threads) as pool:
        done = list(pool.map(work, range(threads)))

    assert done == [calls_per_thread] * threads
    requests, connections = server.counts()
    assert requests == threads * calls_per_thread
    print(f"{requests} calls over {connections} connections")
    assert 1 <= connections <= threads, f"{connections} connections for {threads} threads"
