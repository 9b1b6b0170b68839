"""Every validation rule: a bad argument raises InvalidInputError naming the field, and the
server sees no request at all."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from support import API_KEY, HOOK_PATH, HOOK_URL, SECRET_PATH, requests_seen

from ayrshare_webhooks import Client, InvalidInputError, Verifier

BAD_KEYS = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param("has space", id="space"),
    pytest.param("key\r\nX-Injected: 1", id="crlf-injection"),
    pytest.param("tab\tkey", id="tab"),
    pytest.param("nul\x00key", id="nul"),
    pytest.param("k" * 513, id="513-bytes"),
]

BAD_URLS = [
    pytest.param("", id="empty"),
    pytest.param("http://example.com/hook", id="http"),
    pytest.param("ftp://example.com/hook", id="ftp"),
    pytest.param("/relative/path", id="relative"),
    pytest.param("example.com/hook", id="no-scheme"),
    pytest.param("https://", id="no-host"),
    pytest.param("https:///path", id="empty-authority"),
    pytest.param("https://exa mple.com/", id="space"),
    pytest.param("https://example.com/\nx", id="newline"),
    pytest.param("https://user:pw@example.com/", id="credentials"),
    pytest.param("javascript:alert(1)", id="javascript"),
    pytest.param("https://example.com/" + "a" * 2048, id="too-long"),
]

BAD_SECRETS = [
    pytest.param("", id="empty"),
    pytest.param("line\nbreak", id="newline"),
    pytest.param("del\x7f", id="control"),
    pytest.param("s" * 1025, id="1025-bytes"),
]


@pytest.fixture
def no_traffic(httpserver: HTTPServer) -> Iterator[None]:
    """Fails the test if the server received any request."""
    httpserver.expect_request(HOOK_PATH).respond_with_json({"status": "success"})
    yield
    assert requests_seen(httpserver) == [], "an invalid call must send nothing"


def field_of(call: Callable[[], object]) -> str:
    with pytest.raises(InvalidInputError) as caught:
        call()
    assert "no request was sent" in str(caught.value)
    return caught.value.field


@pytest.mark.usefixtures("no_traffic")
class TestClientSettings:
    @pytest.mark.parametrize("key", BAD_KEYS)
    def test_api_key(self, base_url: str, key: str) -> None:
        assert field_of(lambda: Client(key, base_url=base_url)) == "api_key"

    def test_missing_api_key(self, base_url: str) -> None:
        assert field_of(lambda: Client(base_url=base_url)) == "api_key"

    @pytest.mark.parametrize("key", BAD_KEYS)
    def test_profile_key(self, base_url: str, key: str) -> None:
        assert field_of(lambda: Client(API_KEY, profile_key=key, base_url=base_url)) == (
            "profile_key"
        )

    @pytest.mark.parametrize(
        "url",
        [
            "http://example.com/api",
            "http://10.0.0.1/api",
            "ftp://127.0.0.1/api",
            "not a url",
            "api.ayrshare.com",
            "https://u:p@api.ayrshare.com/api",
            "https://api.ayrshare.com/api?x=1",
            "https://api.ayrshare.com/api#x",
            "",
        ],
    )
    def test_base_url(self, url: str) -> None:
        assert field_of(lambda: Client(API_KEY, base_url=url)) == "base_url"

    @pytest.mark.parametrize("value", [0, 0.0, -1, math.nan, math.inf, 10_000_000_000.0])
    @pytest.mark.parametrize("field", ["timeout", "connect_timeout"])
    def test_timeouts(self, base_url: str, field: str, value: float) -> None:
        settings: dict[str, Any] = {field: value}
        assert field_of(lambda: Client(API_KEY, base_url=base_url, **settings)) == field

    @pytest.mark.parametrize("value", [-1, 11, 2**40])
    def test_max_retries(self, base_url: str, value: int) -> None:
        assert field_of(lambda: Client(API_KEY, base_url=base_url, max_retries=value)) == (
            "max_retries"
        )


@pytest.mark.usefixtures("no_traffic")
class TestCallArguments:
    @pytest.mark.parametrize("action", ["Scheduled", "SCHEDULED", "posts", "", "feed "])
    def test_action(self, client: Client, action: str) -> None:
        assert field_of(lambda: client.register_webhook(action, HOOK_URL)) == "action"
        assert field_of(lambda: client.unregister_webhook(action)) == "action"

    def test_unknown_action_message_lists_the_valid_ones(self, client: Client) -> None:
        with pytest.raises(InvalidInputError) as caught:
            client.register_webhook("posts", HOOK_URL)
        assert "feed, social, scheduled, batch, messages, accountActivity" in str(caught.value)

    @pytest.mark.parametrize("url", BAD_URLS)
    def test_url(self, client: Client, url: str) -> None:
        assert field_of(lambda: client.register_webhook("feed", url)) == "url"

    @pytest.mark.parametrize("secret", BAD_SECRETS)
    def test_secret(self, client: Client, secret: str) -> None:
        assert field_of(lambda: client.register_webhook("feed", HOOK_URL, secret=secret)) == (
            "secret"
        )
        assert field_of(lambda: client.rotate_webhook_secret(secret)) == "secret"

    @pytest.mark.parametrize("key", BAD_KEYS)
    def test_profile_key_per_call(self, client: Client, key: str) -> None:
        assert field_of(lambda: client.register_webhook("feed", HOOK_URL, profile_key=key)) == (
            "profile_key"
        )
        assert field_of(lambda: client.list_webhooks(profile_key=key)) == "profile_key"
        assert field_of(lambda: client.unregister_webhook("feed", profile_key=key)) == (
            "profile_key"
        )
        assert field_of(lambda: client.rotate_webhook_secret("s", profile_key=key)) == (
            "profile_key"
        )
        assert field_of(lambda: client.with_profile_key(key)) == "profile_key"


class TestVerifierSettings:
    @pytest.mark.parametrize("secret", ["", b""])
    def test_empty_secret(self, secret: str | bytes) -> None:
        assert field_of(lambda: Verifier(secret)) == "secret"

    @pytest.mark.parametrize("tolerance", [-1, -0.5, math.nan, math.inf])
    def test_tolerance(self, tolerance: float) -> None:
        assert field_of(lambda: Verifier("s3cret", tolerance=tolerance)) == "tolerance"


def test_limits_are_inclusive(httpserver: HTTPServer, base_url: str) -> None:
    """The largest accepted values do go out, so the rules above are not over-eager."""
    httpserver.expect_request(HOOK_PATH).respond_with_json({"status": "success"})
    httpserver.expect_request(SECRET_PATH).respond_with_json({"status": "success"})
    client = Client("k" * 512, base_url=base_url, max_retries=10, timeout=0.001 + 5)

    client.register_webhook(
        "feed", "https://example.com/" + "a" * (2048 - 20), secret="s" * 1024
    )
    client.rotate_webhook_secret("s3cret with spaces")

    assert len(requests_seen(httpserver)) == 2


def test_messages_never_echo_a_credential(base_url: str) -> None:
    secret_like = "super-secret-value\n"
    for call in (
        lambda: Client(secret_like, base_url=base_url),
        lambda: Client(API_KEY, base_url=base_url, profile_key=secret_like),
        lambda: Client(API_KEY, base_url=base_url).register_webhook(
            "feed", HOOK_URL, secret=secret_like
        ),
    ):
        with pytest.raises(InvalidInputError) as caught:
            call()
        assert "super-secret-value" not in str(caught.value)
        assert "super-secret-value" not in repr(caught.value)
