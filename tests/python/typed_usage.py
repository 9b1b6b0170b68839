"""Typical, fully annotated use of the package, checked by ``mypy --strict`` (make test-python)
and run by test_typed_usage.py against the local server.

``assert_type`` makes mypy fail if a stub returns a different type than documented.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, assert_type

from ayrshare_webhooks import (
    Action,
    APIConnectionError,
    APIError,
    AyrshareError,
    Client,
    Delivery,
    InvalidInputError,
    RateLimitError,
    SignatureVerificationError,
    Verifier,
    Webhook,
    parse_delivery,
    verify_signature,
)


def register(client: Client, url: str, secret: str | None = None) -> Webhook:
    """Registers the scheduled-post webhook and returns what the API confirmed."""
    hook = client.register_webhook(Action.SCHEDULED, url, secret=secret)
    assert_type(hook, Webhook)
    assert_type(hook.action, Action)
    assert_type(hook.url, str)
    assert_type(hook.ref_id, str | None)
    return hook


def list_for(client: Client, profile_key: str | None = None) -> dict[str, str]:
    """Lists the webhooks of the primary profile or of one User Profile."""
    webhooks = client.list_webhooks(profile_key=profile_key)
    assert_type(webhooks, dict[str, str])
    return webhooks


def remove(client: Client, action: Action | str) -> bool:
    """Removes a webhook; ``False`` when there was none."""
    try:
        client.unregister_webhook(action)
    except APIError as error:
        assert_type(error.status_code, int)
        assert_type(error.code, int | None)
        if error.status_code == 404:
            return False
        raise
    return True


def describe(error: AyrshareError) -> str:
    """A one-line description of any error of the package."""
    if isinstance(error, InvalidInputError):
        return f"bad {error.field}"
    if isinstance(error, RateLimitError):
        wait: float | None = error.retry_after
        return f"rate limited, retry after {wait}"
    if isinstance(error, APIConnectionError):
        return f"no answer after {error.attempts} attempt(s)"
    if isinstance(error, SignatureVerificationError):
        return f"forged delivery ({error.reason})"
    return str(error)


def handle_delivery(
    verifier: Verifier, headers: Mapping[str, str], body: bytes
) -> Delivery | None:
    """What a web handler does: verify the raw body, then parse it; ``None`` if forged."""
    try:
        verifier.verify(headers, body)
    except SignatureVerificationError:
        return None
    delivery = parse_delivery(body)
    assert_type(delivery.action, str)
    assert_type(delivery.payload, dict[str, Any])
    return delivery


def signature_ok(secret: str | bytes, body: bytes, signature: str) -> bool:
    """The single-signature check, as a boolean."""
    try:
        verify_signature(secret, body, signature)
    except SignatureVerificationError:
        return False
    return True


def configured(base_url: str, api_key: str) -> Client:
    """A client with every setting spelled out."""
    client = Client(
        api_key,
        profile_key=None,
        base_url=base_url,
        timeout=10.0,
        connect_timeout=2,
        max_retries=1,
    )
    assert_type(client.timeout, float)
    assert_type(client.with_profile_key("profile"), Client)
    return client
