"""Times to and from the API (no server needed)."""

import unittest
from datetime import datetime, timedelta, timezone

from channelwatch_client import format_time, parse_time
from channelwatch_client.times import until_time


class FormatTime(unittest.TestCase):
    def test_naive_datetime_is_utc(self) -> None:
        self.assertEqual(format_time(datetime(2026, 1, 2, 3, 4, 5, 678900)), "2026-01-02T03:04:05.678Z")

    def test_aware_datetime_is_converted_to_utc(self) -> None:
        zurich = timezone(timedelta(hours=2))
        self.assertEqual(format_time(datetime(2018, 6, 8, 14, 4, 52, 272143, tzinfo=zurich)), "2018-06-08T12:04:52.272Z")

    def test_string_is_sent_as_is(self) -> None:
        self.assertEqual(format_time("2026-01-02T03:04:05+01:00"), "2026-01-02T03:04:05+01:00")

    def test_numbers_and_dates_are_refused(self) -> None:
        for bad in (1700000000, 1.5, True, datetime(2026, 1, 2).date(), None):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                format_time(bad)  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            format_time("  ")

    def test_until_accepts_a_timedelta_from_now(self) -> None:
        before = datetime.now(timezone.utc)
        until = parse_time(until_time(timedelta(hours=2)))
        self.assertGreaterEqual(until, before + timedelta(hours=2) - timedelta(milliseconds=1))
        self.assertLess(until, before + timedelta(hours=2, seconds=5))
        with self.assertRaises(TypeError):
            until_time(7200)  # type: ignore[arg-type]


class ParseTime(unittest.TestCase):
    def test_z_and_offsets(self) -> None:
        self.assertEqual(parse_time("2026-11-21T18:49:00.807Z"), datetime(2026, 11, 21, 18, 49, 0, 807000, tzinfo=timezone.utc))
        self.assertEqual(parse_time("2026-11-21T20:49:00+02:00"), datetime(2026, 11, 21, 18, 49, tzinfo=timezone.utc))
        self.assertEqual(parse_time("2026-11-21T18:49:00").tzinfo, timezone.utc)

    def test_round_trip(self) -> None:
        moment = datetime(2026, 3, 4, 5, 6, 7, 891000, tzinfo=timezone.utc)
        self.assertEqual(parse_time(format_time(moment)), moment)


if __name__ == "__main__":
    unittest.main()
