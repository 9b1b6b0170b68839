"""``AsyncClient``: the client's methods as coroutines, for asyncio applications.

The calls run the same native client off the event loop, on a bounded thread pool the
``AsyncClient`` owns (the native calls release the GIL while they wait, so the pool's threads
really run at once). Cancelling the awaiting task returns at once and stops the call itself
within 100 ms; closing the client (``await client.aclose()``, or leaving ``async with``) shuts
the pool down.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import TypeVar

from ayrshare_webhooks._action import Action
from ayrshare_webhooks._exceptions import ClientClosedError, InvalidInputError
from ayrshare_webhooks._native import Client, Webhook, _CancelToken

_T = TypeVar("_T")

#: Calls an ``AsyncClient`` runs at once unless told otherwise.
DEFAULT_MAX_CONCURRENCY = 64


class _Pool:
    """The thread pool of one ``AsyncClient`` and of the clients derived from it."""

    def __init__(self, max_concurrency: int) -> None:
        self.executor = ThreadPoolExecutor(
            max_workers=max_concurrency, thread_name_prefix="ayrshare-webhooks"
        )
        self.closed = False

    def close(self) -> None:
        self.closed = True
        # Queued calls are dropped; running ones end on their own (within their timeout).
        self.executor.shutdown(wait=False, cancel_futures=True)


class AsyncClient:
    """A client of the Ayrshare webhook API for asyncio: every method of ``Client`` as a
    coroutine.

    ::

        async with AsyncClient() as client:  # AYRSHARE_API_KEY, ...
            hook = await client.register_webhook("scheduled", "https://example.com/hook")

    Args:
        api_key: As for ``Client`` (``None``: from the environment).
        max_concurrency: The most calls running at once (the size of the thread pool the
            client owns, default 64), 1 to 1,024; further calls wait their turn.
        **settings: Every keyword argument of ``Client`` (``profile_key``, ``base_url``,
            ``timeout``, ``connect_timeout``, ``max_retries``, ``system_roots``, ``ca_bundle``,
            ``proxy``), validated the same way.

    Cancelling a task that awaits a call raises ``asyncio.CancelledError`` in it at once, and
    the call itself stops within 100 ms (its connection is dropped).

    Raises:
        InvalidInputError: A setting is invalid (``max_concurrency`` out of range included).
        TypeError: An argument has the wrong type.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        profile_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        max_retries: int = 2,
        system_roots: bool = False,
        ca_bundle: str | os.PathLike[str] | None = None,
        proxy: str | None = None,
    ) -> None:
        if type(max_concurrency) is not int:
            raise TypeError(
                f"max_concurrency must be int, not {type(max_concurrency).__name__}"
            )
        if not 1 <= max_concurrency <= 1024:
            raise InvalidInputError(
                f"invalid max_concurrency: must be between 1 and 1024 (got {max_concurrency})"
                " (no request was sent)",
                field="max_concurrency",
            )
        self._client = Client(
            api_key,
            profile_key=profile_key,
            base_url=base_url,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_retries=max_retries,
            system_roots=system_roots,
            ca_bundle=ca_bundle,
            proxy=proxy,
        )
        self._pool = _Pool(max_concurrency)

    @classmethod
    def _derived(cls, client: Client, pool: _Pool) -> AsyncClient:
        derived = cls.__new__(cls)
        derived._client = client
        derived._pool = pool
        return derived

    async def _run(self, call: Callable[[Client], _T]) -> _T:
        if self._pool.closed:
            raise ClientClosedError("the AsyncClient is closed")
        token = _CancelToken()
        client = self._client._with_cancel_token(token)
        loop = asyncio.get_running_loop()
        try:
            future = loop.run_in_executor(self._pool.executor, call, client)
        except RuntimeError as error:  # the pool was shut down meanwhile
            raise ClientClosedError("the AsyncClient is closed") from error
        try:
            return await future
        except asyncio.CancelledError:
            token.cancel()
            raise

    async def register_webhook(
        self,
        action: Action | str,
        url: str,
        *,
        secret: str | None = None,
        profile_key: str | None = None,
    ) -> Webhook:
        """``Client.register_webhook`` as a coroutine."""
        return await self._run(
            lambda c: c.register_webhook(action, url, secret=secret, profile_key=profile_key)
        )

    async def list_webhooks(self, *, profile_key: str | None = None) -> dict[str, str]:
        """``Client.list_webhooks`` as a coroutine."""
        return await self._run(lambda c: c.list_webhooks(profile_key=profile_key))

    async def unregister_webhook(
        self, action: Action | str, *, profile_key: str | None = None
    ) -> None:
        """``Client.unregister_webhook`` as a coroutine."""
        await self._run(lambda c: c.unregister_webhook(action, profile_key=profile_key))

    async def rotate_webhook_secret(self, secret: str, *, profile_key: str | None = None) -> None:
        """``Client.rotate_webhook_secret`` as a coroutine (never re-sent once it may have
        reached the server)."""
        await self._run(lambda c: c.rotate_webhook_secret(secret, profile_key=profile_key))

    def with_profile_key(self, profile_key: str) -> AsyncClient:
        """An ``AsyncClient`` acting for ``profile_key``, sharing this client's settings,
        connection pool and thread pool (closing either closes both)."""
        return AsyncClient._derived(self._client.with_profile_key(profile_key), self._pool)

    @property
    def base_url(self) -> str:
        """The API root this client talks to, without a trailing ``/``."""
        return self._client.base_url

    @property
    def closed(self) -> bool:
        """Whether ``aclose`` was called (on this client or one it shares its pool with)."""
        return self._pool.closed

    async def aclose(self) -> None:
        """Shuts the thread pool down: queued calls are dropped, later ones raise
        ``ClientClosedError``. Closing twice is harmless."""
        self._pool.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return "Async" + repr(self._client)
