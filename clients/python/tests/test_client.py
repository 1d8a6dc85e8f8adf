"""Every method of ``Client`` against a real ChannelWatch server and the SwissFEL emulator.

Each test takes its own fresh channels from the emulator's catalog, so a fault one test
injects (and its after-effects in the 10 s rate window) cannot reach another test's set.
"""

import csv
import io
import threading
import time
import unittest
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Optional

from channelwatch_client import (
    ChannelWatchConnectionError,
    ChannelWatchError,
    ChannelWatchTimeout,
    Client,
    VersionConflictError,
    parse_time,
)

from .server_fixture import Stack, shared_stack, until

OK_TIMEOUT = 30.0


def setUpModule() -> None:
    shared_stack()  # started before the first test, stopped at exit


def stack() -> Stack:
    return shared_stack()


def client() -> Client:
    return Client(stack().url, timeout=10)


def by_name(items: List[Dict[str, Any]]) -> Dict[str, Dict[str, Any]]:
    return {item["name"]: item for item in items}


class ApiErrorAssertions(unittest.TestCase):
    def assertApiError(self, code: str, status: int, call: Any, *args: Any, **kwargs: Any) -> ChannelWatchError:
        with self.assertRaises(ChannelWatchError) as caught:
            call(*args, **kwargs)
        err = caught.exception
        self.assertNotIsInstance(err, ChannelWatchConnectionError)
        self.assertEqual((err.code, err.status), (code, status), str(err))
        self.assertTrue(err.message)
        self.assertEqual(str(err), f"{err.message} ({code})")
        return err

    def watched_ok_set(self, name: str, channels: List[str]) -> None:
        cw = client()
        cw.save_set(name, channels)
        cw.watch(name)
        cw.wait_until_ok(name, timeout=OK_TIMEOUT)


class Server(ApiErrorAssertions):
    def test_health(self) -> None:
        health = client().health()
        self.assertIsInstance(health, dict)
        self.assertTrue(health)

    def test_search_channels(self) -> None:
        found = client().search_channels("^SARES12-PBPS567:", limit=2)
        self.assertGreaterEqual(found["total"], 8)
        self.assertEqual(len(found["channels"]), 2)
        self.assertTrue(all(c["name"].startswith("SARES12-PBPS567:") for c in found["channels"]))
        self.assertGreater(client().search_channels()["total"], 1000)
        self.assertApiError("BAD_REGEX", 400, client().search_channels, "(")
        # Catastrophic backtracking is stopped on the server's worker thread, not waited for.
        self.assertApiError("REGEX_TOO_COSTLY", 400, client().search_channels, "((\\w|-|:)+)+X$")


