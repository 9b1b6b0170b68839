"""Client 4: Ayrshare's official Python SDK, social-post-api (module ``ayrshare``).

Its functions build every URL as ``base + type`` from the module-level variable ``base`` of
``ayrshare/ayrshare.py`` (``'https://api.ayrshare.com/api/'``); ``registerWebhook`` calls
``requests.post(base + "hook/webhook", json=data, headers=...)`` and returns ``r.json()``. So the
SDK is pointed at the local server by setting ``ayrshare.ayrshare.base``. Over HTTPS it trusts the
server's CA through ``REQUESTS_CA_BUNDLE`` (set by the runner), which requests honours; as in
production, every call opens a new connection and makes a full TLS handshake.
"""

import importlib

import _common
from ayrshare import SocialPost

base_url, n, warmup, latency_path, _ca_bundle = _common.args()
sdk_module = importlib.import_module("ayrshare.ayrshare")
sdk_module.base = base_url + "/"
social = SocialPost(_common.API_KEY)


def call() -> object:
    return social.registerWebhook({"action": _common.ACTION, "url": _common.HOOK_URL})["refId"]


_common.measure(call, n, warmup, latency_path)
