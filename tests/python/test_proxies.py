"""Proxies end to end: a real CONNECT proxy (tinyproxy) in front of a real TLS server; proxy
settings in code and in the environment; credentials; a refusal; SOCKS refused, never
bypassed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from faultkit import LISTED, FaultServer, closed_base_url
from proxykit import Tinyproxy

from ayrshare_webhooks import APIConnectionError, Client, InvalidInputError, ProxyError

API_KEY = "proxy-test-api-key"
PASSWORD = "proxy-pa55word-7e1"

Start = Callable[..., FaultServer]


def client(server: FaultServer, **overrides: object) -> Client:
    settings: dict[str, object] = {"ca_bundle": server.ca_bundle, "max_retries": 2}
    settings.update(overrides)
    return Client(API_KEY, base_url=server.base_url, **settings)  # type: ignore[arg-type]


def test_a_proxy_set_in_code_carries_every_call_in_one_tunnel(start_faultserver: Start) -> None:
    server = start_faultserver("200", tls="valid")
    with Tinyproxy() as proxy:
        tunnelled = client(server, proxy=proxy.url)
        for _ in range(3):
            assert tunnelled.list_webhooks() == LISTED
        assert proxy.connects() == 1
    assert server.stats().handshakes == 1


def test_https_proxy_and_no_proxy_from_the_environment(
    start_faultserver: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_faultserver("200", tls="valid")
    with Tinyproxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        client(server).list_webhooks()
        assert proxy.connects() == 1
        monkeypatch.setenv("NO_PROXY", "example.com,localhost")
        client(server).list_webhooks()
        assert proxy.connects() == 1, "NO_PROXY bypasses the proxy for localhost"
        monkeypatch.delenv("NO_PROXY")
        client(server, proxy="").list_webhooks()
        assert proxy.connects() == 1, 'proxy="" connects directly'


def test_credentials_tunnel_and_their_absence_is_one_proxy_error(
    start_faultserver: Start,
) -> None:
    server = start_faultserver("200", tls="valid")
    with Tinyproxy(credentials=("proxy-user", PASSWORD)) as proxy:
        good = client(server, proxy=proxy.url_with("proxy-user", PASSWORD))
        assert good.list_webhooks() == LISTED
        assert PASSWORD not in repr(good)
        with pytest.raises(ProxyError) as caught:
            client(server, proxy=proxy.url).list_webhooks()
        error = caught.value
        assert isinstance(error, APIConnectionError)
        assert (error.status_code, error.proxy, error.attempts) == (
            407,
            f"127.0.0.1:{proxy.port}",
            1,
        )
        assert proxy.connects() == 2, "the refusal was not retried"
        with pytest.raises(ProxyError) as wrong:
            client(server, proxy=proxy.url_with("proxy-user", "wrong-" + PASSWORD)).list_webhooks()
        assert PASSWORD not in str(wrong.value)


def test_a_refused_connect_is_reported_once(start_faultserver: Start) -> None:
    server = start_faultserver("200", tls="valid")
    with Tinyproxy(connect_ports=(443,)) as proxy:
        with pytest.raises(ProxyError) as caught:
            client(server, proxy=proxy.url).list_webhooks()
        assert caught.value.status_code == 403
        assert f"127.0.0.1:{proxy.port}" in str(caught.value)
        assert proxy.connects() == 1


def test_a_dead_proxy_is_a_connection_error_naming_it(start_faultserver: Start) -> None:
    server = start_faultserver("200", tls="valid")
    dead = closed_base_url().removesuffix("/api")
    with pytest.raises(APIConnectionError, match="cannot reach the proxy 127.0.0.1:"):
        client(server, proxy=dead, max_retries=0).list_webhooks()


@pytest.mark.parametrize("variable", ["ALL_PROXY", "HTTPS_PROXY", "https_proxy"])
def test_a_socks_proxy_in_the_environment_is_refused_never_bypassed(
    start_faultserver: Start, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    server = start_faultserver("200", tls="valid")
    monkeypatch.setenv(variable, "socks5://user:socks-secret@127.0.0.1:1080")
    with pytest.raises(InvalidInputError) as caught:
        client(server)
    assert caught.value.field == "proxy"
    assert variable in str(caught.value)
    assert "socks-secret" not in str(caught.value)
    assert server.stats().tls_connections == 0


def test_a_plain_http_stand_in_never_goes_through_an_environment_proxy(
    start_faultserver: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = start_faultserver("200")
    dead = closed_base_url().removesuffix("/api")
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(variable, dead)
    assert Client(API_KEY, base_url=server.base_url).list_webhooks() == LISTED