class Sets(ApiErrorAssertions):
    def test_save_get_list_versions_delete(self) -> None:
        cw = client()
        a, b, c = stack().channels(3)
        created = cw.save_set("py-sets", [a, {"name": b, "thresholds": {"rateLowFraction": 0.5}}], description="first", tags=["py"])
        self.assertEqual(created["version"], 1)
        self.assertEqual(created["channels"], [{"name": a}, {"name": b, "thresholds": {"rateLowFraction": 0.5}}])
        self.assertEqual((created["description"], created["tags"], created["owner"]), ("first", ["py"], "anonymous"))
        parse_time(created["createdAt"])

        got = cw.get_set("py-sets")
        self.assertEqual((got["version"], got["watched"]), (1, False))
        listed = by_name(cw.sets())["py-sets"]  # type: ignore[arg-type]
        self.assertEqual((listed["version"], listed["channelCount"], listed["watched"]), (1, 2, False))

        # Without a version: saved over the current one; what is not given stays.
        second = cw.save_set("py-sets", got["channels"] + [c])  # type: ignore[operator]
        self.assertEqual(second["version"], 2)
        self.assertEqual([ch["name"] for ch in second["channels"]], [a, b, c])
        self.assertEqual(second["channels"][1].get("thresholds"), {"rateLowFraction": 0.5})
        self.assertEqual((second["description"], second["tags"]), ("first", ["py"]))

        third = cw.save_set("py-sets", [a, c], version=2, description="second", owner="alvra", tags=[])
        self.assertEqual((third["version"], third["description"], third["owner"], third["tags"]), (3, "second", "alvra", []))

        # A stale version: someone saved since.
        err = self.assertApiError("VERSION_CONFLICT", 409, cw.save_set, "py-sets", [a], version=2)
        self.assertIsInstance(err, VersionConflictError)
        self.assertEqual(cw.get_set("py-sets")["version"], 3)

        self.assertEqual([v["version"] for v in cw.versions("py-sets")], [3, 2, 1])
        self.assertIsNone(cw.delete_set("py-sets"))  # type: ignore[func-returns-value]
        self.assertApiError("SET_NOT_FOUND", 404, cw.get_set, "py-sets")
        self.assertApiError("SET_NOT_FOUND", 404, cw.delete_set, "py-sets")
        self.assertApiError("SET_NOT_FOUND", 404, cw.versions, "py-sets")
        self.assertNotIn("py-sets", by_name(cw.sets()))  # type: ignore[arg-type]

    def test_a_version_for_a_set_that_does_not_exist(self) -> None:
        self.assertApiError("SET_NOT_FOUND", 404, client().save_set, "py-never-created", stack().channels(1), version=1)

    def test_invalid_sets_are_refused(self) -> None:
        cw = client()
        (a,) = stack().channels(1)
        self.assertApiError("SET_INVALID", 400, cw.save_set, "py-invalid", ["not a channel name"])
        self.assertApiError("SET_INVALID", 400, cw.save_set, "py-invalid", [a, a])
        self.assertApiError("VALIDATION_FAILED", 400, cw.save_set, "py invalid", [a])
        self.assertApiError("VALIDATION_FAILED", 400, cw.save_set, "py-invalid", [{"name": a, "thresholds": {"nope": 1}}])
        self.assertApiError("SET_NOT_FOUND", 404, cw.get_set, "py-invalid")

    def test_import_and_export(self) -> None:
        cw = client()
        a, b, c = stack().channels(3)
        created = cw.import_set("py-import", f"# from PSI's tools\n{a}\n\n{b} 10 0   # modulo, offset: ignored\n")
        self.assertEqual(([ch["name"] for ch in created["channels"]], created["version"]), ([a, b], 1))
        updated = cw.import_set("py-import", f"{a}\n{b}\n{c}\n")
        self.assertEqual(([ch["name"] for ch in updated["channels"]], updated["version"]), ([a, b, c], 2))

        text = cw.export_set("py-import", "txt")
        self.assertEqual(text, f"# ChannelWatch set py-import (version 2)\n{a}\n{b}\n{c}\n")
        self.assertEqual(cw.export_set("py-import"), text)
        exported = cw.export_set("py-import", "json")
        self.assertTrue(exported.startswith("{"))

        # The JSON export goes back in as its text or as a dict.
        copy = cw.import_set("py-import-copy", exported)
        self.assertEqual((copy["name"], [ch["name"] for ch in copy["channels"]]), ("py-import-copy", [a, b, c]))
        import json

        as_dict = json.loads(exported)
        as_dict["channels"] = as_dict["channels"][:1]
        second = cw.import_set("py-import-copy", as_dict)
        self.assertEqual(([ch["name"] for ch in second["channels"]], second["version"]), ([a], 2))

        self.assertApiError("IMPORT_INVALID", 400, cw.import_set, "py-import-bad", f"{a}\nthis is not a channel\n")
        self.assertApiError("SET_NOT_FOUND", 404, cw.export_set, "py-no-such-set", "json")


