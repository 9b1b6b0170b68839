"""A call on a pooled connection to a host name makes no name lookup and starts no thread."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from faultkit import LISTED, FaultServer

from ayrshare_webhooks import Client, _native


def live_threads() -> int:
    return len(os.listdir("/proc/self/task"))


def settled_threads() -> int:
    """The thread count once it has stopped changing (two readings 50 ms apart agree), waiting
    at most 10 s: a thread that has done its work (the lookup's) may take a moment to be gone."""
    deadline = time.monotonic() + 10
    count = live_threads()
    while True:
        time.sleep(0.05)
        now = live_threads()
        if now == count or time.monotonic() > deadline:
            return now
        count = now


def test_pooled_calls_to_a_host_name_look_nothing_up(
    start_faultserver: Callable[..., FaultServer],
) -> None:
    plain = start_faultserver("200")
    tls = start_faultserver("200", tls="valid")
    by_name = plain.base_url.replace("127.0.0.1", "localhost")
    for base_url, ca_bundle, server in ((by_name, None, plain), (tls.base_url, tls.ca_bundle, tls)):
        client = Client("names-test-key", base_url=base_url, ca_bundle=ca_bundle)
        before = _native._name_lookups()
        assert client.list_webhooks() == LISTED
        assert _native._name_lookups() == before + 1
        lookups, threads = _native._name_lookups(), settled_threads()
        for _ in range(200):
            client.list_webhooks()
        assert _native._name_lookups() == lookups, base_url
        after = live_threads()
        assert after <= threads, f"{base_url}: {after} threads, {threads} before the calls"
        assert server.stats().connections == 1
