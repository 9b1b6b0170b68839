"""``parse_event``: the shared sample of every action (tests/cases/events), typed classes usable
in ``match``, and leniency (odd types kept in ``other``; only a non-object fails)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ayrshare_webhooks import (
    AccountActivityEvent,
    BatchEvent,
    DecodeError,
    DirectMessageEvent,
    Event,
    FeedEvent,
    Message,
    MessageMedia,
    MessageParticipant,
    MessagesEvent,
    PostResult,
    ScheduledEvent,
    SocialDetails,
    SocialEvent,
    UnknownEvent,
    parse_event,
)

SAMPLES = Path(__file__).resolve().parents[1] / "cases" / "events"


def sample(name: str) -> Event:
    return parse_event((SAMPLES / f"{name}.json").read_bytes())


def check_common(event: Event, action: str, hook_id: str, created: str) -> None:
    assert isinstance(event, Event)
    assert event.action == action
    assert event.hook_id == hook_id
    assert event.created == created
    assert event.ref_id == "3dc079614bdc3f281d9"
    assert event.code == 200
    assert event.status == "success"


def test_scheduled() -> None:
    event = sample("scheduled")
    assert isinstance(event, ScheduledEvent)
    check_common(event, "scheduled", "hk_8f2a", "2026-11-27T10:00:00.000Z")
    assert event.sub_action == "tikTokPublished"
    assert event.id == "RJTsGk8TyWWZsIhyk2Qy"
    assert event.url == "https://mysite.com/hooks/ayrshare"
    assert event.errors == []
    twitter, tiktok = event.post_ids
    assert isinstance(twitter, PostResult)
    assert (twitter.platform, twitter.status, twitter.id) == (
        "twitter",
        "success",
        "1570456773712580608",
    )
    assert twitter.post_url == "https://twitter.com/ayrshare/status/1570456773712580608"
    assert tiktok.id == "7143557452345707819", "a number id, as its text"
    assert twitter.other == {} and event.other == {}
    assert repr(twitter) == (
        "PostResult(platform='twitter', status='success', id='1570456773712580608', "
        "post_url='https://twitter.com/ayrshare/status/1570456773712580608')"
    )


def test_social() -> None:
    event = sample("social")
    assert isinstance(event, SocialEvent)
    check_common(event, "social", "hk_91c0", "2026-11-27T10:05:00Z")
    assert event.kind == "refresh"
    assert event.platform == "linkedin"
    assert event.display_name == "Ayrshare Inc."
    assert event.title == "Acme Marketing"
    assert event.source == "system"
    assert event.refresh_by == "2026-12-27T00:00:00Z"
    assert isinstance(event.details, SocialDetails)
    assert (event.details.status, event.details.code, event.details.message) == (
        "error",
        349,
        "Account locked",
    )
    assert event.details.other == {} and event.other == {}


def test_messages() -> None:
    event = sample("messages")
    assert isinstance(event, MessagesEvent)
    check_common(event, "messages", "hk_4d11", "2026-11-27T10:10:00Z")
    assert event.sub_action == "messageCreated"
    message = event.message
    assert isinstance(message, Message)
    assert (message.text, message.platform, message.status, message.id) == (
        "Hello from Ayrshare",
        "facebook",
        "received",
        "m_9XOMkxg3CnMr",
    )
    assert isinstance(message.sender, MessageParticipant)
    assert (message.sender.id, message.sender.name, message.sender.username) == (
        "7101813409857336",
        "Jane Doe",
        "janedoe",
    )
    assert message.sender.other == {"picture": "https://example.com/jane.png"}
    assert message.receiver is not None and message.receiver.id == "106638148652444"
    assert message.data == {
        "hashtags": ["launch"],
        "userMentions": [],
        "urls": ["https://www.ayrshare.com"],
    }
    (media,) = message.media
    assert isinstance(media, MessageMedia)
    assert (media.kind, media.url) == ("image", "https://example.com/photo.jpg")


def test_the_older_message_action() -> None:
    event = sample("message_legacy")
    assert isinstance(event, MessagesEvent)
    check_common(event, "messages", "59127", "1764237600")
    assert event.sub_action == "reaction"
    assert event.message is not None
    assert event.message.receiver is None
    assert event.message.media == ()


def test_account_activity() -> None:
    event = sample("account_activity")
    assert isinstance(event, AccountActivityEvent)
    check_common(event, "accountActivity", "hk_aa07", "2026-11-27T10:15:00Z")
    assert (event.platform, event.kind) == ("twitter", "directMessage")
    (dm,) = event.direct_message_events
    assert isinstance(dm, DirectMessageEvent)
    assert (dm.kind, dm.created_at, dm.id) == (
        "message_create",
        "1764237900000",
        "1570455736368660484",
    )
    assert dm.message_create["messageData"]["text"] == "Hi there"
    assert event.media_urls == ("https://pbs.twimg.com/dm_gif/1.gif",)
    assert event.retry_attempt == 0
    assert event.schedule_date == "2026-11-27T10:15:00Z"
    assert (event.source, event.title) == ("user", "Acme Marketing")
    assert event.url == "https://mysite.com/hooks/ayrshare"
    assert event.users["1438624520271880195"]["screenName"] == "janedoe"
    assert event.other == {}


def test_feed_batch_and_unknown_keep_the_rest() -> None:
    feed = sample("feed")
    assert isinstance(feed, FeedEvent)
    check_common(feed, "feed", "hk_fe3d", "2026-11-27T10:20:00Z")
    assert feed.other == {"platform": "instagram", "items": [{"id": "18023", "caption": "New post"}]}
    batch = sample("batch")
    assert isinstance(batch, BatchEvent)
    assert (batch.status, batch.code, batch.other) == ("error", 400, {"batchId": "b_77", "processed": 2})
    unknown = sample("unknown")
    assert isinstance(unknown, UnknownEvent)
    check_common(unknown, "comments", "hk_c0de", "2026-11-27T10:30:00Z")
    assert list(unknown.other) == ["subAction", "platform", "comment"], "the order received"


def describe(event: Event) -> str:
    match event:
        case ScheduledEvent(post_ids=(first, *_)):
            return f"posted on {first.platform}"
        case SocialEvent(kind="refresh", platform=platform):
            return f"refresh {platform}"
        case MessagesEvent(message=Message(sender=MessageParticipant(name=name))):
            return f"message from {name}"
        case AccountActivityEvent(kind=kind):
            return f"activity {kind}"
        case FeedEvent() | BatchEvent():
            return "feed or batch"
        case UnknownEvent(action=action):
            return f"unknown {action}"
        case _:
            return "?"


def test_usable_in_match() -> None:
    assert [describe(sample(name)) for name in sorted(p.stem for p in SAMPLES.glob("*.json"))] == [
        "activity directMessage",
        "feed or batch",
        "feed or batch",
        "message from None",
        "message from Jane Doe",
        "posted on twitter",
        "refresh linkedin",
        "unknown comments",
    ]


def test_odd_types_stay_in_other() -> None:
    body: dict[str, Any] = {
        "action": "scheduled",
        "code": "n/a",
        "hookId": 42,
        "postIds": [{"platform": "x"}, 7],
        "url": False,
        "created": None,
    }
    event = parse_event(json.dumps(body).encode())
    assert isinstance(event, ScheduledEvent)
    assert event.code is None and event.url is None and event.created is None
    assert event.hook_id == "42"
    assert event.post_ids == ()
    assert event.other == {"code": "n/a", "postIds": [{"platform": "x"}, 7], "url": False, "created": None}
    assert event.other is event.other


def test_any_object_parses_and_nothing_else_does() -> None:
    none = parse_event(b"{}")
    assert isinstance(none, UnknownEvent) and none.action is None
    odd = parse_event(b'{"action": ["x"]}')
    assert isinstance(odd, UnknownEvent) and odd.other == {"action": ["x"]}
    assert isinstance(parse_event(bytearray(b'{"action":"feed"}')), FeedEvent)
    assert isinstance(parse_event(memoryview(b'{"action":"batch"}')), BatchEvent)
    for body in (b"", b"[1, 2]", b'"scheduled"', b"null", b"<html>", b"\xff"):
        with pytest.raises(DecodeError) as caught:
            parse_event(body)
        assert caught.value.status_code is None


def test_events_are_immutable_and_have_short_reprs() -> None:
    event = sample("social")
    assert repr(event) == (
        "SocialEvent(action='social', hook_id='hk_91c0', ref_id='3dc079614bdc3f281d9', "
        "status='success')"
    )
    with pytest.raises(AttributeError):
        event.hook_id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        Event()


def test_wrong_argument_types() -> None:
    untyped: Any = parse_event
    with pytest.raises(TypeError, match="body must be bytes"):
        untyped('{"action": "feed"}')
    with pytest.raises(TypeError, match="not NoneType"):
        untyped(None)