class StatusAndWaiting(ApiErrorAssertions):
    def test_watch_status_check_unwatch(self) -> None:
        cw = client()
        channels = stack().channels(3)
        cw.save_set("py-status", channels)
        unwatched = cw.check("py-status")
        self.assertEqual((unwatched["ok"], unwatched["watched"], unwatched["set"]), (False, False, "py-status"))

        self.assertEqual(cw.watch("py-status"), {"set": "py-status", "watched": True})
        self.assertTrue(cw.get_set("py-status")["watched"])
        ok = cw.wait_until_ok("py-status", timeout=OK_TIMEOUT, poll=0.2)
        self.assertEqual((ok["ok"], ok["failing"], ok["summary"]["ok"]), (True, [], 3))

        status = cw.status("py-status")
        self.assertEqual((status["set"], status["watched"], status["overall"]), ("py-status", True, "ok"))
        self.assertEqual([ch["name"] for ch in status["channels"]], channels)
        first = status["channels"][0]
        self.assertEqual(first["status"], "ok")
        self.assertIn("metrics", first)
        self.assertIn("recorded", first)
        self.assertIn("alert", first)
        parse_time(status["generatedAt"])

        everything = cw.status()
        self.assertIsNone(everything["set"])
        self.assertTrue(set(channels) <= {ch["name"] for ch in everything["channels"]})

        one = cw.channel_status(channels[0])
        self.assertEqual((one["name"], one["status"]), (channels[0], "ok"))
        self.assertIn("history", one)
        self.assertIn("events", one)

        sources = cw.sources()
        self.assertIsNotNone(first["source"])
        ours = {s["source"]: s for s in sources}[first["source"]]
        self.assertGreaterEqual(ours["channels"], 1)
        self.assertIn(ours["status"], ("ok", "warning", "error", "unknown"))

        self.assertEqual(cw.unwatch("py-status"), {"set": "py-status", "watched": False})
        after = cw.check("py-status")
        self.assertEqual((after["ok"], after["watched"]), (False, False))
        self.assertApiError("CHANNEL_NOT_WATCHED", 404, cw.channel_status, channels[0])

        for call in (cw.status, cw.check, cw.watch, cw.unwatch):
            with self.subTest(call=call.__name__):
                self.assertApiError("SET_NOT_FOUND", 404, call, "py-no-such-set")

    def test_wait_until_ok_through_a_fault_and_its_recovery(self) -> None:
        cw = client()
        channels = stack().channels(3)
        victim = channels[1]
        self.watched_ok_set("py-wait", channels)

        fault = stack().emulator.inject("channel_stop", victim)
        clear = threading.Timer(1.5, stack().emulator.clear, [fault])
        try:
            until(lambda: not cw.check("py-wait")["ok"], 10, "the stopped channel shows in the check")

            # While the channel is stopped: the wait gives up after its timeout, naming it.
            started = time.monotonic()
            with self.assertRaises(ChannelWatchTimeout) as caught:
                cw.wait_until_ok("py-wait", timeout=1.0, poll=0.2)
            waited = time.monotonic() - started
            err = caught.exception
            self.assertIsInstance(err, ChannelWatchError)
            self.assertGreaterEqual(waited, 1.0)
            self.assertLess(waited, 5.0)
            self.assertEqual(err.code, "WAIT_TIMEOUT")
            self.assertEqual([f["name"] for f in err.failing], [victim])
            self.assertEqual(err.failing[0]["status"], "error")
            self.assertIn("no_data", [r["code"] for r in err.failing[0]["reasons"]])
            self.assertFalse(err.last["ok"])
            self.assertIn(victim, str(err))
            self.assertIn("no_data", str(err))

            # The channel comes back 1.5 s from now: the wait returns once all is ok again.
            started = time.monotonic()
            clear.start()
            result = cw.wait_until_ok("py-wait", timeout=60, poll=0.25)
            waited = time.monotonic() - started
            self.assertTrue(result["ok"])
            self.assertEqual(result["failing"], [])
            self.assertGreaterEqual(waited, 1.5)
        finally:
            clear.cancel()
            clear.join()
            try:
                stack().emulator.clear(fault)
            except Exception:
                pass  # already cleared by the timer

        kinds = [e["kind"] for e in cw.events(channel=victim)]
        self.assertIn("alert_raised", kinds)
        self.assertIn("alert_recovered", kinds)

    def test_waiting_for_a_set_that_cannot_become_ok(self) -> None:
        cw = client()
        cw.save_set("py-never-watched", stack().channels(1))
        with self.assertRaises(ChannelWatchTimeout) as caught:
            cw.wait_until_ok("py-never-watched", timeout=0)
        self.assertIn("not watched", str(caught.exception))
        self.assertFalse(caught.exception.last["watched"])
        # Not a timeout: an error the wait cannot outlast is raised at once.
        started = time.monotonic()
        self.assertApiError("SET_NOT_FOUND", 404, cw.wait_until_ok, "py-no-such-set", 30)
        self.assertLess(time.monotonic() - started, 5)


