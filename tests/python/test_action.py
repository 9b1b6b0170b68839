"""`Action`: a str enum equal to the API spellings, and the deprecation of accountActivity."""

from __future__ import annotations

import pickle
import warnings

import pytest
from pytest_httpserver import HTTPServer
from support import HOOK_PATH, HOOK_URL, json_body, only_request

import ayrshare_webhooks
from ayrshare_webhooks import Action, Client, Webhook


def test_members_match_the_core_actions_in_order() -> None:
    assert [action.value for action in Action] == ayrshare_webhooks._native._action_names()


def test_members_are_their_api_spelling() -> None:
    spelling: str = "scheduled"  # typed `str`: mypy --strict rejects comparing two literals
    assert Action.SCHEDULED == spelling
    assert spelling == Action.SCHEDULED
    assert isinstance(Action.FEED, str)
    assert str(Action.MESSAGES) == "messages"
    assert f"{Action.BATCH}" == "batch"
    assert f"{Action.BATCH:>7}" == "  batch"
    assert hash(Action.SOCIAL) == hash("social")
    assert {"social": 1}[Action.SOCIAL] == 1
    by_member: dict[str, int] = {Action.SOCIAL: 1}
    assert by_member["social"] == 1
    assert Action("feed") is Action.FEED
    assert Action["FEED"] is Action.FEED
    assert pickle.loads(pickle.dumps(Action.FEED)) is Action.FEED
    assert repr(Action.FEED) == "<Action.FEED: 'feed'>"
    with pytest.raises(ValueError):
        Action("Feed")


def test_current_members_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        members = [Action.FEED, Action.SOCIAL, Action.SCHEDULED, Action.BATCH, Action.MESSAGES]
        assert len(list(Action)) == 6
        assert Action("accountActivity").value == "accountActivity"
    assert len(members) == 5


def test_the_deprecated_member_warns_when_named() -> None:
    with pytest.warns(DeprecationWarning, match="accountActivity.*2026-03-31"):
        member = Action.ACCOUNT_ACTIVITY
    assert member == "accountActivity"
    with pytest.warns(DeprecationWarning, match="accountActivity"):
        assert Action["ACCOUNT_ACTIVITY"] is member


def test_both_deprecation_paths_give_the_same_message() -> None:
    # Naming the member warns from _action.py; passing the string warns from the core's note.
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        Action.ACCOUNT_ACTIVITY
        Webhook("accountActivity", HOOK_URL)
    messages = {str(warning.message) for warning in record}
    assert len(record) == 2
    assert messages == {
        "the Ayrshare action 'accountActivity' is documented as unavailable after 2026-03-31"
    }


@pytest.mark.parametrize("spelled_as_string", [True, False])
def test_registering_account_activity_warns_and_is_still_sent(
    httpserver: HTTPServer, client: Client, spelled_as_string: bool
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json(
        {"status": "success", "action": "accountActivity", "url": HOOK_URL}
    )

    with pytest.warns(DeprecationWarning, match="accountActivity") as record:
        action = "accountActivity" if spelled_as_string else Action.ACCOUNT_ACTIVITY
        hook = client.register_webhook(action, HOOK_URL)

    assert all(warning.filename == __file__ for warning in record), "warns at the caller"
    assert json_body(only_request(httpserver))["action"] == "accountActivity"
    assert hook.action == "accountActivity"


def test_unregistering_account_activity_warns(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_json({"status": "success"})

    with pytest.warns(DeprecationWarning):
        client.unregister_webhook("accountActivity")

    assert only_request(httpserver).get_data() == b'{"action":"accountActivity"}'


def test_other_actions_do_not_warn(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json({"status": "success"})

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for action in ("feed", "social", "scheduled", "batch", "messages"):
            client.register_webhook(action, HOOK_URL)
