"""`parse_delivery`: typed common fields and the whole payload as plain Python objects."""

from __future__ import annotations

import json

import pytest

from ayrshare_webhooks import Action, DecodeError, Delivery, parse_delivery

SCHEDULED = {
    "action": "scheduled",
    "subAction": "postPublished",
    "created": "2026-11-27T08:00:00Z",
    "code": 200,
    "refId": "3dc079614bdc3f281d9",
    "hookId": "hk_123",
    "status": "success",
    "id": "post-1",
    "errors": [],
    "postIds": [
        {"postUrl": "https://x.com/p/1", "platform": "twitter", "status": "success", "id": "1"},
        {"postUrl": None, "platform": "linkedin", "status": "error", "id": 2},
    ],
    "ratio": 0.5,
    "big": 18446744073709551615,
    "negative": -7,
    "flag": True,
    "nested": {"deeper": {"list": [1, [2, [3]]]}},
    "unicode": "héllo ✓",
}


def test_common_fields_and_payload() -> None:
    body = json.dumps(SCHEDULED).encode()

    delivery = parse_delivery(body)

    assert isinstance(delivery, Delivery)
    assert delivery.action == Action.SCHEDULED
    assert delivery.action == "scheduled"
    assert delivery.sub_action == "postPublished"
    assert delivery.created == "2026-11-27T08:00:00Z"
    assert delivery.code == 200
    assert delivery.ref_id == "3dc079614bdc3f281d9"
    assert delivery.hook_id == "hk_123"
    assert delivery.status == "success"
    assert delivery.payload == json.loads(body)
    assert list(delivery.payload) == list(SCHEDULED), "keys keep the order received"
    assert type(delivery.payload["postIds"][1]["id"]) is int
    assert type(delivery.payload["ratio"]) is float
    assert delivery.payload["flag"] is True
    assert delivery.payload["postIds"][1]["postUrl"] is None


def test_numbers_kept_as_text_and_missing_fields() -> None:
    delivery = parse_delivery(b'{"action":"social","created":1764230400,"hookId":42}')

    assert delivery.created == "1764230400"
    assert delivery.hook_id == "42"
    assert delivery.sub_action is None
    assert delivery.code is None
    assert delivery.ref_id is None
    assert delivery.status is None
    assert delivery.payload == {"action": "social", "created": 1764230400, "hookId": 42}


def test_unknown_action_is_kept_as_sent() -> None:
    delivery = parse_delivery(b'{"action":"brandNewThing","x":1}')
    assert delivery.action == "brandNewThing"
    assert delivery.payload["x"] == 1


def test_bytes_like_bodies() -> None:
    body = b'{"action":"feed"}'
    assert parse_delivery(bytearray(body)).action == "feed"
    assert parse_delivery(memoryview(body)).action == "feed"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "must be JSON"),
        (b"<html>", "must be JSON"),
        (b'{"action": "feed"', "must be JSON"),
        (b"[1, 2]", "JSON object"),
        (b'"feed"', "JSON object"),
        (b'{"status": "success"}', "no `action`"),
        (b'{"action": 5}', "not a string"),
    ],
)
def test_bodies_that_are_not_deliveries(body: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as caught:
        parse_delivery(body)
    assert caught.value.status_code is None
    assert reason in str(caught.value)


def test_delivery_is_frozen_and_has_a_short_repr() -> None:
    delivery = parse_delivery(json.dumps(SCHEDULED).encode())

    assert repr(delivery) == (
        "Delivery(action='scheduled', sub_action='postPublished', "
        "ref_id='3dc079614bdc3f281d9', hook_id='hk_123', status='success')"
    )
    with pytest.raises(AttributeError):
        delivery.action = "feed"  # type: ignore[misc]
    assert delivery.payload is delivery.payload
