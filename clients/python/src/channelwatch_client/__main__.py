"""``python -m channelwatch_client check SET``: see ``channelwatch_client.cli``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