class Runs(ApiErrorAssertions):
    def test_run_with_a_gap_and_its_report(self) -> None:
        cw = client()
        channels = stack().channels(3)
        victim = channels[0]
        self.watched_ok_set("py-run", channels)

        run = cw.start_run("py-run", name="py scan 1")
        self.assertRegex(run["id"], r"^r\d+$")
        self.assertEqual((run["set"], run["name"], run["stopPulseId"], run["channels"]), ("py-run", "py scan 1", None, 3))
        self.assertIsInstance(run["startPulseId"], int)
        self.assertIn(run["id"], [r["id"] for r in cw.runs()])

        # An unfinished run's report cannot be complete.
        with self.assertRaises(ChannelWatchTimeout) as caught:
            cw.report(run["id"], wait=0)
        self.assertIn("not stopped", str(caught.exception))
        self.assertFalse(caught.exception.last["complete"])

        time.sleep(0.5)
        fault = stack().emulator.inject("channel_stop", victim)
        try:
            time.sleep(1.0)
        finally:
            stack().emulator.clear(fault)
        time.sleep(0.5)
        stopped = cw.stop_run(run["id"])
        self.assertGreater(stopped["stopPulseId"], run["startPulseId"])
        self.assertIsNotNone(stopped["stoppedAt"])

        report = cw.report(run["id"], wait=30)
        self.assertTrue(report["complete"])
        self.assertEqual((report["startPulseId"], report["stopPulseId"], report["accountedUpTo"]), (run["startPulseId"], stopped["stopPulseId"], stopped["stopPulseId"]))
        coverage = by_name(report["channels"])  # type: ignore[arg-type]
        self.assertEqual(set(coverage), set(channels))
        for name, c in coverage.items():
            with self.subTest(channel=name):
                self.assertEqual(c["expected"], report["stopPulseId"] - report["startPulseId"] + 1)  # modulo 1
                missing = sum(last - first + 1 for first, last in c["missing"])
                self.assertEqual(c["expected"] - c["received"], missing)
                for first, last in c["missing"]:
                    self.assertLessEqual(report["startPulseId"], first)
                    self.assertLessEqual(first, last)
                    self.assertLessEqual(last, report["stopPulseId"])
        gap = coverage[victim]
        self.assertLess(gap["coverage"], 100)
        self.assertGreaterEqual(max(last - first + 1 for first, last in gap["missing"]), 50)  # 1 s stopped = ~100 pulses

        rows = list(csv.DictReader(io.StringIO(cw.report_csv(run["id"]))))
        self.assertEqual({r["name"] for r in rows}, set(channels))
        self.assertEqual(int(by_name(rows)[victim]["received"]), gap["received"])  # type: ignore[arg-type]

        # A run in the past, with exact pulse ids (inclusive at both ends).
        first, last = stopped["stopPulseId"] - 50, stopped["stopPulseId"]
        past = cw.start_run("py-run", start_pulse_id=first)
        self.assertIsNone(past["name"])
        self.assertEqual(past["startPulseId"], first)
        self.assertEqual(cw.stop_run(past["id"], stop_pulse_id=last)["stopPulseId"], last)
        exact = cw.report(past["id"], wait=30)
        self.assertEqual([c["expected"] for c in exact["channels"]], [51, 51, 51])

        self.assertApiError("RUN_NOT_FOUND", 404, cw.report, "r999999")
        self.assertApiError("RUN_NOT_FOUND", 404, cw.stop_run, "r999999")
        self.assertApiError("VALIDATION_FAILED", 400, cw.report, "not-a-run")
        self.assertApiError("SET_NOT_FOUND", 404, cw.start_run, "py-no-such-set")
        # Stopping again answers the run as it was stopped (the server ignores the new stop).
        self.assertEqual(cw.stop_run(past["id"])["stopPulseId"], last)
        backwards = cw.start_run("py-run", start_pulse_id=first)
        with self.assertRaises(ChannelWatchError) as caught:
            cw.stop_run(backwards["id"], stop_pulse_id=first - 1)
        self.assertEqual(caught.exception.code, "RUN_INVALID")
        self.assertIn(caught.exception.status, (400, 409))
        cw.stop_run(backwards["id"], stop_pulse_id=first)


