"""Receiving: ``sign_delivery`` (checked against Python's own hmac), ``Verifier.verify_event``,
and the header objects people have: Werkzeug's (Flask), Django's ``request.headers``,
Starlette's (FastAPI), a WSGI ``environ``, and undecodable values in any of them."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from django.http.request import HttpHeaders
from starlette.datastructures import Headers as StarletteHeaders
from support import sign_hex
from werkzeug.datastructures import EnvironHeaders, Headers

from ayrshare_webhooks import (
    DecodeError,
    InvalidInputError,
    ScheduledEvent,
    SignatureVerificationError,
    SocialEvent,
    Verifier,
    sign_delivery,
)

SECRET = "whsec_python-receiving"
BODY = b'{"action":"scheduled","hookId":"hk_1","postIds":[{"platform":"x","status":"success"}]}'
SIGNATURE = "X-Authorization-Content-SHA256"
V2 = "X-Authorization-Content-SHA256-V2"
TIMESTAMP = "X-Authorization-Timestamp"


def reason(call: Any) -> str:
    with pytest.raises(SignatureVerificationError) as caught:
        call()
    return caught.value.reason


def environ(headers: dict[str, str]) -> dict[str, Any]:
    """A WSGI environ carrying `headers`, with the non-str values a real one has."""
    env: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": "application/json",
        "wsgi.input": io.BytesIO(BODY),
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.errors": io.StringIO(),
    }
    for name, value in headers.items():
        env["HTTP_" + name.upper().replace("-", "_")] = value
    return env


class TestSignDelivery:
    def test_one_secret_matches_hmac(self) -> None:
        headers = sign_delivery(SECRET, BODY, timestamp=1_700_000_000)
        assert headers == {SIGNATURE: sign_hex(SECRET.encode(), BODY), TIMESTAMP: "1700000000"}

    def test_several_secrets_sign_the_rotation_header(self) -> None:
        headers = sign_delivery(["new-secret", SECRET], BODY, 1_700_000_000)
        assert list(headers) == [SIGNATURE, TIMESTAMP, V2]
        assert headers[SIGNATURE] == sign_hex(b"new-secret", BODY)
        assert headers[V2] == f"v1={sign_hex(b'new-secret', BODY)},v1={sign_hex(SECRET.encode(), BODY)}"
        for secret in ("new-secret", SECRET):
            Verifier(secret, tolerance=None).verify(headers, BODY)
        assert sign_delivery(("a", "b"), b"", 0)[V2].count("v1=") == 2

    def test_the_default_timestamp_is_now(self) -> None:
        before = int(time.time())
        stamp = int(sign_delivery(SECRET, BODY)[TIMESTAMP])
        assert before <= stamp <= int(time.time())
        Verifier(SECRET).verify(sign_delivery(SECRET, BODY), BODY)
        Verifier(SECRET).verify(sign_delivery(SECRET, bytearray(BODY), None), memoryview(BODY))

    def test_bad_secrets_and_timestamps(self) -> None:
        for secrets in ([], "", ["ok", ""], ["ok", "line\nbreak"], "x" * 1025):
            with pytest.raises(InvalidInputError) as caught:
                sign_delivery(secrets, BODY)
            assert caught.value.field == "secret"
            assert "line\nbreak" not in str(caught.value)
        for stamp in (-1, 2**64):
            with pytest.raises(InvalidInputError) as caught:
                sign_delivery(SECRET, BODY, stamp)
            assert caught.value.field == "timestamp"
        untyped: Any = sign_delivery
        with pytest.raises(TypeError, match="secret must be str or a list of str, not bytes"):
            untyped(b"s3cret", BODY)
        with pytest.raises(TypeError, match="each secret must be str, not int"):
            untyped([1], BODY)
        with pytest.raises(TypeError, match="timestamp must be int"):
            untyped(SECRET, BODY, 1.5)
        with pytest.raises(TypeError, match="timestamp must be int"):
            untyped(SECRET, BODY, True)
        with pytest.raises(TypeError, match="body must be bytes"):
            untyped(SECRET, "{}")


class TestVerifyEvent:
    def test_verifies_then_parses(self) -> None:
        event = Verifier(SECRET).verify_event(sign_delivery(SECRET, BODY), BODY)
        assert isinstance(event, ScheduledEvent)
        assert event.hook_id == "hk_1"
        assert event.post_ids[0].platform == "x"

    def test_rejections(self) -> None:
        verifier = Verifier(SECRET)
        headers = sign_delivery(SECRET, BODY)
        assert reason(lambda: verifier.verify_event(headers, BODY + b" ")) == "mismatch"
        assert reason(lambda: Verifier("other").verify_event(headers, BODY)) == "mismatch"
        assert reason(lambda: verifier.verify_event({}, BODY)) == "missing_signature"
        stale = sign_delivery(SECRET, BODY, int(time.time()) - 3600)
        assert reason(lambda: verifier.verify_event(stale, BODY)) == "timestamp_outside_tolerance"
        with pytest.raises(DecodeError):
            verifier.verify_event(sign_delivery(SECRET, b"[1]"), b"[1]")


class TestHeaderObjects:
    def test_every_framework_header_object(self) -> None:
        signed = sign_delivery(SECRET, BODY)
        verifier = Verifier(SECRET)
        env = environ(signed)
        objects: list[Any] = [
            signed,
            {name.lower(): value for name, value in signed.items()},
            Headers(signed),
            EnvironHeaders(env),
            HttpHeaders(env),
            StarletteHeaders(headers=signed),
            env,
        ]
        for headers in objects:
            event = verifier.verify_event(headers, BODY)
            assert isinstance(event, ScheduledEvent), type(headers)

    def test_undecodable_values_of_other_headers_are_ignored(self) -> None:
        signed = sign_delivery(SECRET, BODY)
        env = environ(signed)
        env["HTTP_X_SURROGATE"] = "caf\udce9"
        env["HTTP_X_LATIN1"] = "caf\xe9"
        Verifier(SECRET).verify(env, BODY)
        Verifier(SECRET).verify({**signed, "X-Other": "\ud800", "X-Number": 5}, BODY)

    def test_undecodable_own_headers_are_rejected(self) -> None:
        signed = sign_delivery(SECRET, BODY)
        verifier = Verifier(SECRET)
        broken_signature = {**signed, SIGNATURE: signed[SIGNATURE][:-1] + "\udcff"}
        assert reason(lambda: verifier.verify(broken_signature, BODY)) == "malformed_signature"
        broken_timestamp = {**signed, TIMESTAMP: "17\ud800"}
        assert reason(lambda: verifier.verify_event(broken_timestamp, BODY)) == "malformed_timestamp"
        only_v2 = {V2: "v1=\udcff", TIMESTAMP: signed[TIMESTAMP]}
        assert reason(lambda: verifier.verify(only_v2, BODY)) == "malformed_signature"
        env = environ({**signed, SIGNATURE: "\udcff" * 64})
        assert reason(lambda: verifier.verify(env, BODY)) == "malformed_signature"

    def test_own_headers_must_be_str(self) -> None:
        signed = sign_delivery(SECRET, BODY)
        untyped: Any = Verifier(SECRET).verify_event
        with pytest.raises(TypeError, match="must be str, not bytes"):
            untyped({**signed, TIMESTAMP: b"1"}, BODY)
        with pytest.raises(TypeError, match="a header name must be str, not int"):
            untyped({1: "x"}, BODY)
        with pytest.raises(TypeError, match="headers must be a mapping"):
            untyped([(SIGNATURE, "x")], BODY)

    def test_a_social_event_through_an_environ(self) -> None:
        body = b'{"action":"social","type":"unlink","platform":"x","source":"system","hookId":7}'
        event = Verifier(SECRET).verify_event(environ(sign_delivery(SECRET, body)), body)
        assert isinstance(event, SocialEvent)
        assert (event.kind, event.source, event.hook_id) == ("unlink", "system", "7")
