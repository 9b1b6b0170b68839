"""The client's settings (arguments, environment, defaults), its repr, and the package itself."""

from __future__ import annotations

import importlib.metadata
import inspect
import pathlib
import sys

import pytest
from pytest_httpserver import HTTPServer
from support import API_KEY, HOOK_PATH, PROFILE_KEY, only_request

import ayrshare_webhooks
from ayrshare_webhooks import Client, InvalidInputError


def test_environment_supplies_key_profile_and_base_url(
    httpserver: HTTPServer, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json({"status": "success"})
    monkeypatch.setenv("AYRSHARE_API_KEY", "env-api-key")
    monkeypatch.setenv("AYRSHARE_PROFILE_KEY", "env-profile-key")
    monkeypatch.setenv("AYRSHARE_BASE_URL", base_url + "/")

    client = Client(max_retries=0)
    client.list_webhooks()

    request = only_request(httpserver)
    assert request.headers["Authorization"] == "Bearer env-api-key"
    assert request.headers["Profile-Key"] == "env-profile-key"
    assert client.base_url == base_url
    assert client.has_profile_key


def test_explicit_arguments_override_the_environment(
    httpserver: HTTPServer, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json({"status": "success"})
    monkeypatch.setenv("AYRSHARE_API_KEY", "env-api-key")
    monkeypatch.setenv("AYRSHARE_PROFILE_KEY", "env-profile-key")
    monkeypatch.setenv("AYRSHARE_BASE_URL", "https://unused.example.com/api")

    Client(profile_key=PROFILE_KEY, base_url=base_url, max_retries=0).list_webhooks()

    request = only_request(httpserver)
    assert request.headers["Authorization"] == "Bearer env-api-key"
    assert request.headers["Profile-Key"] == PROFILE_KEY


def test_an_explicit_key_ignores_the_environment(
    httpserver: HTTPServer, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stray AYRSHARE_PROFILE_KEY must not make a client built with its own key act for
    # another profile, nor a stray AYRSHARE_BASE_URL send it elsewhere.
    httpserver.expect_request(HOOK_PATH).respond_with_json({"status": "success"})
    monkeypatch.setenv("AYRSHARE_PROFILE_KEY", "env-profile-key")
    monkeypatch.setenv("AYRSHARE_BASE_URL", "not a url")

    client = Client(API_KEY, base_url=base_url, max_retries=0)
    client.list_webhooks()

    request = only_request(httpserver)
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert "Profile-Key" not in request.headers
    assert not client.has_profile_key


def test_empty_environment_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AYRSHARE_API_KEY", "")
    with pytest.raises(InvalidInputError) as caught:
        Client()
    assert caught.value.field == "api_key"
    assert "AYRSHARE_API_KEY is not set" in str(caught.value)

    monkeypatch.setenv("AYRSHARE_API_KEY", API_KEY)
    monkeypatch.setenv("AYRSHARE_PROFILE_KEY", "")
    monkeypatch.setenv("AYRSHARE_BASE_URL", "")
    client = Client()
    assert not client.has_profile_key
    assert client.base_url == "https://api.ayrshare.com/api"


def test_invalid_environment_value_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AYRSHARE_API_KEY", API_KEY)
    monkeypatch.setenv("AYRSHARE_BASE_URL", "http://example.com/api")
    with pytest.raises(InvalidInputError) as caught:
        Client()
    assert caught.value.field == "base_url"


def test_defaults_match_the_documented_signature() -> None:
    client = Client(API_KEY)
    parameters = inspect.signature(Client).parameters

    assert client.base_url == "https://api.ayrshare.com/api"
    assert client.timeout == parameters["timeout"].default == 30.0
    assert client.connect_timeout == parameters["connect_timeout"].default == 10.0
    assert client.max_retries == parameters["max_retries"].default == 2
    assert not client.has_profile_key
    assert list(parameters) == [
        "api_key",
        "profile_key",
        "base_url",
        "timeout",
        "connect_timeout",
        "max_retries",
        "system_roots",
        "ca_bundle",
        "proxy",
    ]
    assert parameters["system_roots"].default is False
    assert parameters["ca_bundle"].default is None
    assert parameters["proxy"].default is None
    assert parameters["profile_key"].kind is inspect.Parameter.KEYWORD_ONLY
    verifier_default = inspect.signature(ayrshare_webhooks.Verifier).parameters["tolerance"]
    assert verifier_default.default == ayrshare_webhooks.Verifier("s").tolerance == 300.0


def test_settings_are_applied(base_url: str) -> None:
    client = Client(API_KEY, base_url=base_url, timeout=1.5, connect_timeout=0.25, max_retries=7)
    assert (client.timeout, client.connect_timeout, client.max_retries) == (1.5, 0.25, 7)
    assert client.base_url == base_url


def test_repr_shows_the_base_url_and_masks_the_keys(base_url: str) -> None:
    client = Client(API_KEY, base_url=base_url)
    # Long keys show their last four characters, so two keys can be told apart in logs.
    assert repr(client) == f"Client(base_url='{base_url}', api_key='***{API_KEY[-4:]}', profile_key=None)"
    profiled = client.with_profile_key(PROFILE_KEY)
    assert repr(profiled) == (
        f"Client(base_url='{base_url}', api_key='***{API_KEY[-4:]}', "
        f"profile_key='***{PROFILE_KEY[-4:]}')"
    )
    short_profile = client.with_profile_key("short-profile")
    assert repr(short_profile).endswith("profile_key='***')")
    short = Client("short-key", base_url=base_url)
    assert repr(short) == f"Client(base_url='{base_url}', api_key='***', profile_key=None)"
    for text in (repr(client), str(client), repr(profiled), str(profiled)):
        assert API_KEY not in text and PROFILE_KEY not in text


def test_the_client_cannot_be_pickled_with_its_key() -> None:
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(Client(API_KEY))


def test_the_installed_wheel_is_under_test() -> None:
    package_dir = pathlib.Path(ayrshare_webhooks.__file__).parent
    assert pathlib.Path(sys.prefix) in package_dir.parents, package_dir
    assert "site-packages" in package_dir.parts
    assert (package_dir / "py.typed").is_file()
    assert (package_dir / "_native.pyi").is_file()
    assert ayrshare_webhooks.__version__ == importlib.metadata.version("ayrshare-webhooks")


def test_every_public_name_is_exported_and_documented() -> None:
    expected = {
        "Client", "Action", "Webhook", "Delivery", "verify_signature", "parse_delivery",
        "Verifier", "AyrshareError", "InvalidInputError", "APIError", "AuthenticationError",
        "PermissionDeniedError", "NotFoundError", "RateLimitError", "ServerError",
        "APIConnectionError", "APITimeoutError", "DecodeError", "SignatureVerificationError",
    }  # fmt: skip
    assert expected <= set(ayrshare_webhooks.__all__)
    assert ayrshare_webhooks.__doc__
    for name in expected:
        assert (getattr(ayrshare_webhooks, name).__doc__ or "").strip(), name
    for cls in (Client, ayrshare_webhooks.Webhook, ayrshare_webhooks.Delivery, ayrshare_webhooks.Verifier):
        for attribute in dir(cls):
            if not attribute.startswith("_"):
                doc = getattr(cls, attribute).__doc__ or ""
                assert doc.strip(), f"{cls.__name__}.{attribute} has no docstring"
