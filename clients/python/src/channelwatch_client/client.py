"""``Client``: ChannelWatch's REST API (``/api/v1``) from Python, standard library only."""

from __future__ import annotations

import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union, cast

from .errors import ChannelWatchConnectionError, ChannelWatchError, ChannelWatchTimeout, VersionConflictError
from .times import TimeLike, format_time, until_time
from .types import (
    AckAnswer,
    Alerts,
    ChannelInput,
    ChannelSearch,
    ChannelDetail,
    ChannelSet,
    ChannelSpec,
    Check,
    Event,
    Run,
    RunReport,
    SetStatus,
    SetSummary,
    ShelveAnswer,
    UnshelveAnswer,
    WatchAnswer,
    WatchedChannelSet,
)

__all__ = ["Client", "DEFAULT_SERVER_URL", "SERVER_ENV", "TOKEN_ENV", "DEFAULT_TIMEOUT", "check_server_url"]

DEFAULT_SERVER_URL = "http://127.0.0.1:8080"
SERVER_ENV = "CHANNELWATCH_SERVER"
TOKEN_ENV = "CHANNELWATCH_TOKEN"
DEFAULT_TIMEOUT = 10.0
API_PREFIX = "/api/v1"
_USER_AGENT = "channelwatch-client-python"

_Query = Mapping[str, Union[str, int, None]]


def check_server_url(url: str) -> str:
    """The server's base URL without trailing slashes (and without ``/api/v1``).

    Raises ``ValueError`` unless it is an ``http://`` or ``https://`` URL with a host and
    without query or fragment, as ``channelwatch --server`` requires.
    """
    if not isinstance(url, str):
        raise TypeError(f"the server URL must be a string, not {type(url).__name__}")
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"the server URL must be an http:// or https:// URL, got {url!r}")
    base = url.strip().rstrip("/")
    if base.endswith(API_PREFIX):
        base = base[: -len(API_PREFIX)].rstrip("/")
    return base


def _check_token(token: Optional[str]) -> Optional[str]:
    if token is None:
        return None
    if not isinstance(token, str) or token == "" or any(c.isspace() for c in token):
        raise ValueError("the token must be a non-empty string without spaces")
    return token


def _segment(value: str, what: str) -> str:
    """One path segment: the name percent-encoded (channel names carry ':' and '/')."""
    if not isinstance(value, str) or value == "":
        raise ValueError(f"{what} must be a non-empty string")
    return urllib.parse.quote(value, safe="")


def _channel_spec(item: ChannelInput, index: int) -> ChannelSpec:
    if isinstance(item, str):
        return {"name": item}
    if isinstance(item, Mapping):
        if not isinstance(item.get("name"), str):
            raise TypeError(f"channels[{index}] needs a 'name' string")
        return cast(ChannelSpec, dict(item))
    raise TypeError(f"channels[{index}] must be a channel name or a dict with a 'name', not {type(item).__name__}")


def _failing_text(check: Check, limit: int = 5) -> str:
    failing = check["failing"]
    shown: List[str] = []
    for f in failing[:limit]:
        codes = ", ".join(r["code"] for r in f["reasons"])
        shown.append(f"{f['name']} ({f['status']}{': ' + codes if codes else ''})")
    more = f" and {len(failing) - limit} more" if len(failing) > limit else ""
    return "; ".join(shown) + more


