"""``python -m channelwatch_client check SET``: the same exit codes and output as ``channelwatch check``.

Where it matters the Node command runs beside it on the same server and both answers are
compared: exit code, stdout, and the one stderr line (after the program's name).
"""

import http.server
import json
import os
import socket
import subprocess
import sys
import unittest
from pathlib import Path
from typing import Dict, List, NamedTuple, Optional

from .server_fixture import CLI, Stack, _node, shared_stack, until
from .test_client_offline import answer, closed_port, fake_server

SRC = Path(__file__).resolve().parent.parent / "src"


class Result(NamedTuple):
    code: int
    out: str
    err: str


def setUpModule() -> None:
    shared_stack()  # started before the first test, stopped at exit


def stack() -> Stack:
    return shared_stack()


def clean_env(extra: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHANNELWATCH_")}
    env.update(extra or {})
    return env


def python_check(args: List[str], env: Optional[Dict[str, str]] = None) -> Result:
    environment = clean_env(env)
    environment["PYTHONPATH"] = os.pathsep.join([str(SRC)] + ([environment["PYTHONPATH"]] if environment.get("PYTHONPATH") else []))
    done = subprocess.run([sys.executable, "-m", "channelwatch_client", *args], env=environment, capture_output=True, text=True, timeout=60)
    return Result(done.returncode, done.stdout, done.stderr)


def node_check(args: List[str], env: Optional[Dict[str, str]] = None) -> Result:
    done = subprocess.run([_node(), "--import", "tsx", str(CLI), *args], cwd=str(CLI.parent.parent), env=clean_env(env), capture_output=True, text=True, timeout=60)
    return Result(done.returncode, done.stdout, done.stderr)


def after_prog(line: str) -> str:
    """``channelwatch: msg`` / ``channelwatch_client: msg`` -> ``msg``."""
    return line.strip().split(": ", 1)[1]


class SameAsTheNodeCommand(unittest.TestCase):
    def test_ok_and_not_ok_sets(self) -> None:
        from channelwatch_client import Client

        cw = Client(stack().url)
        channels = stack().channels(2)
        cw.save_set("py-cli-ok", channels)
        cw.watch("py-cli-ok")
        cw.wait_until_ok("py-cli-ok", timeout=30)
        cw.save_set("py-cli-unwatched", channels)

        for name, code in (("py-cli-ok", 0), ("py-cli-unwatched", 1)):
            for json_flag in ([], ["--json"]):
                with self.subTest(set=name, json=bool(json_flag)):
                    args = ["check", name, "--server", stack().url, *json_flag]
                    ours, theirs = python_check(args), node_check(args)
                    self.assertEqual((ours.code, ours.err), (code, ""))
                    self.assertEqual(theirs.code, code, theirs.err)
                    if json_flag:
                        self.assertEqual(json.loads(ours.out), json.loads(theirs.out))
                    else:
                        self.assertEqual(ours.out, theirs.out)
        self.assertEqual(python_check(["check", "py-cli-ok", "--server", stack().url]).out, "py-cli-ok: OK, all 2 channels ok\n")
        self.assertEqual(
            python_check(["check", "py-cli-unwatched", "--server", stack().url]).out,
            "py-cli-unwatched: NOT OK, the set is not watched (POST /api/v1/sets/py-cli-unwatched/watch)\n",
        )

    def test_a_failing_channel(self) -> None:
        from channelwatch_client import Client

        cw = Client(stack().url)
        channels = stack().channels(2)
        victim = channels[1]
        cw.save_set("py-cli-fault", channels)
        cw.watch("py-cli-fault")
        cw.wait_until_ok("py-cli-fault", timeout=30)
        fault = stack().emulator.inject("channel_stop", victim)
        try:
            until(lambda: any(f["status"] == "error" for f in cw.check("py-cli-fault")["failing"]), 10, "the victim in error")
            args = ["check", "py-cli-fault", "--server", stack().url]
            ours, theirs = python_check(args), node_check(args)
            as_json = python_check(args + ["--json"])
        finally:
            stack().emulator.clear(fault)
        self.assertEqual((ours.code, theirs.code, as_json.code), (1, 1, 1))
        lines = ours.out.splitlines()
        self.assertEqual(lines[0], "py-cli-fault: NOT OK, 1 error · 1 ok of 2 channels")
        self.assertEqual(lines[0], theirs.out.splitlines()[0])
        self.assertRegex(lines[1], r"^CHANNEL\s+STATUS\s+REASONS$")
        self.assertEqual(lines[1], theirs.out.splitlines()[1])
        self.assertRegex(lines[2], rf"^{victim}\s+error\s+no_data: no value for ")
        self.assertEqual(len(lines), 3)
        self.assertEqual([f["name"] for f in json.loads(as_json.out)["failing"]], [victim])

    def test_errors_are_exit_code_2(self) -> None:
        unreachable = f"http://127.0.0.1:{closed_port()}"
        cases = [
            ["check", "py-cli-no-such-set", "--server", stack().url],
            ["check", "py-cli-ok", "--server", unreachable],
            ["check", "py-cli-ok", "--server", "ftp://example.org"],
            ["check"],
            ["check", "a", "b", "--server", stack().url],
            ["check", "py-cli-ok", "--bogus"],
        ]
        for i, args in enumerate(cases):
            with self.subTest(args=args):
                ours, theirs = python_check(args), node_check(args)
                self.assertEqual((ours.code, theirs.code), (2, 2), (ours, theirs))
                self.assertEqual(ours.out, "")
                self.assertEqual(len(ours.err.splitlines()), 1, ours.err)
                self.assertTrue(ours.err.startswith("channelwatch_client: "), ours.err)
                if i < 2:  # the server's refusal and the connection error: word for word
                    self.assertEqual(after_prog(ours.err), after_prog(theirs.err))

    def test_server_from_the_environment(self) -> None:
        from channelwatch_client import Client

        Client(stack().url).save_set("py-cli-env", stack().channels(1))
        env_only = python_check(["check", "py-cli-env"], env={"CHANNELWATCH_SERVER": stack().url})
        self.assertEqual(env_only.code, 1)
        self.assertIn("the set is not watched", env_only.out)
        flag_wins = python_check(["check", "py-cli-env", "--server", stack().url], env={"CHANNELWATCH_SERVER": f"http://127.0.0.1:{closed_port()}"})
        self.assertEqual(flag_wins.code, 1)
        bad_env = python_check(["check", "py-cli-env"], env={"CHANNELWATCH_SERVER": "not a url"})
        self.assertEqual(bad_env.code, 2)
        self.assertIn("CHANNELWATCH_SERVER: must be an http:// or https:// URL", bad_env.err)


class OnItsOwn(unittest.TestCase):
    """What needs no ChannelWatch: help, arguments, the token, the timeout, a wrong server."""

    def test_help_and_version(self) -> None:
        top = python_check(["--help"])
        self.assertEqual(top.code, 0)
        self.assertIn("check SET", top.out)
        check = python_check(["check", "--help"])
        self.assertEqual(check.code, 0)
        self.assertIn("Exit code: 0 when every channel is ok, 1 when not", check.out)
        for flag in ("--server", "--token", "--json", "--timeout", "CHANNELWATCH_SERVER", "CHANNELWATCH_TOKEN"):
            self.assertIn(flag, check.out)
        from channelwatch_client import __version__

        self.assertEqual(python_check(["--version"]).out.strip(), __version__)
        nothing = python_check([])
        self.assertEqual(nothing.code, 2)
        self.assertIn("usage:", nothing.err)
        self.assertEqual(python_check(["frobnicate"]).code, 2)

    def test_token_from_flag_or_environment(self) -> None:
        seen: List[Optional[str]] = []
        ok = json.dumps({"ok": True, "set": "s", "watched": True, "summary": {"ok": 1, "warning": 0, "error": 0, "unknown": 0}, "failing": []}).encode()

        def handler(request: http.server.BaseHTTPRequestHandler) -> None:
            seen.append(request.headers.get("Authorization"))
            answer(200, ok, "application/json")(request)

        with fake_server(handler) as url:
            self.assertEqual(python_check(["check", "s", "--server", url, "--token", "t0k3n"]).code, 0)
            self.assertEqual(python_check(["check", "s", "--server", url], env={"CHANNELWATCH_TOKEN": "from-env"}).code, 0)
            self.assertEqual(python_check(["check", "s", "--server", url, "--token", "flag"], env={"CHANNELWATCH_TOKEN": "env"}).code, 0)
            self.assertEqual(python_check(["check", "s", "--server", url]).code, 0)
        self.assertEqual(seen, ["Bearer t0k3n", "Bearer from-env", "Bearer flag", None])
        spaced = python_check(["check", "s", "--server", "http://127.0.0.1:1", "--token", "two words"])
        self.assertEqual(spaced.code, 2)
        self.assertIn("--token: must be a token without spaces", spaced.err)
        self.assertNotIn("two words", spaced.err)

    def test_timeout(self) -> None:
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(8)
            result = python_check(["check", "s", "--server", f"http://127.0.0.1:{listener.getsockname()[1]}", "--timeout", "0.5"])
        self.assertEqual(result.code, 2)
        self.assertIn("no answer from ChannelWatch", result.err)
        self.assertIn("within 0.5 s", result.err)
        self.assertEqual(python_check(["check", "s", "--timeout", "0"]).code, 2)
        self.assertEqual(python_check(["check", "s", "--timeout", "soon"]).code, 2)

    def test_not_a_channelwatch_server(self) -> None:
        for body, content_type in ((b"<html>hi</html>", "text/html"), (b'{"hello": "world"}', "application/json")):
            with self.subTest(body=body), fake_server(answer(200, body, content_type)) as url:
                result = python_check(["check", "s", "--server", url])
                self.assertEqual(result.code, 2, result)
                self.assertEqual(len(result.err.splitlines()), 1)


if __name__ == "__main__":
    unittest.main()
