"""Signed in one language, verified in another: deliveries signed by this package are
verified by libayr (the C library, loaded with ctypes from AYRSHARE_LIBAYR), and deliveries
signed by libayr's ``ayr_sign_delivery`` are verified here."""

from __future__ import annotations

import ctypes
import os
import time

import pytest

from ayrshare_webhooks import SocialEvent, Verifier, sign_delivery

SECRET = "whsec_cross-language"
OLD_SECRET = "whsec_cross-language-old"
BODY = b'{"action":"social","type":"link","platform":"tiktok","hookId":"hk_cross"}'
AYR_OK = 0
AYR_ERR_SIGNATURE_MISMATCH = 23
AYR_EVENT_SOCIAL = 2
AYR_DEFAULT_TOLERANCE_SECS = 300


@pytest.fixture(scope="module")
def libayr() -> ctypes.CDLL:
    """libayr.so as built by `make test-python` (fails, never skips, when it is missing)."""
    path = os.environ.get("AYRSHARE_LIBAYR", "")
    if not os.path.isfile(path):
        pytest.fail(f"AYRSHARE_LIBAYR must name libayr.so (got {path!r})", pytrace=False)
    lib = ctypes.CDLL(path)
    p, size, u64 = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint64
    text = ctypes.c_char_p
    signatures: dict[str, tuple[object, list[object]]] = {
        "ayr_sign_delivery": (ctypes.c_uint32, [p, size, text, size, u64, p, p]),
        "ayr_signed_headers_signature": (text, [p]),
        "ayr_signed_headers_signature_v2": (text, [p]),
        "ayr_signed_headers_timestamp": (text, [p]),
        "ayr_signed_headers_free": (None, [p]),
        "ayr_verifier_new": (ctypes.c_uint32, [text, size, u64, p, p]),
        "ayr_verifier_verify_event": (ctypes.c_uint32, [p, text, text, text, text, size, p, p]),
        "ayr_verifier_free": (None, [p]),
        "ayr_event_get_kind": (ctypes.c_uint32, [p]),
        "ayr_event_hook_id": (text, [p]),
        "ayr_event_platform": (text, [p]),
        "ayr_event_free": (None, [p]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


def c_verify_event(lib: ctypes.CDLL, secret: str, headers: dict[str, str], body: bytes) -> int:
    """Verifies with libayr; on success checks the event it parsed. Returns the ayr_result."""
    verifier = ctypes.c_void_p()
    assert lib.ayr_verifier_new(
        secret.encode(), len(secret), AYR_DEFAULT_TOLERANCE_SECS, ctypes.byref(verifier), None
    ) == AYR_OK
    event = ctypes.c_void_p()

    def header(name: str) -> bytes | None:
        return headers[name].encode() if name in headers else None

    result = int(
        lib.ayr_verifier_verify_event(
            verifier,
            header("X-Authorization-Content-SHA256"),
            header("X-Authorization-Content-SHA256-V2"),
            header("X-Authorization-Timestamp"),
            body,
            len(body),
            ctypes.byref(event),
            None,
        )
    )
    if result == AYR_OK:
        assert lib.ayr_event_get_kind(event) == AYR_EVENT_SOCIAL
        assert lib.ayr_event_hook_id(event) == b"hk_cross"
        assert lib.ayr_event_platform(event) == b"tiktok"
        lib.ayr_event_free(event)
    lib.ayr_verifier_free(verifier)
    return result


def c_sign(lib: ctypes.CDLL, secrets: list[str], body: bytes, timestamp: int) -> dict[str, str]:
    """The headers libayr's ayr_sign_delivery makes."""
    array = (ctypes.c_char_p * len(secrets))(*(s.encode() for s in secrets))
    handle = ctypes.c_void_p()
    assert lib.ayr_sign_delivery(
        array, len(secrets), body, len(body), timestamp, ctypes.byref(handle), None
    ) == AYR_OK
    headers = {
        "X-Authorization-Content-SHA256": lib.ayr_signed_headers_signature(handle).decode(),
        "X-Authorization-Timestamp": lib.ayr_signed_headers_timestamp(handle).decode(),
    }
    v2 = lib.ayr_signed_headers_signature_v2(handle)
    if v2 is not None:
        headers["X-Authorization-Content-SHA256-V2"] = v2.decode()
    lib.ayr_signed_headers_free(handle)
    return headers


def test_signed_in_python_verified_in_c(libayr: ctypes.CDLL) -> None:
    assert c_verify_event(libayr, SECRET, sign_delivery(SECRET, BODY), BODY) == AYR_OK
    rotated = sign_delivery([SECRET, OLD_SECRET], BODY)
    assert c_verify_event(libayr, OLD_SECRET, rotated, BODY) == AYR_OK
    assert c_verify_event(libayr, SECRET, rotated, BODY + b"\n") == AYR_ERR_SIGNATURE_MISMATCH


def test_signed_in_c_verified_in_python(libayr: ctypes.CDLL) -> None:
    now = int(time.time())
    headers = c_sign(libayr, [SECRET], BODY, now)
    assert headers == sign_delivery(SECRET, BODY, now), "the same bytes from both"
    event = Verifier(SECRET).verify_event(headers, BODY)
    assert isinstance(event, SocialEvent) and event.kind == "link"
    rotated = c_sign(libayr, [SECRET, OLD_SECRET], BODY, now)
    assert "X-Authorization-Content-SHA256-V2" in rotated
    assert Verifier(OLD_SECRET).verify_event(rotated, BODY).hook_id == "hk_cross"
