"""Client 5: a hand-written requests.Session call, a strong pure-Python baseline: one Session
(so one keep-alive connection), the JSON body, the status checked and the answer decoded. Over
HTTPS it trusts the CA through ``REQUESTS_CA_BUNDLE``, set by the runner."""

import _common
import requests

base_url, n, warmup, latency_path, _ca_bundle = _common.args()
session = requests.Session()
url = base_url + "/hook/webhook"
headers = {"Authorization": f"Bearer {_common.API_KEY}", "Accept": "application/json"}


def call() -> object:
    response = session.post(
        url, json={"action": _common.ACTION, "url": _common.HOOK_URL}, headers=headers, timeout=30
    )
    response.raise_for_status()
    return response.json()["refId"]


_common.measure(call, n, warmup, latency_path)
