"""What the client does without a ChannelWatch server: arguments, no answer, a wrong server."""

import http.server
import socket
import threading
import time
import unittest
from typing import Callable, Iterator, Tuple
from contextlib import contextmanager

from channelwatch_client import (
    ChannelWatchConnectionError,
    ChannelWatchError,
    ChannelWatchTimeout,
    Client,
    VersionConflictError,
)


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def fake_server(handler: Callable[[http.server.BaseHTTPRequestHandler], None]) -> Iterator[str]:
    """An HTTP server on loopback whose every request is answered by ``handler``."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            handler(self)

        do_POST = do_PUT = do_DELETE = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def answer(status: int, body: bytes, content_type: str = "text/html") -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    def handle(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handle


class Construction(unittest.TestCase):
    def test_url_is_normalized(self) -> None:
        self.assertEqual(Client("http://cw.example:8080/").url, "http://cw.example:8080")
        self.assertEqual(Client("https://cw.example/api/v1/").url, "https://cw.example")
        self.assertEqual(Client("http://cw.example/panel").url, "http://cw.example/panel")

    def test_bad_urls_are_refused(self) -> None:
        for bad in ("cw.example:8080", "ftp://cw.example", "http://", "http://cw.example/?x=1", "http://cw.example/#top", ""):
            with self.subTest(url=bad), self.assertRaises(ValueError):
                Client(bad)

    def test_bad_token_and_timeout_are_refused(self) -> None:
        with self.assertRaises(ValueError):
            Client("http://cw.example", token="two words")
        with self.assertRaises(ValueError):
            Client("http://cw.example", token="")
        for bad in (0, -1, "10", True):
            with self.subTest(timeout=bad), self.assertRaises(ValueError):
                Client("http://cw.example", timeout=bad)  # type: ignore[arg-type]

    def test_repr_hides_the_token(self) -> None:
        text = repr(Client("http://cw.example", token="s3cret", timeout=2.5))
        self.assertNotIn("s3cret", text)
        self.assertIn("timeout=2.5", text)

    def test_from_env(self) -> None:
        import os
        from unittest import mock

        with mock.patch.dict(os.environ, {"CHANNELWATCH_SERVER": "http://cw.example:9000", "CHANNELWATCH_TOKEN": "abc"}):
            client = Client.from_env(timeout=3)
        self.assertEqual((client.url, client.token, client.timeout), ("http://cw.example:9000", "abc", 3.0))
        with mock.patch.dict(os.environ, {"CHANNELWATCH_SERVER": "", "CHANNELWATCH_TOKEN": ""}):
            client = Client.from_env()
        self.assertEqual((client.url, client.token, client.timeout), ("http://127.0.0.1:8080", None, 10.0))


class LocalArgumentChecks(unittest.TestCase):
    """Mistakes a script makes are caught before anything is sent (no server here)."""

    client = Client(f"http://127.0.0.1:{closed_port()}")

    def test_channels(self) -> None:
        with self.assertRaises(TypeError):
            self.client.save_set("s", "SARES12-PBPS567:XPOS")  # a string, not a list
        with self.assertRaises(TypeError):
            self.client.save_set("s", [42])  # type: ignore[list-item]
        with self.assertRaises(TypeError):
            self.client.save_set("s", [{"thresholds": {}}])
        with self.assertRaises(TypeError):
            self.client.save_set("s", ["A:B"], version="3")  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            self.client.save_set("s", ["A:B"], tags="daq")

    def test_names_formats_and_numbers(self) -> None:
        with self.assertRaises(ValueError):
            self.client.get_set("")
        with self.assertRaises(ValueError):
            self.client.export_set("s", "csv")
        with self.assertRaises(ValueError):
            self.client.import_set("s", "{not json")
        with self.assertRaises(TypeError):
            self.client.import_set("s", b"A:B")  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            self.client.start_run("s", start_pulse_id=1.5)  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            self.client.shelve("A:B", 3600, "reason")  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            self.client.events(since=1700000000)  # type: ignore[arg-type]
        for bad in (-1, float("nan"), "5"):
            with self.subTest(timeout=bad), self.assertRaises(ValueError):
                self.client.wait_until_ok("s", bad)  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            self.client.wait_until_ok("s", 1, poll=0)
        with self.assertRaises(ValueError):
            self.client.report("r1", wait=-1)


class NoAnswer(unittest.TestCase):
    def test_connection_refused(self) -> None:
        port = closed_port()
        client = Client(f"http://127.0.0.1:{port}")
        with self.assertRaises(ChannelWatchConnectionError) as caught:
            client.sets()
        err = caught.exception
        self.assertIsInstance(err, ChannelWatchError)
        self.assertEqual(err.code, "CONNECTION_FAILED")
        self.assertIsNone(err.status)
        self.assertEqual(err.message, f"cannot reach ChannelWatch at http://127.0.0.1:{port}: connection refused")
        self.assertEqual(str(err), f"{err.message} (CONNECTION_FAILED)")
        self.assertEqual((err.method, err.url), ("GET", f"http://127.0.0.1:{port}/api/v1/sets"))

    def test_unknown_host(self) -> None:
        # Without a lookup (a resolver may take its time): urllib's error for a name it cannot resolve.
        import urllib.error
        from unittest import mock

        unresolved = urllib.error.URLError(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
        with mock.patch("urllib.request.urlopen", side_effect=unresolved):
            with self.assertRaises(ChannelWatchConnectionError) as caught:
                Client("http://no-such-host.invalid:8080").check("s")
        self.assertEqual(caught.exception.code, "CONNECTION_FAILED")
        self.assertEqual(caught.exception.message, "cannot reach ChannelWatch at http://no-such-host.invalid:8080: unknown host")

    def test_timeout_is_the_clients(self) -> None:
        # Listening but never accepting: the connection is made, no answer ever comes.
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(8)
            client = Client(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.3)
            started = time.monotonic()
            with self.assertRaises(ChannelWatchConnectionError) as caught:
                client.check("s")
            elapsed = time.monotonic() - started
        self.assertEqual(caught.exception.code, "TIMEOUT")
        self.assertIn("within 0.3 s", caught.exception.message)
        self.assertLess(elapsed, 3.0)

    def test_connection_closed_without_answer(self) -> None:
        def hang_up(request: http.server.BaseHTTPRequestHandler) -> None:
            request.close_connection = True
            request.connection.shutdown(socket.SHUT_RDWR)

        with fake_server(hang_up) as url:
            with self.assertRaises(ChannelWatchConnectionError) as caught:
                Client(url).sets()
        self.assertEqual(caught.exception.code, "CONNECTION_FAILED")


class NotChannelWatch(unittest.TestCase):
    def test_error_status_without_an_error_body(self) -> None:
        with fake_server(answer(404, b"<html>not here</html>")) as url:
            with self.assertRaises(ChannelWatchError) as caught:
                Client(url).get_set("s")
        err = caught.exception
        self.assertNotIsInstance(err, ChannelWatchConnectionError)
        self.assertEqual((err.code, err.status), ("UNEXPECTED_RESPONSE", 404))
        self.assertIn("is it a ChannelWatch server?", err.message)

    def test_ok_status_without_json(self) -> None:
        with fake_server(answer(200, b"<html>hello</html>")) as url:
            with self.assertRaises(ChannelWatchError) as caught:
                Client(url).check("s")
        self.assertEqual((caught.exception.code, caught.exception.status), ("UNEXPECTED_RESPONSE", 200))

    def test_json_of_another_shape(self) -> None:
        with fake_server(answer(200, b'{"items": []}', "application/json")) as url:
            with self.assertRaises(ChannelWatchError) as caught:
                Client(url).sets()
        self.assertEqual(caught.exception.code, "UNEXPECTED_RESPONSE")

    def test_error_body_maps_to_the_exception_class(self) -> None:
        body = b'{"error": {"code": "VERSION_CONFLICT", "message": "set s is at version 4, not 3"}}'
        with fake_server(answer(409, body, "application/json")) as url:
            with self.assertRaises(VersionConflictError) as caught:
                Client(url).save_set("s", ["A:B"], version=3)
        self.assertEqual((caught.exception.status, caught.exception.code), (409, "VERSION_CONFLICT"))


class Exceptions(unittest.TestCase):
    def test_they_pickle(self) -> None:
        import pickle

        for err in (
            ChannelWatchError("SET_NOT_FOUND", "no set named x", 404),
            VersionConflictError("VERSION_CONFLICT", "stale", 409),
            ChannelWatchConnectionError("TIMEOUT", "no answer"),
            ChannelWatchTimeout("not ok", last={"ok": False}, failing=[{"name": "A:B", "status": "error", "reasons": []}]),
        ):
            with self.subTest(err=type(err).__name__):
                copy = pickle.loads(pickle.dumps(err))
                self.assertEqual((type(copy), copy.code, copy.message, copy.status), (type(err), err.code, err.message, err.status))
        timeout = pickle.loads(pickle.dumps(ChannelWatchTimeout("m", last={"ok": False}, failing=[])))
        self.assertEqual(timeout.last, {"ok": False})


if __name__ == "__main__":
    unittest.main()
