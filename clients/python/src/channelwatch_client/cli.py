"""``python -m channelwatch_client check SET``: ``channelwatch check`` for machines with Python only.

Same options, output and exit codes as ``channelwatch check``: 0 when every channel of SET
is ok, 1 when not (or the set is not watched), 2 when the check could not be made (bad
arguments, server unreachable, no such set, a refused request).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO, List, NoReturn, Optional, Sequence, Tuple

from . import __version__
from .client import DEFAULT_SERVER_URL, DEFAULT_TIMEOUT, SERVER_ENV, TOKEN_ENV, Client, check_server_url
from .errors import ChannelWatchConnectionError, ChannelWatchError
from .types import Check

PROG = "python -m channelwatch_client"

EXIT_OK = 0
EXIT_NOT_OK = 1
EXIT_USAGE = 2

DESCRIPTION = """commands:
  check SET  exit 0 when every channel of SET is ok, 1 when not (a table or --json)

Exit codes: 0 success, 1 a check found a problem, 2 a usage or connection error."""

CHECK_DESCRIPTION = f"""Asks a running ChannelWatch whether every channel of the set SET is ok right now
(GET /api/v1/sets/SET/check) and prints the channels that are not, with their reasons.

Exit code: 0 when every channel is ok, 1 when not (or the set is not watched),
2 when the check could not be made (bad arguments, server unreachable, no such set).

environment: {SERVER_ENV} (the server), {TOKEN_ENV} (the token)"""


class UsageError(Exception):
    """A mistake in how the command was called: one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line naming it (scripts read stderr line by line)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
        usage=f"{PROG} <command> [options]",
    )
    parser.add_argument("-v", "--version", action="version", version=__version__)
    commands = parser.add_subparsers(dest="command", metavar="<command>", parser_class=_Parser)
    check = commands.add_parser(
        "check",
        prog=f"{PROG} check",
        usage=f"{PROG} check SET [--server URL] [--token T] [--json] [--timeout S]",
        description=CHECK_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
        help="is every channel of SET ok?",
    )
    check.add_argument("set", metavar="SET", help="the channel set")
    check.add_argument("--json", action="store_true", help="print the server's answer as JSON instead of a table")
    check.add_argument("--server", metavar="URL", help=f"the ChannelWatch server (default: ${SERVER_ENV}, else {DEFAULT_SERVER_URL})")
    check.add_argument("--token", metavar="T", help=f"sent as Authorization: Bearer T (default: ${TOKEN_ENV}, better: a flag shows in ps)")
    check.add_argument("--timeout", metavar="S", type=float, default=DEFAULT_TIMEOUT, help=f"seconds to wait for the answer (default {DEFAULT_TIMEOUT:g})")
    return parser


def _pick(flag: Optional[str], env_name: str) -> Optional[Tuple[str, str]]:
    if flag is not None:
        return (flag, "--" + ("server" if env_name == SERVER_ENV else "token"))
    value = os.environ.get(env_name, "")
    if value.strip() != "":
        return (value, env_name)
    return None


def client_from(server_flag: Optional[str], token_flag: Optional[str], timeout: float) -> Client:
    """The client for --server/--token, else the environment, else the default server."""
    server = _pick(server_flag, SERVER_ENV)
    token = _pick(token_flag, TOKEN_ENV)
    url = DEFAULT_SERVER_URL
    if server is not None:
        try:
            url = check_server_url(server[0])
        except ValueError:
            raise UsageError(f"{server[1]}: must be an http:// or https:// URL, got {server[0]!r}") from None
    if token is not None and (token[0] == "" or any(c.isspace() for c in token[0])):
        raise UsageError(f"{token[1]}: must be a token without spaces")
    if not timeout > 0:
        raise UsageError(f"--timeout must be a number of seconds > 0, got {timeout:g}")
    return Client(url, token=None if token is None else token[0], timeout=timeout)


def verdict(answer: Check) -> str:
    """The first line, as ``channelwatch check`` prints it."""
    s = answer["summary"]
    total = s["ok"] + s["warning"] + s["error"] + s["unknown"]
    name = answer["set"]
    if answer["ok"]:
        return f"{name}: OK, all {total} channels ok"
    if not answer["watched"]:
        return f"{name}: NOT OK, the set is not watched (POST /api/v1/sets/{name}/watch)"
    if total == 0:
        return f"{name}: NOT OK, the set has no channels"
    counts = [f"{s[level]} {level}" for level in ("error", "warning", "unknown", "ok") if s[level] > 0]  # type: ignore[literal-required]
    return f"{name}: NOT OK, {' · '.join(counts)} of {total} channels"


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Plain-text columns (the last one not padded), as ``channelwatch`` prints them."""
    widths = [max([len(h)] + [len(r[i]) if i < len(r) else 0 for r in rows]) for i, h in enumerate(header)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c if i == len(cells) - 1 else c.ljust(widths[i]) for i, c in enumerate(cells)).rstrip()

    return "\n".join([line(header)] + [line(r) for r in rows])


def _check(args: argparse.Namespace, out: IO[str]) -> int:
    client = client_from(args.server, args.token, args.timeout)
    answer = client.check(args.set)
    if args.json:
        out.write(json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(verdict(answer) + "\n")
        if answer["failing"]:
            rows = [
                [c["name"], c["status"], "; ".join(f"{r['code']}: {r['message']}" for r in c["reasons"]) or "-"]
                for c in answer["failing"]
            ]
            out.write(format_table(["CHANNEL", "STATUS", "REASONS"], rows) + "\n")
    return EXIT_OK if answer["ok"] else EXIT_NOT_OK


def main(argv: Optional[List[str]] = None, out: Optional[IO[str]] = None, err: Optional[IO[str]] = None) -> int:
    """Runs the command; returns its exit code (``sys.exit(main())``)."""
    stdout: IO[str] = out if out is not None else sys.stdout
    stderr: IO[str] = err if err is not None else sys.stderr
    args_list = sys.argv[1:] if argv is None else argv
    try:
        if not args_list:
            stderr.write(_parser().format_help())
            return EXIT_USAGE
        args = _parser().parse_args(args_list)
        if args.command == "check":
            return _check(args, stdout)
        raise UsageError(f"unknown command (see {PROG} --help)")
    except UsageError as problem:
        stderr.write(f"channelwatch_client: {' '.join(str(problem).split())}\n")
        return EXIT_USAGE
    except ChannelWatchConnectionError as problem:
        stderr.write(f"channelwatch_client: {problem.message}\n")
        return EXIT_USAGE
    except ChannelWatchError as problem:
        stderr.write(f"channelwatch_client: {' '.join(str(problem).split())}\n")
        return EXIT_USAGE
    except SystemExit as done:  # --help, --version
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        stderr.write("channelwatch_client: interrupted\n")
        return EXIT_USAGE
    except Exception as problem:  # noqa: BLE001 - "could not check" is 2, never a silent 1 ("not ok")
        stderr.write(f"channelwatch_client: could not check: {type(problem).__name__}: {problem}\n")
        return EXIT_USAGE
