"""A call on a pooled connection to a host name makes no name lookup and starts no thread."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from faultkit import LISTED, FaultServer

from ayrshare_webhooks import Client, _native


def live_threads() -> int:
    return len(os.listdir("/proc/self/task"))


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
        time.sleep(0.05)  # the lookup's thread ends
        lookups, threads = _native._name_lookups(), live_threads()
        for _ in range(200):
            client.list_webhooks()
        assert _native._name_lookups() == lookups, base_url
        assert live_threads() == threads, base_url
        assert server.stats().connections == 1
