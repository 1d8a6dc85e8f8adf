"""The JSON the server answers, as typed dicts (DESIGN.md section 5, the server's /docs).

The client returns the server's JSON as it is: plain dicts and lists, times as ISO 8601
strings (``parse_time`` turns one into a ``datetime``), pulse ids as exact ``int``. These
types only describe it for type checkers; keys the server adds later simply appear.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, TypedDict, Union

__all__ = [
    "Summary",
    "Reason",
    "FailingChannel",
    "Check",
    "Thresholds",
    "ChannelSpec",
    "ChannelInput",
    "ChannelSet",
    "WatchedChannelSet",
    "SetSummary",
    "ChannelStatus",
    "ChannelDetail",
    "SetStatus",
    "WatchAnswer",
    "Run",
    "ChannelCoverage",
    "RunReport",
    "AckAnswer",
    "ShelveAnswer",
    "UnshelveAnswer",
    "Alerts",
    "Event",
    "ChannelSearch",
]

Level = str
"""``"ok"``, ``"warning"``, ``"error"`` or ``"unknown"``."""


class Summary(TypedDict):
    """How many channels are at each level."""

    ok: int
    warning: int
    error: int
    unknown: int


class Reason(TypedDict):
    """Why a channel is not ok: a stable ``code`` (``no_data``, ``not_recording``, ...)."""

    code: str
    message: str
    since: Optional[str]


class FailingChannel(TypedDict):
    name: str
    status: Level
    reasons: List[Reason]


class Check(TypedDict):
    """``GET /sets/{name}/check``: ``ok`` only when the set is watched, has channels and all are ok."""

    ok: bool
    set: str
    watched: bool
    summary: Summary
    failing: List[FailingChannel]


class Thresholds(TypedDict, total=False):
    """Per-channel overrides of the monitor's defaults (``src/monitor/defaults.ts``)."""

    warmupMs: int
    staleMinMs: int
    staleFactor: float
    rateLowFraction: float
    missingValuesFraction: float
    recordLagMs: int
    timeSkewMs: int
    alertOnWarning: bool


class _ChannelSpecName(TypedDict):
    name: str


class ChannelSpec(_ChannelSpecName, total=False):
    """A channel of a set with its expectations (all but ``name`` optional)."""

    thresholds: Thresholds
    type: str
    shape: List[int]


ChannelInput = Union[str, ChannelSpec, Mapping[str, Any]]
"""What ``save_set`` takes per channel: a name, or a dict with ``name`` and expectations."""


class _ChannelSetBase(TypedDict):
    name: str
    description: str
    owner: str
    tags: List[str]
    version: int
    channels: List[ChannelSpec]
    createdAt: str
    updatedAt: str
    updatedBy: str


class ChannelSet(_ChannelSetBase):
    """A saved set (what ``save_set``, ``import_set`` and ``versions`` answer)."""


class WatchedChannelSet(ChannelSet):
    """``get_set``'s answer: the set and whether it is watched."""

    watched: bool


class SetSummary(TypedDict):
    """One entry of ``sets()``."""

    name: str
    description: str
    owner: str
    tags: List[str]
    version: int
    channelCount: int
    updatedAt: str
    watched: bool


class ChannelStatus(TypedDict):
    name: str
    status: Level
    reasons: List[Reason]
    metrics: Dict[str, Any]
    recorded: Dict[str, Any]
    alert: Dict[str, Any]
    source: Optional[str]
    backend: Optional[str]


class ChannelDetail(ChannelStatus):
    """``GET /status/{channel}``: the status with an hour of per-second history and recent events."""

    history: Optional[Dict[str, Any]]
    events: List[Dict[str, Any]]


class SetStatus(TypedDict):
    """``GET /status[?set=]``: ``set`` is ``None`` for every watched channel."""

    set: Optional[str]
    watched: bool
    generatedAt: str
    overall: Level
    summary: Summary
    channels: List[ChannelStatus]


class WatchAnswer(TypedDict):
    set: str
    watched: bool


class Run(TypedDict):
    """A run; ``channels`` is how many channels it covers."""

    id: str
    set: str
    name: Optional[str]
    startPulseId: int
    stopPulseId: Optional[int]
    createdAt: Optional[str]
    stoppedAt: Optional[str]
    channels: int


class _ChannelCoverageBase(TypedDict):
    name: str
    expected: int
    received: int
    coverage: Optional[float]
    missing: List[List[int]]


class ChannelCoverage(_ChannelCoverageBase, total=False):
    """One channel of a run report: ``missing`` are inclusive ``[first, last]`` pulse id ranges."""

    truncated: bool


class RunReport(TypedDict):
    """``complete`` once the stop pulse is known and accounted for: the report is final."""

    id: str
    set: str
    name: Optional[str]
    startPulseId: int
    stopPulseId: Optional[int]
    accountedUpTo: Optional[int]
    complete: bool
    createdAt: Optional[str]
    stoppedAt: Optional[str]
    channels: List[ChannelCoverage]


class AckAnswer(TypedDict):
    channel: str
    acknowledged: bool
    by: str


class ShelveAnswer(TypedDict):
    channel: str
    shelved: bool
    until: str
    reason: str
    by: str


class UnshelveAnswer(TypedDict):
    channel: str
    shelved: bool
    changed: bool


class Alerts(TypedDict):
    sounding: List[Any]
    alerts: List[Dict[str, Any]]


# "from" is a Python keyword: the functional form is the only way to name that key.
_EventBase = TypedDict(
    "_EventBase",
    {
        "id": Optional[int],
        "kind": str,
        "channel": str,
        "from": Level,
        "to": Level,
        "reasons": List[Dict[str, Any]],
        "pulseId": Optional[int],
        "time": str,
    },
)


class Event(_EventBase, total=False):
    """One entry of the transition log (``kind``: ``status``, ``alert_raised``, ``ack``, ``shelve``, ...)."""

    actor: str
    note: str
    gap: Dict[str, Any]


class ChannelSearch(TypedDict):
    total: int
    channels: List[Dict[str, Any]]


ChannelList = Sequence[ChannelInput]
