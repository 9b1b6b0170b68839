"""Register Ayrshare webhooks and verify their signed deliveries.

A typed Python client over the Rust core of ``ayrshare-webhooks``: arguments are validated
before any request, every call has a timeout and bounded retries, calls release the GIL, and
errors are real exceptions (see ``AyrshareError``).

Register a webhook::

    from ayrshare_webhooks import Action, Client

    client = Client()  # AYRSHARE_API_KEY (and AYRSHARE_PROFILE_KEY, AYRSHARE_BASE_URL if set)
    hook = client.register_webhook(Action.SCHEDULED, "https://example.com/hooks/ayrshare",
                                   secret="my-signing-secret")

Verify a delivery in your web handler, over the exact bytes received, and get a typed event::

    from ayrshare_webhooks import ScheduledEvent, SignatureVerificationError, Verifier

    verifier = Verifier("my-signing-secret")
    try:
        event = verifier.verify_event(request.headers, raw_body)
    except SignatureVerificationError:
        ...  # answer 401 and drop it
    match event:
        case ScheduledEvent(post_ids=posts):
            ...

Test a receiver with the headers Ayrshare would send: ``sign_delivery(secret, body)``.
"""

from ayrshare_webhooks._action import Action
from ayrshare_webhooks._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    AyrshareError,
    CallCancelledError,
    ClientClosedError,
    DecodeError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ProxyError,
    RateLimitError,
    ServerError,
    SignatureVerificationError,
    TLSError,
)
from ayrshare_webhooks._async import AsyncClient
from ayrshare_webhooks._native import (
    AccountActivityEvent,
    BatchEvent,
    Client,
    Delivery,
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
    Verifier,
    Webhook,
    __version__,
    parse_delivery,
    parse_event,
    sign_delivery,
    verify_signature,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AccountActivityEvent",
    "Action",
    "AsyncClient",
    "AuthenticationError",
    "AyrshareError",
    "BatchEvent",
    "CallCancelledError",
    "Client",
    "ClientClosedError",
    "DecodeError",
    "Delivery",
    "DirectMessageEvent",
    "Event",
    "FeedEvent",
    "InvalidInputError",
    "Message",
    "MessageMedia",
    "MessageParticipant",
    "MessagesEvent",
    "NotFoundError",
    "PermissionDeniedError",
    "PostResult",
    "ProxyError",
    "RateLimitError",
    "ScheduledEvent",
    "ServerError",
    "SignatureVerificationError",
    "SocialDetails",
    "SocialEvent",
    "TLSError",
    "UnknownEvent",
    "Verifier",
    "Webhook",
    "__version__",
    "parse_delivery",
    "parse_event",
    "sign_delivery",
    "verify_signature",
]

# Show the public classes under the package's name (``ayrshare_webhooks.NotFoundError``) in
# reprs and tracebacks, where users import them from.
for _public in (
    Action,
    AsyncClient,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    AyrshareError,
    CallCancelledError,
    ClientClosedError,
    DecodeError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ProxyError,
    RateLimitError,
    ServerError,
    SignatureVerificationError,
    TLSError,
):
    _public.__module__ = __name__
del _public
