"""Every exception class, raised from a real HTTP answer (or a real network failure)."""

from __future__ import annotations

import pickle
import socket
import threading
import time
from collections.abc import Callable

import pytest
from pytest_httpserver import HTTPServer
from support import API_KEY, HOOK_PATH, HOOK_URL, PROFILE_KEY, SECRET_PATH, requests_seen
from werkzeug import Request, Response

import ayrshare_webhooks
from ayrshare_webhooks import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    AyrshareError,
    Client,
    DecodeError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    SignatureVerificationError,
)


def error_body(code: int, message: str) -> dict[str, object]:
    return {"status": "error", "code": code, "message": message}


@pytest.mark.parametrize(
    ("status", "exception"),
    [
        (400, APIError),
        (401, AuthenticationError),
        (402, APIError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (405, APIError),
    ],
)
def test_client_errors_map_to_their_class(
    httpserver: HTTPServer,
    make_client: Callable[..., Client],
    status: int,
    exception: type[APIError],
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json(
        error_body(102, "Something is wrong"), status=status
    )
    client = make_client(max_retries=2)  # a 4xx is never retried

    with pytest.raises(APIError) as caught:
        client.register_webhook("feed", HOOK_URL)

    error = caught.value
    assert type(error) is exception
    assert isinstance(error, AyrshareError)
    assert error.status_code == status
    assert error.code == 102
    assert error.message == "Something is wrong"
    assert str(error) == f"Ayrshare API error (HTTP {status}, code 102): Something is wrong"
    assert len(requests_seen(httpserver)) == 1


def test_unregistering_an_absent_webhook_is_not_found(
    httpserver: HTTPServer, client: Client
) -> None:
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_json(
        error_body(141, "Webhook not found"), status=404
    )

    with pytest.raises(NotFoundError) as caught:
        client.unregister_webhook("feed")

    assert caught.value.status_code == 404
    assert caught.value.message == "Webhook not found"


def test_rate_limit_without_retry_after_is_raised_at_once(
    httpserver: HTTPServer, make_client: Callable[..., Client]
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json(
        error_body(429, "Too many requests"), status=429
    )

    with pytest.raises(RateLimitError) as caught:
        make_client(max_retries=2).list_webhooks()

    error = caught.value
    assert isinstance(error, APIError)
    assert error.status_code == 429
    assert error.retry_after is None
    assert error.code == 429
    assert error.message == "Too many requests"
    assert len(requests_seen(httpserver)) == 1, "a 429 without Retry-After must not be retried"


def test_rate_limit_with_a_long_retry_after_carries_the_wait(
    httpserver: HTTPServer, make_client: Callable[..., Client]
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json(
        error_body(429, "Slow down"), status=429, headers={"Retry-After": "120"}
    )

    with pytest.raises(RateLimitError) as caught:
        make_client(max_retries=2).list_webhooks()

    assert caught.value.retry_after == 120.0
    assert "retry after 120 s" in str(caught.value)
    assert len(requests_seen(httpserver)) == 1


def test_rate_limit_with_a_short_retry_after_is_retried(
    httpserver: HTTPServer, make_client: Callable[..., Client]
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json(
        error_body(429, "Slow down"), status=429, headers={"Retry-After": "0"}
    )

    with pytest.raises(RateLimitError) as caught:
        make_client(max_retries=2).list_webhooks()

    assert caught.value.retry_after == 0.0
    assert len(requests_seen(httpserver)) == 3


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors(httpserver: HTTPServer, client: Client, status: int) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json(
        error_body(500, "Internal failure"), status=status
    )

    with pytest.raises(ServerError) as caught:
        client.list_webhooks()

    assert caught.value.status_code == status
    assert caught.value.message == "Internal failure"
    assert len(requests_seen(httpserver)) == 1


def test_server_errors_are_retried_max_retries_times(
    httpserver: HTTPServer, make_client: Callable[..., Client]
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json(
        error_body(500, "Unavailable"), status=503, headers={"Retry-After": "0"}
    )

    with pytest.raises(ServerError):
        make_client(max_retries=2).list_webhooks()

    assert len(requests_seen(httpserver)) == 3


def test_a_retry_can_succeed(httpserver: HTTPServer, make_client: Callable[..., Client]) -> None:
    httpserver.expect_ordered_request(HOOK_PATH).respond_with_data(
        "<html>Bad gateway</html>", status=502, content_type="text/html"
    )
    httpserver.expect_ordered_request(HOOK_PATH).respond_with_json(
        {"status": "success", "feed": "https://example.com/feed"}
    )

    webhooks = make_client(max_retries=1).list_webhooks()

    assert webhooks == {"feed": "https://example.com/feed"}
    assert len(requests_seen(httpserver)) == 2


def test_html_error_page_is_a_server_error_describing_the_body(
    httpserver: HTTPServer, client: Client
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_data(
        "<html><body>502 Bad Gateway</body></html>", status=502, content_type="text/html"
    )

    with pytest.raises(ServerError) as caught:
        client.list_webhooks()

    assert caught.value.status_code == 502
    assert caught.value.code is None
    assert "non-JSON body" in caught.value.message
    assert "<html>" in caught.value.message


def test_success_status_with_an_error_body_is_an_api_error(
    httpserver: HTTPServer, client: Client
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json(error_body(272, "Not on your plan"))

    with pytest.raises(APIError) as caught:
        client.register_webhook("feed", HOOK_URL)

    assert type(caught.value) is APIError
    assert caught.value.status_code == 200
    assert caught.value.code == 272
    assert caught.value.message == "Not on your plan"


def test_non_json_success_is_a_decode_error(httpserver: HTTPServer, client: Client) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_data(
        "<html>maintenance</html>", status=200, content_type="text/html"
    )

    with pytest.raises(DecodeError) as caught:
        client.list_webhooks()

    assert caught.value.status_code == 200
    assert "<html>maintenance" in str(caught.value)


def test_a_success_with_odd_field_types_is_a_success(
    httpserver: HTTPServer, client: Client
) -> None:
    httpserver.expect_request(HOOK_PATH).respond_with_json(
        {"status": "success", "url": 5, "refId": 12345, "extra": {"nested": [1]}}
    )
    hook = client.register_webhook("feed", HOOK_URL)
    assert (hook.url, hook.ref_id) == (HOOK_URL, "12345")


def test_an_empty_success_to_unregister_or_rotate_is_a_success(
    httpserver: HTTPServer, client: Client
) -> None:
    httpserver.expect_request(HOOK_PATH, method="DELETE").respond_with_data("", status=204)
    httpserver.expect_request(SECRET_PATH, method="POST").respond_with_data("", status=200)
    client.unregister_webhook("feed")
    client.rotate_webhook_secret("new-secret")


def test_timeout_against_a_slow_handler(
    httpserver: HTTPServer, make_client: Callable[..., Client]
) -> None:
    release = threading.Event()

    def slow(_: Request) -> Response:
        release.wait(5)
        return Response('{"status":"success"}', content_type="application/json")

    httpserver.expect_request(HOOK_PATH).respond_with_handler(slow)
    client = make_client(timeout=0.3, max_retries=0)

    started = time.monotonic()
    try:
        with pytest.raises(APITimeoutError) as caught:
            client.list_webhooks()
    finally:
        release.set()
    elapsed = time.monotonic() - started

    assert isinstance(caught.value, APIConnectionError)
    assert caught.value.attempts == 1
    assert str(caught.value) == "request timed out (1 attempt)"
    assert elapsed < 3, f"the 0.3 s timeout took {elapsed:.1f} s"


def free_port() -> int:
    """A local port with nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize("retries", [0, 1])
def test_connection_refused(retries: int) -> None:
    client = Client(
        API_KEY, base_url=f"http://127.0.0.1:{free_port()}/api", max_retries=retries
    )

    with pytest.raises(APIConnectionError) as caught:
        client.list_webhooks()

    assert type(caught.value) is APIConnectionError
    assert caught.value.attempts == retries + 1
    assert "connection refused" in str(caught.value)


def test_server_text_echoing_credentials_is_scrubbed(
    httpserver: HTTPServer, client: Client
) -> None:
    secret = "webhook-secret-91b27"
    httpserver.expect_request(HOOK_PATH).respond_with_json(
        error_body(
            101, f"bad request: key={API_KEY} profile={PROFILE_KEY} secret={secret}"
        ),
        status=400,
    )

    with pytest.raises(APIError) as caught:
        client.register_webhook("feed", HOOK_URL, secret=secret, profile_key=PROFILE_KEY)

    error = caught.value
    for shown in (str(error), repr(error), error.message, repr(error.args)):
        for credential in (API_KEY, PROFILE_KEY, secret):
            assert credential not in shown
    assert "[redacted]" in error.message


def test_invalid_input_is_a_value_error() -> None:
    with pytest.raises(ValueError) as caught:
        Client("")
    assert isinstance(caught.value, InvalidInputError)
    assert isinstance(caught.value, AyrshareError)
    assert caught.value.field == "api_key"


def test_a_rust_panic_is_an_ayrshare_error() -> None:
    with pytest.raises(AyrshareError) as caught:
        ayrshare_webhooks._native._panic_for_tests()

    assert type(caught.value) is AyrshareError
    assert "internal error" in str(caught.value)
    # The panic's own text is not covered by the no-credentials guarantee, so it is dropped.
    assert "deliberate panic" not in str(caught.value)


@pytest.mark.parametrize(
    "error",
    [
        InvalidInputError("invalid url: nope", field="url"),
        APIError("x", status_code=400, code=1, message="m"),
        NotFoundError("x", status_code=404, code=None, message="gone"),
        RateLimitError("x", status_code=429, code=None, message="m", retry_after=3.5),
        APITimeoutError("request timed out (3 attempts)", attempts=3),
        DecodeError("x", status_code=None),
        SignatureVerificationError("x", reason="mismatch"),
    ],
)
def test_exceptions_pickle_with_their_attributes(error: AyrshareError) -> None:
    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is type(error)
    assert copy.args == error.args
    assert vars(copy) == vars(error)


def test_exception_hierarchy() -> None:
    for subclass in (
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        RateLimitError,
        ServerError,
    ):
        assert issubclass(subclass, APIError)
    assert issubclass(APITimeoutError, APIConnectionError)
    for cls in (APIError, APIConnectionError, DecodeError, SignatureVerificationError):
        assert issubclass(cls, AyrshareError)
    assert issubclass(InvalidInputError, ValueError)
    assert issubclass(AyrshareError, Exception)
    assert AyrshareError.__module__ == "ayrshare_webhooks"
