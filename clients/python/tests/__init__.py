"""The client's tests: ``python3 -m unittest`` from clients/python (or ``run-tests.sh``).

They test the source tree: ``src`` goes first on ``sys.path``, before any installed copy.
"""

import sys
from pathlib import Path

SRC = str(Path(__file__).resolve().parent.parent / "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)
