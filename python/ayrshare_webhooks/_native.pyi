# Type stubs of the native module (python/src/*.rs). Checked against the built module by
# `python -m mypy.stubtest ayrshare_webhooks ayrshare_webhooks._native` (make test-python).
import os
from collections.abc import Iterable
from typing import Any, Protocol, final, type_check_only

from ayrshare_webhooks._action import Action

__all__ = [
    "__version__",
    "Client",
    "Webhook",
    "Delivery",
    "Verifier",
    "verify_signature",
    "parse_delivery",
    "_CancelToken",
    "_action_names",
    "_name_lookups",
    "_panic_for_tests",
]

__version__: str

@type_check_only
class _Headers(Protocol):
    """Any mapping of header names to values: a dict, or a web framework's headers object."""

    def items(self) -> Iterable[tuple[str, str]]: ...

_Body = bytes | bytearray | memoryview

@final
class Client:
    def __new__(
        cls,
        api_key: str | None = None,
        *,
        profile_key: str | None = None,
        base_url: str | None = None,
        timeout: float = ...,
        connect_timeout: float = ...,
        max_retries: int = ...,
        system_roots: bool = False,
        ca_bundle: str | os.PathLike[str] | None = None,
        proxy: str | None = None,
    ) -> Client: ...
    def register_webhook(
        self,
        action: Action | str,
        url: str,
        *,
        secret: str | None = None,
        profile_key: str | None = None,
    ) -> Webhook: ...
    def list_webhooks(self, *, profile_key: str | None = None) -> dict[str, str]: ...
    def unregister_webhook(
        self, action: Action | str, *, profile_key: str | None = None
    ) -> None: ...
    def rotate_webhook_secret(self, secret: str, *, profile_key: str | None = None) -> None: ...
    def with_profile_key(self, profile_key: str) -> Client: ...
    def _with_cancel_token(self, token: _CancelToken) -> Client: ...
    @property
    def base_url(self) -> str: ...
    @property
    def has_profile_key(self) -> bool: ...
    @property
    def timeout(self) -> float: ...
    @property
    def connect_timeout(self) -> float: ...
    @property
    def max_retries(self) -> int: ...

@final
class Webhook:
    def __new__(
        cls,
        action: Action | str,
        url: str,
        *,
        status: str | None = None,
        ref_id: str | None = None,
    ) -> Webhook: ...
    @property
    def status(self) -> str: ...
    @property
    def action(self) -> Action: ...
    @property
    def url(self) -> str: ...
    @property
    def ref_id(self) -> str | None: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class Delivery:
    @property
    def action(self) -> str: ...
    @property
    def sub_action(self) -> str | None: ...
    @property
    def created(self) -> str | None: ...
    @property
    def code(self) -> int | None: ...
    @property
    def ref_id(self) -> str | None: ...
    @property
    def hook_id(self) -> str | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def payload(self) -> dict[str, Any]: ...

@final
class Verifier:
    def __new__(cls, secret: str | bytes, tolerance: float | None = ...) -> Verifier: ...
    def verify(self, headers: _Headers, body: _Body) -> None: ...
    @property
    def tolerance(self) -> float | None: ...

def verify_signature(secret: str | bytes, body: _Body, signature: str) -> None: ...
def parse_delivery(body: _Body) -> Delivery: ...
def _action_names() -> list[str]: ...
def _panic_for_tests() -> None: ...
def _name_lookups() -> int: ...

@final
class _CancelToken:
    def __new__(cls) -> _CancelToken: ...
    def cancel(self) -> None: ...
    @property
    def cancelled(self) -> bool: ...
