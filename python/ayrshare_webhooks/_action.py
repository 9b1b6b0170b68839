"""``Action``: the families of events a webhook can be registered for."""

from __future__ import annotations

import enum
import warnings
from typing import TYPE_CHECKING, Any

# Kept identical to the message the native module uses when "accountActivity" is passed as a
# string, so Python shows a single warning for a line that does both.
_DEPRECATED_NAME = "ACCOUNT_ACTIVITY"
_DEPRECATED_MESSAGE = (
    "the Ayrshare action 'accountActivity' is documented as unavailable after 2026-03-31"
)


class _ActionType(enum.EnumMeta):
    """The metaclass of ``Action``: warns when the deprecated member is looked up by name
    (``Action.ACCOUNT_ACTIVITY`` or ``Action["ACCOUNT_ACTIVITY"]``)."""

    def __getattribute__(cls, name: str) -> Any:
        if name == _DEPRECATED_NAME:
            warnings.warn(_DEPRECATED_MESSAGE, DeprecationWarning, stacklevel=2)
        return super().__getattribute__(name)

    def __getitem__(cls, name: str) -> Any:
        if name == _DEPRECATED_NAME:
            warnings.warn(_DEPRECATED_MESSAGE, DeprecationWarning, stacklevel=2)
        return super().__getitem__(name)


class Action(str, enum.Enum, metaclass=_ActionType):
    """A family of events a webhook can be registered for.

    Each member is a ``str`` equal to the API's spelling (``Action.SCHEDULED == "scheduled"``,
    ``str(Action.SCHEDULED) == "scheduled"``, same hash), so every method accepts a member or
    the plain string. ``Action("scheduled")`` looks a member up by its spelling.

    Members:
        FEED: new activity on a connected social feed (``"feed"``).
        SOCIAL: a social account was linked or unlinked (``"social"``).
        SCHEDULED: a scheduled post was published or failed (``"scheduled"``).
        BATCH: a batch of posts finished (``"batch"``).
        MESSAGES: direct-message events (``"messages"``).
        ACCOUNT_ACTIVITY: account activity events (``"accountActivity"``). Deprecated:
            Ayrshare documents it as unavailable after 2026-03-31; using it emits a
            ``DeprecationWarning``, but it can still be sent.
    """

    FEED = "feed"
    SOCIAL = "social"
    SCHEDULED = "scheduled"
    BATCH = "batch"
    MESSAGES = "messages"
    ACCOUNT_ACTIVITY = "accountActivity"

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, format_spec: str) -> str:
        return str.__format__(str(self), format_spec)

    if TYPE_CHECKING:
        # What type checkers should see: a member is looked up by its spelling. (Without this,
        # they read ``str.__new__``, which an enum does not have.)
        def __new__(cls, value: str) -> Action:
            return str.__new__(cls, value)

    # Hash like the string, so a member finds its spelling in dicts and sets (``Enum`` hashes
    # the member's name instead).
    __hash__ = str.__hash__
