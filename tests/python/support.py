"""Constants and helpers shared by the test modules (fixtures are in conftest.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request

#: The API key of every test client. Long enough that a leak of any part would be noticed.
API_KEY = "test-api-key-7f3c9a1e5b"
#: A profile key used across the tests.
PROFILE_KEY = "profile-key-4d2e8c6a0f"
#: A webhook URL that passes validation.
HOOK_URL = "https://example.com/hooks/ayrshare"
#: The environment variables the client reads.
ENV_NAMES = ("AYRSHARE_API_KEY", "AYRSHARE_PROFILE_KEY", "AYRSHARE_BASE_URL", "AYRSHARE_CA_BUNDLE")
#: The proxy variables the SDK reads; tests start without them, whatever the shell has.
PROXY_ENV_NAMES = (
    "https_proxy",
    "HTTPS_PROXY",
    "http_proxy",
    "HTTP_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "no_proxy",
    "NO_PROXY",
)

HOOK_PATH = "/api/hook/webhook"
SECRET_PATH = "/api/hook/webhook/secret"


def requests_seen(server: HTTPServer) -> list[Request]:
    """Every request the server received, in order."""
    return [request for request, _ in server.log]


def only_request(server: HTTPServer) -> Request:
    """The one request the server received (fails if there were more or none)."""
    seen = requests_seen(server)
    assert len(seen) == 1, f"expected exactly one request, saw {len(seen)}"
    return seen[0]


def json_body(request: Request) -> Any:
    """The request's body parsed as JSON."""
    return json.loads(request.get_data())


def sign_hex(secret: bytes, body: bytes) -> str:
    """The signature Ayrshare sends, computed with Python's own hmac module."""
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def sign_raw(secret: bytes, body: bytes) -> bytes:
    """The raw HMAC-SHA256 tag, computed with Python's own hmac module."""
    return hmac.new(secret, body, hashlib.sha256).digest()
