"""A real ChannelWatch server and the SwissFEL emulator on loopback, for the client's tests.

- ``Emulator.start()``: ``node --import tsx src/cli.ts simulate --port 0 --seed 1``; its
  banner gives the dispatcher URLs; faults go through its REST API (``/sim/faults``).
- ``Server.start_test_server(db, dispatchers)``: ``test/support/server-process.ts`` (writes
  open, fast timing: evaluation every 100 ms, warm-up 500 ms); prints ``listening URL``.
- ``Server.start_serve(db, dispatchers, tokens)``: ``channelwatch serve --port 0`` with
  ``CHANNELWATCH_TOKENS``, for the authorization tests; its banner gives the URL.
- ``shared_stack()``: one emulator and one test server for the whole test process, stopped
  at exit.

Every process is stopped at teardown (SIGTERM, then SIGKILL after a timeout) and, on
Linux, also dies with the test process (PR_SET_PDEATHSIG) should that be killed.
"""

from __future__ import annotations

import atexit
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Deque, Dict, List, Optional, Sequence

REPO = Path(__file__).resolve().parents[3]
CLI = REPO / "src" / "cli.ts"
SERVER_PROCESS = REPO / "test" / "support" / "server-process.ts"
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
# The README's examples use these (seed 1 catalog): never handed out to other tests.
README_CHANNEL_PREFIX = "SARES12-PBPS567:"


class FixtureError(RuntimeError):
    pass


def _load_prctl() -> Optional[Callable[..., int]]:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


