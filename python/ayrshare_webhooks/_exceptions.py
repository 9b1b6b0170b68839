"""Every exception the package raises, in one place.

The native module instantiates these classes (``python/src/errors.rs`` maps each error of the
Rust core to one of them). Messages never contain an API key, a profile key or a secret.

==========================  ========================================================
class                       raised when
==========================  ========================================================
AyrshareError               base class of all of them (also: an internal error)
InvalidInputError           an argument broke a rule; nothing was sent (``field``)
APIError                    the API answered with an error (``status_code``, ``code``,
                            ``message``); subclasses below by HTTP status
AuthenticationError         401: missing or wrong API key
PermissionDeniedError       403: plan without webhooks, suspended profile, ...
NotFoundError               404
RateLimitError              429 (``retry_after`` in seconds, or ``None``)
ServerError                 5xx, after the retries
APIConnectionError          DNS, refused, reset, TLS: no answer (``attempts``)
APITimeoutError             no complete answer within the timeout (``attempts``)
TLSError                    the server's certificate is not trusted (never retried)
ProxyError                  the proxy refused the tunnel (``proxy``, ``status_code``)
CallCancelledError          a call was cancelled (signals raise their own exception)
ClientClosedError           an ``AsyncClient`` was used after ``aclose()``
DecodeError                 a 2xx answer or a delivery body that is not the expected JSON
SignatureVerificationError  a delivery failed verification (``reason``)
==========================  ========================================================
"""

from __future__ import annotations

from typing import Any


def _rebuild(
    cls: type[AyrshareError], args: tuple[Any, ...], state: dict[str, Any]
) -> AyrshareError:
    """Recreates an exception from its pickled form (see ``AyrshareError.__reduce__``)."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class AyrshareError(Exception):
    """Base class of every error raised by ``ayrshare_webhooks``.

    ``str(error)`` is a complete description that never contains a key or a secret. Raised as
    itself only for an internal error (a bug in the package), never for a bad argument or an
    API failure, which have their own subclasses.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only attributes survive pickling (multiprocessing, task queues).
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class InvalidInputError(AyrshareError, ValueError):
    """An argument broke one of the SDK's rules. Nothing was sent.

    Also a ``ValueError``.

    Attributes:
        field: The argument at fault: ``"api_key"``, ``"profile_key"``, ``"action"``,
            ``"url"``, ``"secret"``, ``"base_url"``, ``"timeout"``, ``"connect_timeout"``,
            ``"max_retries"``, ``"tolerance"`` or ``"timestamp"`` (of ``sign_delivery``).
    """

    field: str

    def __init__(self, description: str, *, field: str) -> None:
        super().__init__(description)
        self.field = field


class APIError(AyrshareError):
    """The Ayrshare API answered with an error.

    Raised as itself for statuses without a subclass (400, 402, 405, ... and a 2xx answer whose
    JSON ``status`` is ``"error"``).

    Attributes:
        status_code: The HTTP status of the answer.
        code: Ayrshare's numeric error code, or ``None``.
        message: Ayrshare's message, or a description of the answer when it was not JSON.
    """

    status_code: int
    code: int | None
    message: str

    def __init__(
        self, description: str, *, status_code: int, code: int | None = None, message: str = ""
    ) -> None:
        super().__init__(description)
        self.status_code = status_code
        self.code = code
        self.message = message


class AuthenticationError(APIError):
    """HTTP 401: the API key is missing, wrong or revoked."""


class PermissionDeniedError(APIError):
    """HTTP 403: a plan without webhooks, a suspended User Profile, or a key without the right."""


class NotFoundError(APIError):
    """HTTP 404: for instance, no webhook is registered for the action being removed."""


class RateLimitError(APIError):
    """HTTP 429: too many requests for this profile.

    Raised at once when the server gave no ``Retry-After`` or one longer than 60 seconds;
    shorter waits are retried by the client first. Ayrshare suspends a profile after 1,000
    429s in a day, so wait before trying again.

    Attributes:
        retry_after: How long the server asked to wait, in seconds, or ``None``.
    """

    retry_after: float | None

    def __init__(
        self,
        description: str,
        *,
        status_code: int = 429,
        code: int | None = None,
        message: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(description, status_code=status_code, code=code, message=message)
        self.retry_after = retry_after


class ServerError(APIError):
    """HTTP 5xx: the API failed (after the client's retries, for 500, 502, 503 and 504)."""


class APIConnectionError(AyrshareError):
    """No answer: DNS failure, connection refused or reset, TLS error, or a reply that is not HTTP.

    Attributes:
        attempts: How many attempts were made (retries included).
    """

    attempts: int

    def __init__(self, description: str, *, attempts: int = 1) -> None:
        super().__init__(description)
        self.attempts = attempts


class APITimeoutError(APIConnectionError):
    """No complete answer arrived within the timeout, on every attempt."""


class TLSError(APIConnectionError):
    """The server's TLS certificate is not trusted, or the TLS handshake failed. Not retried.

    The message names the host and the reason (unknown issuer, expired, wrong host name). For a
    private CA or a TLS-inspecting proxy, pass ``Client(ca_bundle="ca.pem")`` (or set
    ``AYRSHARE_CA_BUNDLE``), or ``Client(system_roots=True)`` to use the system's store.
    """


class ProxyError(APIConnectionError):
    """The proxy refused to open a tunnel to the API, or did not answer in HTTP. Not retried.

    Attributes:
        proxy: The proxy as ``host:port`` (never its credentials).
        status_code: The proxy's HTTP status (403, 407, ...), or ``None``.
    """

    proxy: str
    status_code: int | None

    def __init__(
        self,
        description: str,
        *,
        attempts: int = 1,
        proxy: str = "",
        status_code: int | None = None,
    ) -> None:
        super().__init__(description, attempts=attempts)
        self.proxy = proxy
        self.status_code = status_code


class ClientClosedError(AyrshareError):
    """A call was made on an ``AsyncClient`` after ``aclose()`` (or after its ``async with``)."""


class CallCancelledError(AyrshareError):
    """A call was stopped by its cancellation (an ``AsyncClient`` task that was cancelled).

    A call interrupted by a signal raises the signal handler's exception instead
    (``KeyboardInterrupt`` for Ctrl-C), never this.
    """


class DecodeError(AyrshareError):
    """A body was not the JSON expected.

    Either a 2xx answer of the API (an HTML page from a proxy, a truncated document, an answer
    over the 1 MiB cap), or a delivery body given to ``parse_delivery`` or ``parse_event`` (for
    ``parse_event``, only a body that is not a JSON object).

    Attributes:
        status_code: The HTTP status of the answer, or ``None`` for a delivery body.
    """

    status_code: int | None

    def __init__(self, description: str, *, status_code: int | None = None) -> None:
        super().__init__(description)
        self.status_code = status_code


class SignatureVerificationError(AyrshareError):
    """A delivery failed verification: reject it (answer 401 or 400, do not process it).

    Attributes:
        reason: Which check failed: ``"missing_signature"``,
            ``"malformed_signature"``, ``"mismatch"``, ``"missing_timestamp"``,
            ``"malformed_timestamp"`` or ``"timestamp_outside_tolerance"``.
    """

    reason: str

    def __init__(self, description: str, *, reason: str) -> None:
        super().__init__(description)
        self.reason = reason
