"""The exact HTTP request of every operation, as the server receives it."""

from __future__ import annotations

import platform
from collections.abc import Callable

import pytest
from pytest_httpserver import HTTPServer
from support import API_KEY, HOOK_PATH, HOOK_URL, PROFILE_KEY, SECRET_PATH, only_request

import ayrshare_webhooks
from ayrshare_webhooks import Action, Client, Webhook

REGISTERED = {
    "status": "success",
    "action": "scheduled",
    "url": HOOK_URL,
    "refId": "3dc079614bdc3f281d9",
}


def test_register_with_secret_sends_the_exact_request(
    httpserver: HTTPServer, client: Client
) -> None:
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_json(REGISTERED)

    hook = client.register_webhook("scheduled", HOOK_URL, secret="s3cret")

    request = only_request(httpserver)
    assert request.method == "POST"
    assert request.path == HOOK_PATH
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert "Profile-Key" not in request.headers
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Accept"] == "application/json"
    assert request.get_data() == (
        b'{"action":"scheduled","url":"https://example.com/hooks/ayrshare","secret":"s3cret"}'
    )
    assert hook == Webhook("scheduled", HOOK_URL, status="success", ref_id="3dc079614bdc3f281d9")


def test_register_without_secret_omits_the_field(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_json(REGISTERED)

    client.register_webhook(Action.SCHEDULED, HOOK_URL)

    body = only_request(httpserver).get_data()
    assert body == b'{"action":"scheduled","url":"https://example.com/hooks/ayrshare"}'


def test_user_agent_names_python_and_the_package(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(HOOK_PATH, method="GET").respond_with_json({"status": "success"})

    client.list_webhooks()

    agent = only_request(httpserver).headers["User-Agent"]
    major, minor, _ = platform.python_version_tuple()
    assert agent.startswith("ayrshare-webhooks-rust/"), agent
    assert f"python/{major}.{minor}" in agent
    assert f"ayrshare-webhooks-python/{ayrshare_webhooks.__version__}" in agent


def test_register_per_call_profile_key(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_json(REGISTERED)

    client.register_webhook(Action.SCHEDULED, HOOK_URL, profile_key=PROFILE_KEY)

    assert only_request(httpserver).headers["Profile-Key"] == PROFILE_KEY


def test_client_profile_key_is_sent_and_a_per_call_one_wins(
    httpserver: HTTPServer, make_client: Callable[..., Client]
) -> None:
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_json(REGISTERED)
    client = make_client(profile_key="client-profile")

    client.register_webhook("scheduled", HOOK_URL)
    client.register_webhook("scheduled", HOOK_URL, profile_key="call-profile")

    first, second = (request for request, _ in httpserver.log)
    assert first.headers["Profile-Key"] == "client-profile"
    assert second.headers["Profile-Key"] == "call-profile"


def test_with_profile_key_shares_settings_and_leaves_the_original(
    httpserver: HTTPServer, client: Client
) -> None:
    httpserver.expect_request(HOOK_PATH, method="GET").respond_with_json({"status": "success"})

    profile_client = client.with_profile_key(PROFILE_KEY)
    profile_client.list_webhooks()
    client.list_webhooks()

    (for_profile, _), (primary, _) = httpserver.log
    assert for_profile.headers["Profile-Key"] == PROFILE_KEY
    assert for_profile.headers["Authorization"] == f"Bearer {API_KEY}"
    assert "Profile-Key" not in primary.headers
    assert profile_client.base_url == client.base_url
    assert profile_client.timeout == client.timeout
    assert profile_client.has_profile_key and not client.has_profile_key


def test_list_sends_a_bare_get_and_keeps_known_actions(
    httpserver: HTTPServer, client: Client
) -> None:
    httpserver.expect_request(HOOK_PATH, method="GET").respond_with_json(
        {
            "status": "success",
            "feed": "https://example.com/feed",
            "scheduled": "https://example.com/scheduled",
            "scheduledUpdated": "2026-01-01T00:00:00Z",
            "updated": "2026-01-01T00:00:00Z",
            "social": None,
            "unknownAction": "https://example.com/x",
        }
    )

    webhooks = client.list_webhooks()

    request = only_request(httpserver)
    assert request.method == "GET"
    assert request.path == HOOK_PATH
    assert request.get_data() == b""
    assert "Content-Type" not in request.headers
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert "Profile-Key" not in request.headers
    assert webhooks == {
        "feed": "https://example.com/feed",
        "scheduled": "https://example.com/scheduled",
    }
    assert type(webhooks) is dict
    assert webhooks[Action.SCHEDULED] == "https://example.com/scheduled"


def test_list_for_a_profile(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(HOOK_PATH, method="GET").respond_with_json({"status": "success"})

    assert client.list_webhooks(profile_key=PROFILE_KEY) == {}

    assert only_request(httpserver).headers["Profile-Key"] == PROFILE_KEY


@pytest.mark.parametrize("action", ["feed", Action.FEED])
def test_unregister_sends_a_delete_with_the_action(
    httpserver: HTTPServer, client: Client, action: str
) -> None:
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_json(
        {"status": "success", "action": "feed"}
    )

    client.unregister_webhook(action)

    request = only_request(httpserver)
    assert request.method == "DELETE"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert "Profile-Key" not in request.headers
    assert request.get_data() == b'{"action":"feed"}'


def test_unregister_for_a_profile(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_json({"status": "success"})

    client.unregister_webhook("messages", profile_key=PROFILE_KEY)

    request = only_request(httpserver)
    assert request.headers["Profile-Key"] == PROFILE_KEY
    assert request.get_data() == b'{"action":"messages"}'


def test_rotate_secret_posts_the_new_secret(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(SECRET_PATH, method="POST").respond_with_json(
        {"status": "success", "action": "webhook", "refId": "ref"}
    )

    client.rotate_webhook_secret("new-secret")

    request = only_request(httpserver)
    assert request.method == "POST"
    assert request.path == SECRET_PATH
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert "Profile-Key" not in request.headers
    assert request.get_data() == b'{"secret":"new-secret"}'


def test_rotate_secret_for_a_profile(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(SECRET_PATH, method="POST").respond_with_json({"status": "success"})

    client.rotate_webhook_secret("new-secret", profile_key=PROFILE_KEY)

    assert only_request(httpserver).headers["Profile-Key"] == PROFILE_KEY


def test_terse_registration_answer_falls_back_to_the_request(
    httpserver: HTTPServer, client: Client
) -> None:
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_json({"status": "success"})

    hook = client.register_webhook("batch", "https://example.com/batch")

    assert hook.action is Action.BATCH
    assert hook.url == "https://example.com/batch"
    assert hook.status == "success"
    assert hook.ref_id is None


def test_webhook_is_a_frozen_hashable_value(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(HOOK_PATH, method="POST").respond_with_json(REGISTERED)

    hook = client.register_webhook("scheduled", HOOK_URL, secret="s3cret")

    assert isinstance(hook.action, Action)
    assert hook.action is Action.SCHEDULED
    spelling: str = "scheduled"
    assert hook.action == spelling
    same = Webhook(Action.SCHEDULED, HOOK_URL, ref_id="3dc079614bdc3f281d9")
    assert hook == same and hash(hook) == hash(same)
    assert hook != Webhook("feed", HOOK_URL, ref_id="3dc079614bdc3f281d9")
    assert hook != Webhook("scheduled", HOOK_URL, ref_id=None)
    assert len({hook, same}) == 1
    assert repr(hook) == (
        "Webhook(status='success', action='scheduled', "
        "url='https://example.com/hooks/ayrshare', ref_id='3dc079614bdc3f281d9')"
    )
    assert "s3cret" not in repr(hook)
    with pytest.raises(AttributeError):
        hook.url = "https://example.com/other"  # type: ignore[misc]
