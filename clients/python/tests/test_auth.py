"""A server that protects writes (``channelwatch serve`` with ``CHANNELWATCH_TOKENS``)."""

import unittest
from datetime import timedelta
from typing import Optional

from channelwatch_client import ChannelWatchError, Client

from .server_fixture import Server, shared_stack

TOKENS = "ops:secret,alvra-daq:daq-token"


class ProtectedWrites(unittest.TestCase):
    server: Optional[Server] = None

    @classmethod
    def setUpClass(cls) -> None:
        stack = shared_stack()
        cls.channels = stack.channels(2)
        cls.server = Server.start_serve(stack.database("protected.db"), stack.emulator.dispatcher_urls, TOKENS)

    @classmethod
    def tearDownClass(cls) -> None:
        if cls.server is not None:
            cls.server.stop()

    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def assertUnauthorized(self, message: str, call: object, *args: object, **kwargs: object) -> None:
        with self.assertRaises(ChannelWatchError) as caught:
            call(*args, **kwargs)  # type: ignore[operator]
        self.assertEqual((caught.exception.code, caught.exception.status), ("UNAUTHORIZED", 401))
        self.assertIn(message, caught.exception.message)

    def test_writes_need_a_known_token_and_record_who(self) -> None:
        anonymous = Client(self.url())
        wrong = Client(self.url(), token="not-the-token")
        ops = Client(self.url(), token="secret")

        self.assertUnauthorized("send Authorization: Bearer", anonymous.save_set, "py-auth", self.channels)
        self.assertUnauthorized("unknown token", wrong.save_set, "py-auth", self.channels)
        self.assertUnauthorized("unknown token", wrong.import_set, "py-auth", self.channels[0])

        saved = ops.save_set("py-auth", self.channels)
        self.assertEqual((saved["owner"], saved["updatedBy"]), ("ops", "ops"))
        daq = Client(self.url(), token="daq-token")
        self.assertEqual(daq.save_set("py-auth", self.channels[:1])["updatedBy"], "alvra-daq")

        # Reads stay open.
        self.assertEqual(anonymous.get_set("py-auth")["version"], 2)
        self.assertIn("py-auth", [s["name"] for s in anonymous.sets()])
        self.assertFalse(anonymous.check("py-auth")["ok"])

        for call in (anonymous.watch, wrong.watch, anonymous.unwatch, anonymous.delete_set):
            with self.subTest(call=call.__name__):
                self.assertUnauthorized("", call, "py-auth")
        self.assertEqual(ops.watch("py-auth")["watched"], True)

        channel = self.channels[0]
        self.assertUnauthorized("", anonymous.ack, channel)
        self.assertUnauthorized("", anonymous.shelve, channel, timedelta(hours=1), "r")
        self.assertUnauthorized("", anonymous.start_run, "py-auth")
        self.assertEqual(ops.ack(channel)["by"], "ops")
        self.assertEqual(daq.shelve(channel, timedelta(hours=1), "serviced")["by"], "alvra-daq")
        self.assertUnauthorized("", anonymous.unshelve, channel)
        ops.unshelve(channel)
        shelve_events = [e for e in anonymous.events(channel=channel) if e["kind"] in ("shelve", "unshelve")]
        self.assertEqual({(e["kind"], e.get("actor")) for e in shelve_events}, {("shelve", "alvra-daq"), ("unshelve", "ops")})


if __name__ == "__main__":
    unittest.main()
