"""Client 3: this project's Python package (the installed wheel), one Client for every call."""

import _common
import ayrshare_webhooks

base_url, n, warmup, latency_path, ca_bundle = _common.args()
client = ayrshare_webhooks.Client(_common.API_KEY, base_url=base_url, ca_bundle=ca_bundle)


def call() -> object:
    return client.register_webhook(_common.ACTION, _common.HOOK_URL).ref_id


_common.measure(call, n, warmup, latency_path)
