#!/usr/bin/env bash
# The Python client's tests (clients/python/tests, unittest) against a real ChannelWatch
# server and the SwissFEL emulator, both started by the tests on loopback. Run from
# anywhere, after the repository's `npm ci`. Ends with the line "N passed, N failed";
# exits non-zero when a test failed or none ran.
#   bash clients/python/run-tests.sh [--report FILE] [tests.test_cli ...]
# PYTHON picks the interpreter (default python3); CW_PY_TEST_TIMEOUT bounds the run (s).
set -uo pipefail
cd "$(dirname "$0")" || exit 2
export PYTHONDONTWRITEBYTECODE=1
unset PYTHONPATH
python="${PYTHON:-python3}"
limit="${CW_PY_TEST_TIMEOUT:-300}"

if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' 2>/dev/null; then
  echo "python client tests: $python is missing or older than 3.9"
  echo "0 passed, 1 failed"
  exit 1
fi

timeout -k 10 "$limit" "$python" -m tests.runner "$@"
status=$?
if [ $status -eq 124 ] || [ $status -eq 137 ]; then
  echo "python client tests: stopped after ${limit} s"
  echo "0 passed, 1 failed"
  exit 1
fi
exit $status
