"""Python client for ChannelWatch, the live status panel of SwissFEL's bsread acquisition.

    from channelwatch_client import Client
    client = Client("http://127.0.0.1:8080")
    client.wait_until_ok("alvra-pp", timeout=60)   # every channel received and recorded

Standard library only. See README.md beside pyproject.toml, and the server's /docs.
"""

from .client import DEFAULT_SERVER_URL, DEFAULT_TIMEOUT, SERVER_ENV, TOKEN_ENV, Client
from .errors import ChannelWatchConnectionError, ChannelWatchError, ChannelWatchTimeout, VersionConflictError
from .times import format_time, parse_time

__version__ = "0.1.0"

__all__ = [
    "Client",
    "ChannelWatchError",
    "VersionConflictError",
    "ChannelWatchConnectionError",
    "ChannelWatchTimeout",
    "parse_time",
    "format_time",
    "DEFAULT_SERVER_URL",
    "DEFAULT_TIMEOUT",
    "SERVER_ENV",
    "TOKEN_ENV",
    "__version__",
]