class Client:
    """A ChannelWatch server's REST API.

    ``Client("http://127.0.0.1:8080", token=None, timeout=10.0)``: ``token`` is sent as
    ``Authorization: Bearer <token>`` (needed for writes when the server protects them),
    ``timeout`` is the most seconds one request waits for its answer.

    Every method returns the server's JSON (dicts and lists, see ``channelwatch_client.types``)
    or raises a ``ChannelWatchError`` (``ChannelWatchConnectionError`` when there is no
    answer). A client holds no connection; it can be shared between threads.
    """

    def __init__(self, url: str, token: Optional[str] = None, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url: str = check_server_url(url)
        self.token: Optional[str] = _check_token(token)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
            raise ValueError(f"timeout must be a number of seconds > 0, got {timeout!r}")
        self.timeout: float = float(timeout)

    @classmethod
    def from_env(cls, timeout: float = DEFAULT_TIMEOUT) -> "Client":
        """The server in ``$CHANNELWATCH_SERVER`` (default ``http://127.0.0.1:8080``) with the
        token in ``$CHANNELWATCH_TOKEN``, as the ``channelwatch`` command finds them."""
        server = os.environ.get(SERVER_ENV, "").strip() or DEFAULT_SERVER_URL
        token = os.environ.get(TOKEN_ENV, "").strip() or None
        return cls(server, token=token, timeout=timeout)

    def __repr__(self) -> str:
        return f"Client({self.url!r}, token={'***' if self.token else None}, timeout={self.timeout:g})"

    # ---- transport ----

    def _send(
        self,
        method: str,
        path: str,
        query: Optional[_Query] = None,
        body: Any = None,
        text: Optional[str] = None,
    ) -> Tuple[int, str, bytes]:
        """One request; an error status or no answer raises. Returns (status, content type, body)."""
        url = f"{self.url}{API_PREFIX}{path}"
        if query:
            pairs = [(k, str(v)) for k, v in query.items() if v is not None]
            if pairs:
                url += "?" + urllib.parse.urlencode(pairs)
        headers = {"Accept": "application/json", "User-Agent": _USER_AGENT}
        data: Optional[bytes] = None
        if text is not None:
            data = text.encode("utf-8")
            headers["Content-Type"] = "text/plain; charset=utf-8"
        elif body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.token is not None:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        where = f"{method} {API_PREFIX}{path}"
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as err:
            try:
                raw = err.read()
            except (OSError, http.client.HTTPException):
                raw = b""
            raise self._refusal(err.code, raw, method, url, where) from None
        except urllib.error.URLError as err:
            raise self._unreachable(err.reason, method, url) from None
        except (OSError, http.client.HTTPException) as err:
            # socket.timeout (TimeoutError), a reset or a closed connection while reading.
            raise self._unreachable(err, method, url) from None

    def _refusal(self, status: int, raw: bytes, method: str, url: str, where: str) -> ChannelWatchError:
        try:
            answer = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            answer = None
        error: Any = cast(Dict[str, Any], answer).get("error") if isinstance(answer, dict) else None
        code: Any = cast(Dict[str, Any], error).get("code") if isinstance(error, dict) else None
        message: Any = cast(Dict[str, Any], error).get("message") if isinstance(error, dict) else None
        if isinstance(code, str) and isinstance(message, str):
            cls = VersionConflictError if code == "VERSION_CONFLICT" else ChannelWatchError
            return cls(code, message, status, method=method, url=url)
        return ChannelWatchError(
            "UNEXPECTED_RESPONSE",
            f"{self.url} answered {where} with HTTP {status}: is it a ChannelWatch server?",
            status,
            method=method,
            url=url,
        )

    def _unreachable(self, reason: Any, method: str, url: str) -> ChannelWatchConnectionError:
        if isinstance(reason, (socket.timeout, TimeoutError)):
            return ChannelWatchConnectionError(
                "TIMEOUT", f"no answer from ChannelWatch at {self.url} within {self.timeout:g} s", method=method, url=url
            )
        if isinstance(reason, ConnectionRefusedError):
            text = "connection refused"
        elif isinstance(reason, socket.gaierror):
            text = "unknown host"
        elif isinstance(reason, (http.client.RemoteDisconnected, ConnectionResetError, http.client.IncompleteRead)):
            text = "the connection was closed before the answer was complete"
        else:
            text = str(reason) or type(reason).__name__
        return ChannelWatchConnectionError("CONNECTION_FAILED", f"cannot reach ChannelWatch at {self.url}: {text}", method=method, url=url)

    def _json(self, method: str, path: str, query: Optional[_Query] = None, body: Any = None, text: Optional[str] = None) -> Any:
        status, _, raw = self._send(method, path, query=query, body=body, text=text)
        if status == 204 or raw == b"":
            return None
        try:
            return json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ChannelWatchError(
                "UNEXPECTED_RESPONSE",
                f"{self.url} did not answer {method} {API_PREFIX}{path} with JSON: is it a ChannelWatch server?",
                status,
                method=method,
                url=f"{self.url}{API_PREFIX}{path}",
            ) from None

    def _list(self, path: str, key: str, query: Optional[_Query] = None) -> List[Any]:
        """``GET path`` answering ``{key: [...]}``: the list."""
        answer: Any = self._json("GET", path, query=query)
        items: Any = cast(Dict[str, Any], answer).get(key) if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise ChannelWatchError(
                "UNEXPECTED_RESPONSE",
                f"{self.url} answered GET {API_PREFIX}{path} without a {key!r} list: is it a ChannelWatch server?",
                method="GET",
                url=f"{self.url}{API_PREFIX}{path}",
            )
        return cast(List[Any], items)

    def _text(self, method: str, path: str, query: Optional[_Query] = None) -> str:
        _, content_type, raw = self._send(method, path, query=query)
        charset = "utf-8"
        for part in content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
        return raw.decode(charset, errors="replace")

    # ---- the server ----

    def health(self) -> Dict[str, Any]:
        """``GET /health``: the process, its dispatcher upstreams and the store."""
        return cast(Dict[str, Any], self._json("GET", "/health"))

    def search_channels(self, pattern: Optional[str] = None, limit: Optional[int] = None) -> ChannelSearch:
        """``GET /channels``: catalog channels whose name matches the regex ``pattern``
        (case-insensitive); ``total`` counts all matches, ``channels`` holds at most ``limit``."""
        return cast(ChannelSearch, self._json("GET", "/channels", query={"q": pattern, "limit": limit}))

    # ---- sets ----

    def sets(self) -> List[SetSummary]:
        """Every channel set (without its channels), with ``watched``."""
        return cast(List[SetSummary], self._list("/sets", "sets"))

    def get_set(self, name: str) -> WatchedChannelSet:
        """One set with its channels, ``version`` and ``watched``. ``SET_NOT_FOUND`` if absent."""
        return cast(WatchedChannelSet, self._json("GET", f"/sets/{_segment(name, 'name')}"))

    def save_set(
        self,
        name: str,
        channels: Sequence[ChannelInput],
        *,
        version: Optional[int] = None,
        description: Optional[str] = None,
        owner: Optional[str] = None,
        tags: Optional[Sequence[str]] = None,
    ) -> ChannelSet:
        """Create the set, or save a new version of it; returns the saved set.

        ``channels``: names, or dicts ``{"name", "thresholds", "type", "shape"}`` (as
        ``get_set`` returns them). ``description``, ``owner``, ``tags``: left as they are
        when not given (owner: who saves, for a new set).

        ``version``: the version this edit is based on. A stale one raises
        ``VersionConflictError`` (someone saved since). Without it, the current version is
        read first and the set saved over it (``VersionConflictError`` too if another save
        comes between the two). A set that does not exist is created (with ``version``
        given: ``SET_NOT_FOUND``).
        """
        if isinstance(channels, (str, bytes)) or not isinstance(channels, Sequence):
            raise TypeError("channels must be a list of channel names or dicts")
        specs = [_channel_spec(c, i) for i, c in enumerate(channels)]
        body: Dict[str, Any] = {"channels": specs}
        if description is not None:
            body["description"] = description
        if owner is not None:
            body["owner"] = owner
        if tags is not None:
            if isinstance(tags, str):
                raise TypeError("tags must be a list of strings")
            body["tags"] = list(tags)
        path = f"/sets/{_segment(name, 'name')}"
        if version is None:
            try:
                version = self.get_set(name)["version"]
            except ChannelWatchError as err:
                if err.code != "SET_NOT_FOUND":
                    raise
                try:
                    return cast(ChannelSet, self._json("POST", "/sets", body={"name": name, **body}))
                except ChannelWatchError as create_err:
                    if create_err.code != "SET_EXISTS":
                        raise
                    version = self.get_set(name)["version"]  # created meanwhile: save over it
        elif isinstance(version, bool) or not isinstance(version, int):
            raise TypeError(f"version must be an int, not {type(version).__name__}")
        return cast(ChannelSet, self._json("PUT", path, body={**body, "version": version}))

    def delete_set(self, name: str) -> None:
        """Delete a set (and stop watching it)."""
        self._json("DELETE", f"/sets/{_segment(name, 'name')}")

    def versions(self, name: str) -> List[ChannelSet]:
        """Every saved version of a set, newest first."""
        return cast(List[ChannelSet], self._list(f"/sets/{_segment(name, 'name')}/versions", "versions"))

    def import_set(self, name: str, text: Union[str, Mapping[str, Any]]) -> ChannelSet:
        """Create or update the set ``name`` from PSI's text format (one channel per line,
        ``#`` comments) or from a JSON export (a dict, or its text: starts with ``{``)."""
        _segment(name, "name")  # a non-empty string
        query = {"name": name}
        if isinstance(text, Mapping):
            return cast(ChannelSet, self._json("POST", "/sets/import", query=query, body=dict(text)))
        if not isinstance(text, str):
            raise TypeError(f"text must be a str or a dict, not {type(text).__name__}")
        if text.lstrip().startswith("{"):
            try:
                exported = json.loads(text)
            except ValueError as err:
                raise ValueError(f"text starts with '{{' but is not JSON: {err}") from None
            return cast(ChannelSet, self._json("POST", "/sets/import", query=query, body=exported))
        return cast(ChannelSet, self._json("POST", "/sets/import", query=query, text=text))

    def export_set(self, name: str, fmt: str = "txt") -> str:
        """The set as text: ``fmt="txt"`` one channel per line with ``#`` comments, or
        ``fmt="json"`` the JSON export. Either goes back in with ``import_set``."""
        if fmt not in ("txt", "json"):
            raise ValueError(f"fmt must be 'txt' or 'json', got {fmt!r}")
        return self._text("GET", f"/sets/{_segment(name, 'name')}/export", query={"format": fmt})

    def watch(self, name: str) -> WatchAnswer:
        """Start monitoring a set (survives a server restart)."""
        return cast(WatchAnswer, self._json("POST", f"/sets/{_segment(name, 'name')}/watch"))

    def unwatch(self, name: str) -> WatchAnswer:
        """Stop monitoring a set."""
        return cast(WatchAnswer, self._json("DELETE", f"/sets/{_segment(name, 'name')}/watch"))

    # ---- status ----

    def status(self, set: Optional[str] = None) -> SetStatus:
        """Status, reasons, metrics, recorded view and alert of every channel of ``set``, or
        of every watched channel without it."""
        return cast(SetStatus, self._json("GET", "/status", query={"set": set}))

    def channel_status(self, channel: str) -> ChannelDetail:
        """One watched channel with an hour of per-second history and its recent events."""
        return cast(ChannelDetail, self._json("GET", f"/status/{_segment(channel, 'channel')}"))

    def sources(self) -> List[Dict[str, Any]]:
        """The source IOCs of the watched channels with their aggregate state."""
        return cast(List[Dict[str, Any]], self._list("/sources", "sources"))

    def check(self, set: str) -> Check:
        """Is every channel of ``set`` ok right now? ``{"ok", "set", "watched", "summary",
        "failing": [{"name", "status", "reasons"}]}``; ``ok`` is False for a set that is not
        watched or has no channels."""
        return cast(Check, self._json("GET", f"/sets/{_segment(set, 'set')}/check"))

    def wait_until_ok(self, set: str, timeout: float, poll: float = 0.5) -> Check:
        """Wait until every channel of ``set`` is ok: for "start the acquisition only when
        everything is recorded".

        Checks every ``poll`` seconds and returns the first check that is ok. After
        ``timeout`` seconds (at least one check is made) raises ``ChannelWatchTimeout`` whose
        ``failing`` are the channels still not ok and ``last`` the last check. Any other
        error (no such set, server unreachable) is raised at once. One check can take up to
        the client's ``timeout``, so a wait may end that much after ``timeout``.
        """
        timeout = _seconds(timeout, "timeout", allow_zero=True)
        poll = _seconds(poll, "poll")
        deadline = time.monotonic() + timeout
        while True:
            answer = self.check(set)
            if answer["ok"]:
                return answer
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                why = _failing_text(answer) if answer["failing"] else ""
                if not answer["watched"]:
                    why = f"the set is not watched (Client.watch({set!r}))"
                elif not why:
                    why = "the set has no channels"
                raise ChannelWatchTimeout(f"set {set} not ok after {timeout:g} s: {why}", last=answer, failing=answer["failing"])
            time.sleep(min(poll, remaining))

    # ---- runs ----

    def start_run(self, set: str, name: Optional[str] = None, start_pulse_id: Optional[int] = None) -> Run:
        """Open a run over the channels of ``set`` from ``start_pulse_id`` (default: now; it
        may lie in the past, within the kept history, or in the future). Returns the run
        with its ``id``."""
        body: Dict[str, Any] = {"set": set}
        if name is not None:
            body["name"] = name
        if start_pulse_id is not None:
            body["startPulseId"] = _pulse_id(start_pulse_id, "start_pulse_id")
        return cast(Run, self._json("POST", "/runs", body=body))

    def stop_run(self, id: str, stop_pulse_id: Optional[int] = None) -> Run:
        """Close a run at ``stop_pulse_id`` (inclusive; default: now)."""
        body: Dict[str, Any] = {}
        if stop_pulse_id is not None:
            body["stopPulseId"] = _pulse_id(stop_pulse_id, "stop_pulse_id")
        return cast(Run, self._json("POST", f"/runs/{_segment(id, 'id')}/stop", body=body))

    def runs(self) -> List[Run]:
        """Every run."""
        return cast(List[Run], self._list("/runs", "runs"))

    def report(self, id: str, wait: Optional[float] = None, poll: float = 0.2) -> RunReport:
        """The coverage of a run per channel: ``expected`` and ``received`` due pulses,
        ``coverage`` in percent and ``missing`` as inclusive ``[first, last]`` pulse id ranges.

        The report counts pulses up to ``accountedUpTo``; it is final when ``complete``
        (stopped, and accounted up to the stop pulse, a moment after it). ``wait``: seconds
        to wait for that; raises ``ChannelWatchTimeout`` (``last``: the report so far) if
        still incomplete then. Without ``wait`` the report is returned as it is now.
        """
        path = f"/runs/{_segment(id, 'id')}/report"
        if wait is None:
            return cast(RunReport, self._json("GET", path))
        wait = _seconds(wait, "wait", allow_zero=True)
        poll = _seconds(poll, "poll")
        deadline = time.monotonic() + wait
        while True:
            answer = cast(RunReport, self._json("GET", path))
            if answer["complete"]:
                return answer
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                state = "not stopped" if answer.get("stopPulseId") is None else f"accounted up to pulse {answer.get('accountedUpTo')} of {answer.get('stopPulseId')}"
                raise ChannelWatchTimeout(f"run {id} report not complete after {wait:g} s: {state}", last=answer)
            time.sleep(min(poll, remaining))

    def report_csv(self, id: str) -> str:
        """The run report as CSV (one row per channel)."""
        return self._text("GET", f"/runs/{_segment(id, 'id')}/report", query={"format": "csv"})

    # ---- alerts ----

    def alerts(self) -> Alerts:
        """Active, recovered (latched) and shelved alerts, and which are sounding."""
        return cast(Alerts, self._json("GET", "/alerts"))

    def ack(self, channel: str) -> AckAnswer:
        """Acknowledge a channel's alert: silences an active one, clears a recovered one.
        ``acknowledged`` is False when there was nothing to acknowledge."""
        return cast(AckAnswer, self._json("POST", f"/alerts/{_segment(channel, 'channel')}/ack"))

    def shelve(self, channel: str, until: Union[datetime, timedelta, str], reason: str) -> ShelveAnswer:
        """Hide a known-bad channel from the overall state until ``until``: a ``timedelta``
        from now, a ``datetime`` (naive = UTC) or an ISO 8601 string; ``reason`` is recorded
        with who shelved it."""
        body = {"until": until_time(until, "until"), "reason": reason}
        return cast(ShelveAnswer, self._json("POST", f"/alerts/{_segment(channel, 'channel')}/shelve", body=body))

    def unshelve(self, channel: str) -> UnshelveAnswer:
        """End a shelve early."""
        return cast(UnshelveAnswer, self._json("DELETE", f"/alerts/{_segment(channel, 'channel')}/shelve"))

    # ---- events ----

    def events(
        self,
        channel: Optional[str] = None,
        set: Optional[str] = None,
        since: Optional[TimeLike] = None,
        until: Optional[TimeLike] = None,
        limit: Optional[int] = None,
    ) -> List[Event]:
        """The transition log, newest first: status changes, alerts raised and recovered,
        acknowledgements, shelves. Filters: one ``channel``, the channels of ``set``, a time
        range (``datetime``, naive = UTC, or ISO 8601 string), at most ``limit`` entries."""
        query: Dict[str, Union[str, int, None]] = {
            "channel": channel,
            "set": set,
            "since": None if since is None else format_time(since, "since"),
            "until": None if until is None else format_time(until, "until"),
            "limit": limit,
        }
        return cast(List[Event], self._list("/events", "events", query=query))


def _seconds(value: float, what: str, allow_zero: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{what} must be a number of seconds {'>= 0' if allow_zero else '> 0'}, got {value!r}")
    return float(value)


def _pulse_id(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int pulse id, not {type(value).__name__}")
    return value
