"""Signature checks, against vectors computed with Python's own hmac module."""

from __future__ import annotations

import base64
import random
import time

import pytest
from support import sign_hex, sign_raw
from werkzeug.datastructures import EnvironHeaders, Headers

from ayrshare_webhooks import InvalidInputError, SignatureVerificationError, Verifier, verify_signature

SECRET = "s3cret"
BODY = b'{"action":"scheduled","subAction":"postPublished","refId":"3dc0","code":200}'
SIGNATURE_HEADER = "X-Authorization-Content-SHA256"
V2_HEADER = "X-Authorization-Content-SHA256-V2"
TIMESTAMP_HEADER = "X-Authorization-Timestamp"


def reason(call: object) -> str:
    assert callable(call)
    with pytest.raises(SignatureVerificationError) as caught:
        call()
    return caught.value.reason


def now() -> str:
    return str(int(time.time()))


class TestVerifySignature:
    def test_documented_vector_agrees_with_hmac(self) -> None:
        body = b'{"action":"scheduled","status":"success"}'
        expected = "0bd5a6a9366899a401a2fee04a1f167c957bfa22ab29774be44595e8877f8ff2"
        assert sign_hex(b"s3cret", body) == expected
        verify_signature("s3cret", body, expected)  # returns None; raises on failure

    def test_encodings_of_a_valid_signature(self) -> None:
        tag = sign_raw(SECRET.encode(), BODY)
        for signature in (
            tag.hex(),
            tag.hex().upper(),
            base64.b64encode(tag).decode(),
            base64.urlsafe_b64encode(tag).decode().rstrip("="),
            f"  {tag.hex()}\n",
        ):
            verify_signature(SECRET, BODY, signature)
            verify_signature(SECRET.encode(), BODY, signature)

    def test_bytes_like_bodies(self) -> None:
        signature = sign_hex(SECRET.encode(), BODY)
        verify_signature(SECRET, bytearray(BODY), signature)
        verify_signature(SECRET, memoryview(BODY), signature)

    def test_random_vectors(self) -> None:
        rng = random.Random(20261127)
        for _ in range(200):
            secret = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 80)))
            body = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 600)))
            verify_signature(secret, body, sign_hex(secret, body))
            wrong = bytearray(body or b"x")
            wrong[rng.randrange(len(wrong))] ^= 1 << rng.randrange(8)
            assert reason(lambda: verify_signature(secret, bytes(wrong), sign_hex(secret, body))) == (
                "mismatch"
            )

    def test_tampered_body(self) -> None:
        signature = sign_hex(SECRET.encode(), BODY)
        tampered = BODY.replace(b"postPublished", b"postFailed")
        assert reason(lambda: verify_signature(SECRET, tampered, signature)) == "mismatch"
        assert reason(lambda: verify_signature(SECRET, BODY + b" ", signature)) == "mismatch"

    def test_wrong_secret(self) -> None:
        signature = sign_hex(SECRET.encode(), BODY)
        assert reason(lambda: verify_signature("other-secret", BODY, signature)) == "mismatch"
        assert reason(lambda: verify_signature(b"s3creT", BODY, signature)) == "mismatch"

    def test_truncated_or_garbled_signature(self) -> None:
        signature = sign_hex(SECRET.encode(), BODY)
        assert reason(lambda: verify_signature(SECRET, BODY, signature[:-1])) == (
            "malformed_signature"
        )
        assert reason(lambda: verify_signature(SECRET, BODY, signature[:32])) == (
            "malformed_signature"
        )
        assert reason(lambda: verify_signature(SECRET, BODY, "zz" * 32)) == "malformed_signature"
        assert reason(lambda: verify_signature(SECRET, BODY, "")) == "missing_signature"

    def test_empty_secret_is_invalid_input(self) -> None:
        # The caller's mistake, not the delivery's: reported as Verifier("") reports it.
        with pytest.raises(InvalidInputError) as caught:
            verify_signature("", BODY, "00" * 32)
        assert caught.value.field == "secret"

    def test_error_message_reveals_neither_secret_nor_signature(self) -> None:
        expected = sign_hex(SECRET.encode(), BODY)
        with pytest.raises(SignatureVerificationError) as caught:
            verify_signature(SECRET, BODY + b"!", expected)
        text = str(caught.value) + repr(caught.value)
        assert SECRET not in text and expected not in text
        assert "does not match" in text


