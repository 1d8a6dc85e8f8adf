"""Runs the client's tests and ends with the plain line ``N passed, N failed``.

``python3 -m tests.runner [--report FILE] [unittest names...]`` from clients/python (what
``run-tests.sh`` does). Exit code 0 only when tests ran and none failed. A test module that
cannot be imported, or a module or class fixture that fails, counts as a failure.
"""

import argparse
import json
import sys
import time
import unittest
from pathlib import Path
from typing import List, Optional, Set

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="run-tests.sh", description="the Python client's tests")
    parser.add_argument("--report", metavar="FILE", help="also write {passed, failed, skipped, seconds} as JSON to FILE")
    parser.add_argument("names", nargs="*", help="unittest names (tests.test_cli, tests.test_client.Runs, ...); default: all")
    args = parser.parse_args(argv)

    loader = unittest.TestLoader()
    if args.names:
        suite = loader.loadTestsFromNames(args.names)
    else:
        suite = loader.discover(start_dir=str(ROOT / "tests"), top_level_dir=str(ROOT))
    started = time.monotonic()
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(suite)
    seconds = time.monotonic() - started

    # A failing subtest is reported under its test: count the test once. A failing module or
    # class fixture (setUpModule, setUpClass) is reported by a holder that is not a test and
    # was not counted as run: it counts as one failure.
    bad = [getattr(test, "test_case", test) for test, _ in result.failures + result.errors] + list(result.unexpectedSuccesses)
    failed_tests: Set[str] = {t.id() for t in bad if isinstance(t, unittest.TestCase)}
    failed_fixtures: Set[str] = {t.id() for t in bad if not isinstance(t, unittest.TestCase)}
    skipped = len({getattr(test, "test_case", test).id() for test, _ in result.skipped})
    passed = max(0, result.testsRun - len(failed_tests) - skipped - len(result.expectedFailures))
    count_failed = len(failed_tests) + len(failed_fixtures)
    if args.report:
        Path(args.report).write_text(json.dumps({"passed": passed, "failed": count_failed, "skipped": skipped, "seconds": round(seconds, 1)}) + "\n", encoding="utf-8")
    print(f"{passed} passed, {count_failed} failed" + (f", {skipped} skipped" if skipped else ""), flush=True)
    return 0 if count_failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
