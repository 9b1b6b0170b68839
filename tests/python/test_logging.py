"""The SDK's diagnostics reach ``logging.getLogger("ayrshare_webhooks")``: one debug record per
attempt, with the operation, method, path, attempt number, outcome and timing; none with a key
or a secret; and nothing at all while the logger is not enabled for them."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from faultkit import FaultServer

from ayrshare_webhooks import Action, Client

API_KEY = "logging-API-KEY-0f9c2a"
PROFILE_KEY = "logging-PROFILE-KEY-7d1"
SECRET = "logging-SECRET-55e0"


def test_one_debug_record_per_attempt(
    start_faultserver: Callable[..., FaultServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = start_faultserver("503,200")
    client = Client(API_KEY, base_url=server.base_url, profile_key=PROFILE_KEY, max_retries=2)
    with caplog.at_level(logging.DEBUG, logger="ayrshare_webhooks"):
        client.register_webhook(Action.FEED, "https://example.com/hook", secret=SECRET)
    records = [r for r in caplog.records if r.name == "ayrshare_webhooks"]
    assert [r.levelno for r in records] == [logging.DEBUG, logging.DEBUG]
    first, second = (r.getMessage() for r in records)
    assert first.startswith("register_webhook POST /api/hook/webhook: attempt 1 of 3: api_error")
    assert "(HTTP 503)" in first and "; retrying in " in first
    assert second.startswith("register_webhook POST /api/hook/webhook: attempt 2 of 3: HTTP 200")
    for record in records:
        for secret in (API_KEY, PROFILE_KEY, SECRET):
            assert secret not in record.getMessage()


def test_nothing_is_logged_while_the_logger_is_disabled(
    start_faultserver: Callable[..., FaultServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = start_faultserver("200")
    client = Client(API_KEY, base_url=server.base_url)
    with caplog.at_level(logging.INFO, logger="ayrshare_webhooks"):
        client.list_webhooks()
    assert [r for r in caplog.records if r.name == "ayrshare_webhooks"] == []


def test_a_deprecated_action_is_a_warning(
    start_faultserver: Callable[..., FaultServer], caplog: pytest.LogCaptureFixture
) -> None:
    server = start_faultserver("200")
    client = Client(API_KEY, base_url=server.base_url)
    with (
        caplog.at_level(logging.WARNING, logger="ayrshare_webhooks"),
        pytest.warns(DeprecationWarning),
    ):
        client.register_webhook("accountActivity", "https://example.com/hook")
    warnings = [r for r in caplog.records if r.name == "ayrshare_webhooks"]
    assert [r.levelno for r in warnings] == [logging.WARNING]
    assert "2026-03-31" in warnings[0].getMessage()