class TestVerifier:
    def headers(self, **overrides: str) -> dict[str, str]:
        headers = {
            SIGNATURE_HEADER: sign_hex(SECRET.encode(), BODY),
            TIMESTAMP_HEADER: now(),
            "Content-Type": "application/json",
        }
        headers.update(overrides)
        return headers

    def test_genuine_delivery(self) -> None:
        Verifier(SECRET).verify(self.headers(), BODY)  # returns None; raises on failure
        Verifier(SECRET.encode()).verify(self.headers(), bytearray(BODY))

    def test_header_names_are_case_insensitive(self) -> None:
        headers = {name.lower(): value for name, value in self.headers().items()}
        Verifier(SECRET).verify(headers, BODY)
        headers = {name.upper(): value for name, value in self.headers().items()}
        Verifier(SECRET).verify(headers, BODY)

    def test_framework_header_objects(self) -> None:
        Verifier(SECRET).verify(Headers(self.headers()), BODY)
        environ = {
            "HTTP_X_AUTHORIZATION_CONTENT_SHA256": sign_hex(SECRET.encode(), BODY),
            "HTTP_X_AUTHORIZATION_TIMESTAMP": now(),
        }
        Verifier(SECRET).verify(EnvironHeaders(environ), BODY)

    def test_tampered_body_and_wrong_secret(self) -> None:
        verifier = Verifier(SECRET)
        assert reason(lambda: verifier.verify(self.headers(), BODY[:-1])) == "mismatch"
        assert reason(lambda: Verifier("not-it").verify(self.headers(), BODY)) == "mismatch"

    def test_missing_and_malformed_signature(self) -> None:
        headers = self.headers()
        del headers[SIGNATURE_HEADER]
        assert reason(lambda: Verifier(SECRET).verify(headers, BODY)) == "missing_signature"
        assert reason(
            lambda: Verifier(SECRET).verify(self.headers(**{SIGNATURE_HEADER: "abc"}), BODY)
        ) == "malformed_signature"

    def test_rotation_header_with_two_signatures(self) -> None:
        old = sign_hex(b"old-secret", BODY)
        new = sign_hex(b"new-secret", BODY)
        headers = {V2_HEADER: f"v1={old},v1={new}", TIMESTAMP_HEADER: now()}
        Verifier("old-secret").verify(headers, BODY)
        Verifier("new-secret").verify(headers, BODY)
        assert reason(lambda: Verifier("third-secret").verify(headers, BODY)) == "mismatch"

    def test_rotation_header_next_to_a_stale_plain_signature(self) -> None:
        headers = self.headers(
            **{
                SIGNATURE_HEADER: sign_hex(b"old-secret", BODY),
                V2_HEADER: f"v1={sign_hex(b'old-secret', BODY)}, v1={sign_hex(SECRET.encode(), BODY)}",
            }
        )
        Verifier(SECRET).verify(headers, BODY)

    def test_timestamp_tolerance(self) -> None:
        verifier = Verifier(SECRET, tolerance=300)
        current = int(time.time())
        verifier.verify(self.headers(**{TIMESTAMP_HEADER: str(current - 250)}), BODY)
        verifier.verify(self.headers(**{TIMESTAMP_HEADER: str(current + 250)}), BODY)
        verifier.verify(self.headers(**{TIMESTAMP_HEADER: str(current * 1000)}), BODY)
        for stale in (current - 400, current + 400, 0):
            headers = self.headers(**{TIMESTAMP_HEADER: str(stale)})
            assert reason(lambda: verifier.verify(headers, BODY)) == "timestamp_outside_tolerance"
        headers = self.headers(**{TIMESTAMP_HEADER: str(current - 60)})
        assert reason(lambda: Verifier(SECRET, tolerance=10).verify(headers, BODY)) == (
            "timestamp_outside_tolerance"
        )
        Verifier(SECRET, tolerance=120.5).verify(headers, BODY)

    def test_missing_or_malformed_timestamp(self) -> None:
        headers = self.headers()
        del headers[TIMESTAMP_HEADER]
        assert reason(lambda: Verifier(SECRET).verify(headers, BODY)) == "missing_timestamp"
        bad = self.headers(**{TIMESTAMP_HEADER: "yesterday"})
        assert reason(lambda: Verifier(SECRET).verify(bad, BODY)) == "malformed_timestamp"

    def test_tolerance_none_skips_the_timestamp_check(self) -> None:
        headers = self.headers()
        del headers[TIMESTAMP_HEADER]
        verifier = Verifier(SECRET, tolerance=None)
        verifier.verify(headers, BODY)
        verifier.verify(self.headers(**{TIMESTAMP_HEADER: "0"}), BODY)
        assert reason(lambda: verifier.verify(headers, BODY + b"x")) == "mismatch"

    def test_signature_is_checked_before_the_timestamp(self) -> None:
        headers = self.headers(**{TIMESTAMP_HEADER: "0"})
        assert reason(lambda: Verifier(SECRET).verify(headers, BODY + b"x")) == "mismatch"

    def test_tolerance_property_and_repr(self) -> None:
        assert Verifier(SECRET).tolerance == 300.0
        assert Verifier(SECRET, tolerance=2.5).tolerance == 2.5
        assert Verifier(SECRET, tolerance=None).tolerance is None
        assert repr(Verifier(SECRET)) == "Verifier(secret='***', tolerance=300.0)"
        assert repr(Verifier(SECRET, tolerance=None)) == "Verifier(secret='***', tolerance=None)"
        assert SECRET not in repr(Verifier(SECRET)) + str(Verifier(SECRET))

    def test_empty_secret_is_invalid_input(self) -> None:
        with pytest.raises(InvalidInputError):
            Verifier("")
