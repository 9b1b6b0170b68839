"""Runs the functions of typed_usage.py (checked by mypy --strict) against the local server."""

from __future__ import annotations

import time

from pytest_httpserver import HTTPServer
from support import API_KEY, HOOK_PATH, HOOK_URL, sign_hex
from typed_usage import (
    configured,
    describe,
    handle_delivery,
    list_for,
    register,
    remove,
    signature_ok,
)

from ayrshare_webhooks import Action, InvalidInputError, Verifier


def test_typed_usage_runs(httpserver: HTTPServer, base_url: str) -> None:
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_json(
        {"status": "success", "action": "scheduled", "url": HOOK_URL, "refId": "r1"}
    )
    httpserver.expect_request(HOOK_PATH, method="GET").respond_with_json(
        {"status": "success", "scheduled": HOOK_URL}
    )
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_json(
        {"status": "error", "code": 141, "message": "No webhook"}, status=404
    )
    client = configured(base_url, API_KEY)

    assert register(client, HOOK_URL, secret="s3cret").ref_id == "r1"
    assert list_for(client) == {"scheduled": HOOK_URL}
    assert remove(client, Action.FEED) is False

    body = b'{"action":"scheduled","refId":"r1"}'
    headers = {
        "X-Authorization-Content-SHA256": sign_hex(b"s3cret", body),
        "X-Authorization-Timestamp": str(int(time.time())),
    }
    delivery = handle_delivery(Verifier("s3cret"), headers, body)
    assert delivery is not None and delivery.ref_id == "r1"
    assert handle_delivery(Verifier("s3cret"), headers, body + b" ") is None
    assert signature_ok("s3cret", body, headers["X-Authorization-Content-SHA256"])
    assert not signature_ok("other", body, headers["X-Authorization-Content-SHA256"])
    assert describe(InvalidInputError("invalid url", field="url")) == "bad url"
