"""What the client raises: one family, ``ChannelWatchError``, with the server's own code.

- ``ChannelWatchError``: the server refused the request. ``code`` and ``message`` are the
  server's (``{"error": {"code", "message"}}``), ``status`` the HTTP status. Also raised, with
  ``code == "UNEXPECTED_RESPONSE"``, when whatever answered is not a ChannelWatch server.
- ``VersionConflictError``: ``save_set`` with a stale ``version`` (HTTP 409, ``VERSION_CONFLICT``).
- ``ChannelWatchConnectionError``: no answer at all: connection refused, unknown host,
  connection lost (``code == "CONNECTION_FAILED"``) or no answer within the client's timeout
  (``code == "TIMEOUT"``). ``status`` is ``None``.
- ``ChannelWatchTimeout``: ``wait_until_ok`` (or ``report(..., wait=...)``) gave up waiting
  (``code == "WAIT_TIMEOUT"``); ``last`` is the last answer, ``failing`` its failing channels.
"""

from __future__ import annotations

from typing import Any, List, Optional

from .types import FailingChannel

__all__ = [
    "ChannelWatchError",
    "VersionConflictError",
    "ChannelWatchConnectionError",
    "ChannelWatchTimeout",
]


class ChannelWatchError(Exception):
    """The server (or whatever answered) refused a request.

    ``str(err)`` is ``"<message> (<code>)"``, as ``channelwatch`` prints it.
    """

    code: str
    message: str
    status: Optional[int]
    method: Optional[str]
    url: Optional[str]

    def __init__(
        self,
        code: str,
        message: str,
        status: Optional[int] = None,
        *,
        method: Optional[str] = None,
        url: Optional[str] = None,
    ) -> None:
        super().__init__(code, message, status)
        self.code = code
        self.message = message
        self.status = status
        self.method = method
        self.url = url

    def __str__(self) -> str:
        return f"{self.message} ({self.code})"


class VersionConflictError(ChannelWatchError):
    """``save_set`` was given a ``version`` that is no longer the current one (HTTP 409).

    Someone saved the set after that version was read: read it again (``get_set``),
    merge, and save with the new version.
    """


class ChannelWatchConnectionError(ChannelWatchError):
    """No answer from the server: ``code`` is ``"CONNECTION_FAILED"`` or ``"TIMEOUT"``."""


class ChannelWatchTimeout(ChannelWatchError):
    """A wait gave up (``code == "WAIT_TIMEOUT"``).

    ``last`` is the last answer seen (a check for ``wait_until_ok``, a run report for
    ``report(..., wait=...)``, ``None`` if none came); ``failing`` lists the channels that
    were still not ok in it (empty for a report).
    """

    last: Any
    failing: List[FailingChannel]

    def __init__(self, message: str, last: Any = None, failing: Optional[List[FailingChannel]] = None) -> None:
        super().__init__("WAIT_TIMEOUT", message)
        self.args = (message, last, failing)
        self.last = last
        self.failing = list(failing or [])
