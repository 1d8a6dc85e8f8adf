"""Times to and from the API: ISO 8601 strings in UTC.

What the client accepts as a time (``events(since=, until=)``, ``shelve(until=)``):

- a ``datetime``: timezone-aware is converted to UTC; **naive is taken as UTC** (not as
  local time), as ``datetime.utcnow()`` gives it;
- a ``str``: an ISO 8601 time, sent as it is (the server answers 400 ``BAD_REQUEST`` when
  it cannot read it);
- for ``shelve(until=)`` also a ``timedelta``: that long from now.

Numbers are refused (``TypeError``): seconds or milliseconds, since the epoch or from now,
would be a guess.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Union

__all__ = ["TimeLike", "format_time", "parse_time", "until_time"]

TimeLike = Union[datetime, str]


def format_time(value: TimeLike, field: str = "time") -> str:
    """A ``datetime`` (naive = UTC) or ISO string as the ISO 8601 string the server reads."""
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=timezone.utc) if value.utcoffset() is None else value
        return aware.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, str):
        if value.strip() == "":
            raise ValueError(f"{field} must not be empty")
        return value
    raise TypeError(f"{field} must be a datetime or an ISO 8601 string, not {type(value).__name__}")


def until_time(value: Union[datetime, timedelta, str], field: str = "until") -> str:
    """Like ``format_time``, and a ``timedelta`` counts from now."""
    if isinstance(value, timedelta):
        return format_time(datetime.now(timezone.utc) + value, field)
    if isinstance(value, (datetime, str)):
        return format_time(value, field)
    raise TypeError(f"{field} must be a datetime, a timedelta from now or an ISO 8601 string, not {type(value).__name__}")


def parse_time(text: str) -> datetime:
    """An ISO 8601 time from the API (``2026-11-21T18:49:00.807Z``) as an aware ``datetime``.

    ``datetime.fromisoformat`` before Python 3.11 does not read the ``Z``; this does.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected an ISO 8601 string, not {type(text).__name__}")
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.utcoffset() is not None else parsed.replace(tzinfo=timezone.utc)
