"""A forked child never uses its parent's pooled connection: one call, ``os.fork()``, then
500 calls in each process started together, each registering its own URL, which the server
echoes back. Shared sockets would cross the answers."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from faultkit import FaultServer

from ayrshare_webhooks import AyrshareError, Client

CALLS = 500


def run(client: Client, who: str) -> tuple[int, int]:
    mismatches = errors = 0
    for i in range(CALLS):
        url = f"https://example.com/{who}/{i}"
        try:
            if client.register_webhook("feed", url).url != url:
                mismatches += 1
        except AyrshareError:
            errors += 1
    return mismatches, errors


@pytest.mark.filterwarnings("ignore:This process.*is multi-threaded:DeprecationWarning")
def test_a_child_process_opens_its_own_connection(
    start_faultserver: Callable[..., FaultServer],
) -> None:
    server = start_faultserver("200")
    client = Client("fork-test-key", base_url=server.base_url, timeout=10.0, max_retries=0)
    client.list_webhooks()
    go_read, go_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 2
        try:
            os.close(go_write)
            os.read(go_read, 1)
            mismatches, errors = run(client, "child")
            code = 0 if (mismatches, errors) == (0, 0) else 1
        finally:
            os._exit(code)
    os.close(go_read)
    os.write(go_write, b"g")
    mismatches, errors = run(client, "parent")
    _, status = os.waitpid(pid, 0)
    assert (mismatches, errors) == (0, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the child saw crossed answers or errors"
    stats = server.stats()
    assert stats.requests == 1 + 2 * CALLS
    assert stats.connections == 2