# Looked up once here: between fork and exec the child only makes the call (no dlopen).
_PRCTL = _load_prctl()


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    if _PRCTL is not None:
        _PRCTL(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG: the child dies with the tests


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise FixtureError("node is not on PATH: the tests need Node.js >= 20 to run ChannelWatch")
    if not (REPO / "node_modules" / "tsx").is_dir():
        raise FixtureError(f"{REPO}/node_modules/tsx is missing: run `npm ci` in {REPO} first")
    return node


def _child_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    # No CHANNELWATCH_* from the caller's environment may reach the children (a config file,
    # tokens, a real dispatcher...); proxies never apply to loopback.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHANNELWATCH_")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.update(extra or {})
    return env


class Process:
    """A child process whose output (stdout and stderr) is read continuously into a ring."""

    def __init__(self, name: str, args: Sequence[str], env: Optional[Dict[str, str]] = None) -> None:
        self.name = name
        self.args = list(args)
        self.lines: Deque[str] = collections.deque(maxlen=400)
        self._changed = threading.Condition()
        self.proc = subprocess.Popen(
            self.args,
            cwd=str(REPO),
            env=_child_env(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            preexec_fn=_die_with_parent if _PRCTL is not None else None,
        )
        self._reader = threading.Thread(target=self._read, name=f"{name}-output", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self._changed:
                self.lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def output(self) -> str:
        with self._changed:
            return "\n".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = START_TIMEOUT) -> "re.Match[str]":
        """The first output line matching ``pattern`` (waits for it)."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for line in self.lines:
                    match = regex.search(line)
                    if match:
                        return match
                if self.proc.poll() is not None and not self._reader.is_alive():
                    raise FixtureError(f"{self.name} exited with code {self.proc.returncode} before printing {pattern!r}:\n{self.output_unlocked()}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise FixtureError(f"{self.name} did not print {pattern!r} within {timeout:g} s:\n{self.output_unlocked()}")
                self._changed.wait(min(remaining, 0.5))

    def output_unlocked(self) -> str:
        return "\n".join(self.lines)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL if it has not exited within STOP_TIMEOUT."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(STOP_TIMEOUT)
        self._reader.join(5)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def http_json(method: str, url: str, body: Any = None, timeout: float = 10.0) -> Any:
    """A plain HTTP call for the fixture itself (not through the client under test)."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"} if data else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


class Emulator:
    """``channelwatch simulate`` on loopback."""

    def __init__(self, process: Process, root: str, dispatchers: Dict[str, str]) -> None:
        self.process = process
        self.root = root
        self.dispatchers = dispatchers
        self._catalog: Optional[List[Dict[str, Any]]] = None

    @classmethod
    def start(cls, seed: int = 1) -> "Emulator":
        process = Process("emulator", [_node(), "--import", "tsx", str(CLI), "simulate", "--port", "0", "--host", "127.0.0.1", "--seed", str(seed)])
        try:
            process.wait_for(r"faults & clock\s+http://")
            dispatchers = {m.group(1): m.group(2) for m in re.finditer(r"dispatcher (\S+)\s+(http://\S+)", process.output())}
            databuffer = dispatchers.get("sf-databuffer")
            if databuffer is None:
                raise FixtureError(f"no sf-databuffer dispatcher in the emulator's banner:\n{process.output()}")
            root = databuffer.rsplit("/sf-databuffer", 1)[0]
            return cls(process, root, dispatchers)
        except BaseException:
            process.stop()
            raise

    @property
    def dispatcher_urls(self) -> List[str]:
        return list(self.dispatchers.values())

    def catalog(self) -> List[Dict[str, Any]]:
        """The sf-databuffer channels (``GET /sf-databuffer/channels/live``)."""
        if self._catalog is None:
            answer = http_json("GET", f"{self.root}/sf-databuffer/channels/live")
            self._catalog = [c for backend in answer for c in backend["channels"]]
        return self._catalog

    def inject(self, kind: str, channel: Optional[str] = None, **extra: Any) -> str:
        """``POST /sim/faults``; returns the fault's id."""
        body: Dict[str, Any] = {"kind": kind, **extra}
        if channel is not None:
            body["channel"] = channel
        return str(http_json("POST", f"{self.root}/sim/faults", body)["id"])

    def clear(self, fault_id: str) -> None:
        """``DELETE /sim/faults/{id}``."""
        request = urllib.request.Request(f"{self.root}/sim/faults/{fault_id}", method="DELETE")
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()

    def stop(self) -> None:
        self.process.stop()


class Server:
    """A ChannelWatch server on loopback."""

    def __init__(self, process: Process, url: str) -> None:
        self.process = process
        self.url = url

    @classmethod
    def _start(cls, name: str, args: Sequence[str], listening: str, env: Optional[Dict[str, str]] = None) -> "Server":
        process = Process(name, list(args), env=env)
        try:
            url = process.wait_for(listening).group(1)
        except BaseException:
            process.stop()
            raise
        return cls(process, url)

    @classmethod
    def start_test_server(cls, database: str, dispatchers: Sequence[str]) -> "Server":
        return cls._start("server", [_node(), "--import", "tsx", str(SERVER_PROCESS), database, *dispatchers], r"^listening (http://\S+)")

    @classmethod
    def start_serve(cls, database: str, dispatchers: Sequence[str], tokens: str) -> "Server":
        args = [_node(), "--import", "tsx", str(CLI), "serve", "--port", "0", "--host", "127.0.0.1", "--database", database, "--log-level", "error"]
        for d in dispatchers:
            args += ["--dispatcher", d]
        return cls._start("serve", args, r"ChannelWatch listening on (http://\S+)", env={"CHANNELWATCH_TOKENS": tokens})

    def stop(self) -> None:
        self.process.stop()


class Stack:
    """One emulator and one test server, sharing a temporary directory."""

    def __init__(self) -> None:
        self.tmp = tempfile.TemporaryDirectory(prefix="cw-pyclient-")
        self.emulator = Emulator.start()
        try:
            self.server = Server.start_test_server(f"sqlite:{Path(self.tmp.name) / 'server.db'}", self.emulator.dispatcher_urls)
        except BaseException:
            self.emulator.stop()
            raise
        self._next_channel = 0
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.server.url

    def channels(self, count: int) -> List[str]:
        """``count`` fresh scalar 100 Hz channels, never handed out before in this process,
        so that one test's faults and their after-effects cannot reach another's set."""
        eligible = [
            c["name"]
            for c in self.emulator.catalog()
            if c.get("modulo") == 1 and c.get("shape") == [1] and c.get("type") != "string" and not c["name"].startswith(README_CHANNEL_PREFIX)
        ]
        with self._lock:
            start = self._next_channel
            self._next_channel += count
        if start + count > len(eligible):
            raise FixtureError("the emulator's catalog has run out of fresh channels")
        return eligible[start : start + count]

    def database(self, name: str) -> str:
        return f"sqlite:{Path(self.tmp.name) / name}"

    def stop(self) -> None:
        try:
            self.server.stop()
        finally:
            try:
                self.emulator.stop()
            finally:
                self.tmp.cleanup()


_shared: Optional[Stack] = None
_shared_lock = threading.Lock()


def shared_stack() -> Stack:
    """The process-wide stack, started on first use and stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Stack()
            atexit.register(_stop_shared)
        return _shared


def _stop_shared() -> None:
    global _shared
    if _shared is not None:
        stack, _shared = _shared, None
        stack.stop()


def until(condition: Callable[[], Any], timeout: float, what: str, poll: float = 0.1) -> Any:
    """Polls ``condition`` until it returns something truthy; returns that."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        time.sleep(poll)
