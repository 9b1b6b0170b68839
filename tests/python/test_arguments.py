"""Every argument edge in Python: lone surrogates, huge, negative, NaN and infinite numbers, and
``bool`` where a number is expected. Each gives the SDK's typed error naming the argument, or a
``TypeError``: never ``UnicodeEncodeError``, ``OverflowError`` or ``RuntimeError``."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ayrshare_webhooks import Client, InvalidInputError, Verifier

API_KEY = "argument-test-key"
BASE = "http://127.0.0.1:9/api"
SURROGATE = "\ud800"


def client() -> Client:
    return Client(API_KEY, base_url=BASE, max_retries=0)


@pytest.mark.parametrize(
    ("field", "call"),
    [
        ("api_key", lambda: Client("key" + SURROGATE, base_url=BASE)),
        ("profile_key", lambda: Client(API_KEY, base_url=BASE, profile_key=SURROGATE)),
        ("base_url", lambda: Client(API_KEY, base_url=BASE + SURROGATE)),
        ("proxy", lambda: Client(API_KEY, base_url=BASE, proxy="http://p" + SURROGATE)),
        ("ca_bundle", lambda: Client(API_KEY, base_url=BASE, ca_bundle="/ca" + SURROGATE)),
        ("url", lambda: client().register_webhook("feed", "https://x.test/" + SURROGATE)),
        ("secret", lambda: client().register_webhook("feed", "https://x.test/", secret=SURROGATE)),
        (
            "profile_key",
            lambda: client().register_webhook("feed", "https://x.test/", profile_key=SURROGATE),
        ),
        ("profile_key", lambda: client().list_webhooks(profile_key=SURROGATE)),
        ("profile_key", lambda: client().unregister_webhook("feed", profile_key=SURROGATE)),
        ("secret", lambda: client().rotate_webhook_secret(SURROGATE)),
        ("profile_key", lambda: client().rotate_webhook_secret("s", profile_key=SURROGATE)),
        ("profile_key", lambda: client().with_profile_key(SURROGATE)),
    ],
)
def test_a_lone_surrogate_is_invalid_input_naming_the_field(field: str, call: Any) -> None:
    with pytest.raises(InvalidInputError) as caught:
        call()
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("field", "settings"),
    [
        ("max_retries", {"max_retries": 2**63}),
        ("max_retries", {"max_retries": -(2**63) - 1}),
        ("max_retries", {"max_retries": 10**100}),
        ("max_retries", {"max_retries": -1}),
        ("timeout", {"timeout": 10**400}),
        ("timeout", {"timeout": -(10**400)}),
        ("timeout", {"timeout": 2**63}),
        ("timeout", {"timeout": math.nan}),
        ("timeout", {"timeout": math.inf}),
        ("timeout", {"timeout": -1.0}),
        ("timeout", {"timeout": 366 * 24 * 3600}),
        ("connect_timeout", {"connect_timeout": 10**400}),
        ("connect_timeout", {"connect_timeout": -math.inf}),
    ],
)
def test_out_of_range_numbers_are_invalid_input_naming_the_field(
    field: str, settings: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        Client(API_KEY, base_url=BASE, **settings)
    assert caught.value.field == field


@pytest.mark.parametrize(
    "settings",
    [
        {"max_retries": True},
        {"max_retries": False},
        {"timeout": True},
        {"connect_timeout": False},
        {"max_retries": 1.0},
        {"max_retries": "1"},
        {"timeout": "30"},
    ],
)
def test_a_bool_or_other_type_where_a_number_is_expected_is_a_type_error(
    settings: dict[str, Any],
) -> None:
    with pytest.raises(TypeError):
        Client(API_KEY, base_url=BASE, **settings)


@pytest.mark.parametrize("tolerance", [10**400, -(10**400), math.nan, math.inf, -1, 366 * 86400])
def test_verifier_tolerances_out_of_range_are_invalid_input(tolerance: float) -> None:
    with pytest.raises(InvalidInputError) as caught:
        Verifier("s3cret", tolerance=tolerance)
    assert caught.value.field == "tolerance"


@pytest.mark.parametrize("tolerance", [True, False, "300"])
def test_verifier_tolerance_of_another_type_is_a_type_error(tolerance: Any) -> None:
    with pytest.raises(TypeError):
        Verifier("s3cret", tolerance=tolerance)