class Alerts(ApiErrorAssertions):
    def test_ack_shelve_unshelve_and_the_event_log(self) -> None:
        cw = client()
        channels = stack().channels(2)
        victim = channels[0]
        self.watched_ok_set("py-alerts", channels)
        began = datetime.now(timezone.utc) - timedelta(seconds=1)

        fault = stack().emulator.inject("channel_stop", victim)
        try:
            until(lambda: any(f["name"] == victim and f["status"] == "error" for f in cw.check("py-alerts")["failing"]), 10, "the victim in error")
            alert = until(lambda: by_name([{"name": a["channel"], **a} for a in cw.alerts()["alerts"]]).get(victim), 5, "an alert for the victim")
            self.assertEqual(alert["state"], "active")

            acked = cw.ack(victim)
            self.assertEqual(acked, {"channel": victim, "acknowledged": True, "by": "anonymous"})

            shelved = cw.shelve(victim, timedelta(minutes=30), "being serviced")
            self.assertEqual((shelved["channel"], shelved["shelved"], shelved["reason"], shelved["by"]), (victim, True, "being serviced", "anonymous"))
            expected = datetime.now(timezone.utc) + timedelta(minutes=30)
            self.assertLess(abs((parse_time(shelved["until"]) - expected).total_seconds()), 60)
            in_alerts = by_name([{"name": a["channel"], **a} for a in cw.alerts()["alerts"]])[victim]
            self.assertEqual(in_alerts["shelved"]["reason"], "being serviced")

            # A naive datetime is UTC; an ISO string is sent as is.
            naive = (datetime.now(timezone.utc) + timedelta(hours=1)).replace(tzinfo=None, microsecond=0)
            self.assertEqual(cw.shelve(victim, naive, "naive is UTC")["until"], naive.isoformat() + ".000Z")
            self.assertEqual(cw.shelve(victim, "2099-01-01T00:00:00+01:00", "iso")["until"], "2098-12-31T23:00:00.000Z")

            self.assertApiError("SHELVE_INVALID", 400, cw.shelve, victim, datetime(2020, 1, 1), "the past")
            self.assertApiError("VALIDATION_FAILED", 400, cw.shelve, victim, timedelta(hours=1), "")
            self.assertApiError("BAD_REQUEST", 400, cw.shelve, victim, "next tuesday", "unreadable")

            self.assertEqual(cw.unshelve(victim), {"channel": victim, "shelved": False, "changed": True})
            self.assertFalse(cw.unshelve(victim)["changed"])
        finally:
            stack().emulator.clear(fault)

        for call in (lambda: cw.ack("PY-NOT:WATCHED"), lambda: cw.shelve("PY-NOT:WATCHED", timedelta(hours=1), "r"), lambda: cw.unshelve("PY-NOT:WATCHED")):
            self.assertApiError("CHANNEL_NOT_WATCHED", 404, call)

        log = cw.events(channel=victim)
        kinds = [e["kind"] for e in log]
        for kind in ("alert_raised", "ack", "shelve", "unshelve"):
            self.assertIn(kind, kinds)
        self.assertTrue(all(e["channel"] == victim for e in log))
        ids = [e["id"] for e in log]
        self.assertEqual(ids, sorted(ids, reverse=True), "newest first")
        shelve_event = next(e for e in log if e["kind"] == "shelve")
        self.assertEqual((shelve_event.get("actor"), shelve_event["from"] in ("ok", "warning", "error", "unknown")), ("anonymous", True))
        parse_time(log[0]["time"])

        self.assertEqual(len(cw.events(set="py-alerts", limit=2)), 2)
        self.assertTrue({e["channel"] for e in cw.events(set="py-alerts")} <= set(channels))
        self.assertEqual(cw.events(channel=victim, since=datetime.now(timezone.utc) + timedelta(hours=1)), [])
        self.assertEqual(cw.events(channel=victim, until=datetime(2000, 1, 1)), [])
        # Events keep coming while the victim recovers: compare what the log already had.
        in_range = cw.events(channel=victim, since=began, until=began + timedelta(hours=1))
        self.assertTrue(set(ids) <= {e["id"] for e in in_range})
        self.assertTrue(all(began <= parse_time(e["time"]) <= began + timedelta(hours=1) for e in in_range))
        self.assertTrue(set(ids) <= {e["id"] for e in cw.events(channel=victim, since=began.isoformat())})
        self.assertEqual(cw.events(channel=victim, until=began), [])
        self.assertApiError("SET_NOT_FOUND", 404, cw.events, set="py-no-such-set")
        self.assertApiError("BAD_REQUEST", 400, cw.events, since="yesterday")


if __name__ == "__main__":
    unittest.main()
