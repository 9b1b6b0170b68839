"""HTTPS to a host name against a real TLS server (the fault server's TLS front, with a
certificate for ``localhost`` from a CA made when it starts): the trust settings, the TLS error,
and one handshake for many calls."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Callable
from pathlib import Path

import pytest

from faultkit import LISTED, FaultServer

from ayrshare_webhooks import APIConnectionError, Client, InvalidInputError, TLSError

API_KEY = "tls-test-api-key"
SYSTEM_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")

Start = Callable[..., FaultServer]


def test_a_ca_bundle_is_trusted_and_twenty_calls_make_one_handshake(
    start_faultserver: Start,
) -> None:
    server = start_faultserver("200", tls="valid")
    assert server.base_url.startswith("https://localhost:")
    client = Client(API_KEY, base_url=server.base_url, ca_bundle=server.ca_bundle, max_retries=0)
    for _ in range(20):
        assert client.list_webhooks() == LISTED
    stats = server.stats()
    assert (stats.requests, stats.handshakes, stats.tls_connections) == (20, 1, 1)


def test_a_path_like_ca_bundle(start_faultserver: Start) -> None:
    server = start_faultserver("200", tls="valid")
    client = Client(API_KEY, base_url=server.base_url, ca_bundle=pathlib.Path(server.ca_bundle))
    assert client.list_webhooks() == LISTED


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("unknown-issuer", "unknown issuer"),
        ("expired", "expired"),
        ("wrong-host", "not valid for the host name localhost"),
    ],
)
def test_an_untrusted_certificate_fails_once_with_tls_error(
    start_faultserver: Start, kind: str, reason: str
) -> None:
    server = start_faultserver("200", tls=kind)
    client = Client(API_KEY, base_url=server.base_url, ca_bundle=server.ca_bundle, max_retries=2)
    with pytest.raises(TLSError) as caught:
        client.list_webhooks()
    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.attempts == 1
    port = server.base_url.split(":")[2].split("/")[0]
    assert f"localhost:{port}" in str(caught.value)
    assert reason in str(caught.value)
    stats = server.stats()
    assert (stats.tls_connections, stats.handshakes, stats.requests) == (1, 0, 0)


def test_the_bundled_roots_do_not_trust_a_private_ca(start_faultserver: Start) -> None:
    server = start_faultserver("200", tls="valid")
    with pytest.raises(TLSError, match="ca_bundle"):
        Client(API_KEY, base_url=server.base_url).list_webhooks()


def test_ayrshare_ca_bundle_from_the_environment(
    start_faultserver: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_faultserver("200", tls="valid")
    monkeypatch.setenv("AYRSHARE_API_KEY", API_KEY)
    monkeypatch.setenv("AYRSHARE_BASE_URL", server.base_url)
    monkeypatch.setenv("AYRSHARE_CA_BUNDLE", server.ca_bundle)
    assert Client().list_webhooks() == LISTED


def test_system_roots_from_a_private_copy_of_the_store(
    start_faultserver: Start, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    server = start_faultserver("200", tls="valid")
    if not SYSTEM_BUNDLE.exists():
        pytest.skip(f"{SYSTEM_BUNDLE} is missing: no system store to copy")
    store = tmp_path / "store.pem"
    store.write_text(SYSTEM_BUNDLE.read_text() + "\n" + Path(server.ca_bundle).read_text())
    monkeypatch.setenv("SSL_CERT_FILE", str(store))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "none"))
    client = Client(API_KEY, base_url=server.base_url, system_roots=True, max_retries=0)
    assert client.list_webhooks() == LISTED
    store.write_text(SYSTEM_BUNDLE.read_text())
    with pytest.raises(TLSError):
        Client(API_KEY, base_url=server.base_url, system_roots=True).list_webhooks()


@pytest.mark.parametrize(
    "contents", [b"", b"   \n", b"not a certificate\n", b"-----BEGIN CERTIFICATE-----\nAA==\n"]
)
def test_an_unusable_bundle_is_invalid_input_naming_ca_bundle(
    tmp_path: Path, contents: bytes
) -> None:
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(contents)
    with pytest.raises(InvalidInputError) as caught:
        Client(API_KEY, ca_bundle=bundle)
    assert caught.value.field == "ca_bundle"
    with pytest.raises(InvalidInputError) as missing:
        Client(API_KEY, ca_bundle=os.fspath(tmp_path / "missing.pem"))
    assert missing.value.field == "ca_bundle"


@pytest.mark.parametrize("value", [42, b"/etc/ssl/ca.pem", ["ca.pem"]])
def test_a_ca_bundle_of_another_type_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="ca_bundle"):
        Client(API_KEY, ca_bundle=value)  # type: ignore[arg-type]


def test_system_roots_must_be_a_bool() -> None:
    with pytest.raises(TypeError, match="system_roots"):
        Client(API_KEY, system_roots=1)  # type: ignore[arg-type]
