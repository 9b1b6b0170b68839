"""Wrong Python types raise TypeError with a clear message (never a crash, never a request)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from support import API_KEY, HOOK_PATH, HOOK_URL, requests_seen

from ayrshare_webhooks import Client, Verifier, Webhook, parse_delivery, verify_signature

SIGNATURE = "0" * 64


@pytest.fixture(autouse=True)
def no_traffic(httpserver: HTTPServer) -> Iterator[None]:
    httpserver.expect_request(HOOK_PATH).respond_with_json({"status": "success"})
    yield
    assert requests_seen(httpserver) == []


def type_error(call: Callable[[], object]) -> str:
    """The TypeError's message and notes, as a traceback shows them. (PyO3 names a mis-typed
    argument in a note, "while processing 'timeout'".)"""
    with pytest.raises(TypeError) as caught:
        call()
    return "\n".join([str(caught.value), *getattr(caught.value, "__notes__", [])])


def test_client_constructor_types(base_url: str) -> None:
    untyped: Any = Client
    assert "api_key must be str, not int" in type_error(lambda: untyped(5, base_url=base_url))
    assert "api_key must be str, not bytes" in type_error(
        lambda: untyped(b"key", base_url=base_url)
    )
    assert "profile_key must be str" in type_error(
        lambda: untyped(API_KEY, profile_key=1, base_url=base_url)
    )
    assert "base_url must be str" in type_error(lambda: untyped(API_KEY, base_url=7))
    message = type_error(lambda: untyped(API_KEY, base_url=base_url, timeout="30"))
    assert "timeout" in message and "number of seconds" in message and "str" in message
    assert "number of seconds" in type_error(
        lambda: untyped(API_KEY, base_url=base_url, connect_timeout=None)
    )
    assert "number of seconds" in type_error(
        lambda: untyped(API_KEY, base_url=base_url, timeout=True)
    )
    assert "max_retries" in type_error(lambda: untyped(API_KEY, base_url=base_url, max_retries="2"))
    assert "max_retries" in type_error(lambda: untyped(API_KEY, base_url=base_url, max_retries=2.5))
    assert "positional" in type_error(lambda: untyped(API_KEY, "profile"))


def test_call_argument_types(client: Client) -> None:
    untyped: Any = client
    assert "url must be str, not int" in type_error(lambda: untyped.register_webhook("feed", 123))
    assert "url must be str, not NoneType" in type_error(
        lambda: untyped.register_webhook("feed", None)
    )
    assert "action must be an Action or its API spelling" in type_error(
        lambda: untyped.register_webhook(None, HOOK_URL)
    )
    assert "not int" in type_error(lambda: untyped.register_webhook(3, HOOK_URL))
    assert "secret must be str, not bytes" in type_error(
        lambda: untyped.register_webhook("feed", HOOK_URL, secret=b"s3cret")
    )
    assert "profile_key must be str, not int" in type_error(
        lambda: untyped.register_webhook("feed", HOOK_URL, profile_key=9)
    )
    assert "profile_key must be str" in type_error(lambda: untyped.list_webhooks(profile_key=[1]))
    assert "action must be" in type_error(lambda: untyped.unregister_webhook(b"feed"))
    assert "secret must be str, not NoneType" in type_error(
        lambda: untyped.rotate_webhook_secret(None)
    )
    assert "profile_key must be str, not NoneType" in type_error(
        lambda: untyped.with_profile_key(None)
    )
    assert "missing" in type_error(lambda: untyped.register_webhook("feed"))
    assert "unexpected keyword" in type_error(
        lambda: untyped.register_webhook("feed", HOOK_URL, secrte="x")
    )


def test_verification_argument_types() -> None:
    untyped_verify: Any = verify_signature
    message = type_error(lambda: untyped_verify("s3cret", '{"action":"feed"}', SIGNATURE))
    assert "body must be bytes, bytearray or memoryview, not str" in message
    assert "request.get_data()" in message
    assert "secret must be str or bytes, not int" in type_error(
        lambda: untyped_verify(1, b"{}", SIGNATURE)
    )
    assert "signature must be str, not NoneType" in type_error(
        lambda: untyped_verify("s3cret", b"{}", None)
    )
    assert "signature must be str, not bytes" in type_error(
        lambda: untyped_verify("s3cret", b"{}", SIGNATURE.encode())
    )

    verifier: Any = Verifier("s3cret")
    assert "headers must be a mapping" in type_error(lambda: verifier.verify(None, b"{}"))
    assert "headers must be a mapping" in type_error(lambda: verifier.verify("X-A: b", b"{}"))
    assert "headers must be a mapping" in type_error(
        lambda: verifier.verify([("a", "b")], b"{}")
    )
    assert "must be str, not bytes" in type_error(
        lambda: verifier.verify({"X-Authorization-Content-SHA256": SIGNATURE.encode()}, b"{}")
    )
    assert "must be str, not bytes" in type_error(
        lambda: verifier.verify({b"X-Authorization-Content-SHA256": SIGNATURE}, b"{}")
    )
    assert "body must be bytes" in type_error(lambda: verifier.verify({}, "{}"))
    assert "secret must be str or bytes, not NoneType" in type_error(
        lambda: Verifier(None)  # type: ignore[arg-type]
    )
    assert "number of seconds" in type_error(lambda: Verifier("s", tolerance="300"))  # type: ignore[arg-type]


def test_delivery_and_webhook_argument_types() -> None:
    untyped: Any = parse_delivery
    assert "body must be bytes" in type_error(lambda: untyped('{"action": "feed"}'))
    assert "not NoneType" in type_error(lambda: untyped(None))
    assert "not dict" in type_error(lambda: untyped({"action": "feed"}))
    webhook: Any = Webhook
    assert "url must be str" in type_error(lambda: webhook("feed", None))
    assert "ref_id must be str" in type_error(lambda: webhook("feed", HOOK_URL, ref_id=1))
