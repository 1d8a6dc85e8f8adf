"""README.md's Python examples are the tested ones (``readme_examples``), and they work."""

import contextlib
import difflib
import io
import re
import unittest
from pathlib import Path
from typing import Any, Dict, List, Optional

from channelwatch_client import Client

from .readme_examples import EXAMPLES, README_URL
from .server_fixture import Stack, shared_stack

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks(markdown: str) -> List[str]:
    """The contents of the README's ```python fenced blocks, in order."""
    return [m.group(1) for m in re.finditer(r"^```python\n(.*?)^```$", markdown, flags=re.S | re.M)]


class ReadmeShowsTheTestedExamples(unittest.TestCase):
    def test_blocks_equal_the_examples(self) -> None:
        blocks = python_blocks(README.read_text(encoding="utf-8"))
        expected = [code for _, code in EXAMPLES]
        if blocks != expected:
            diff = "\n".join(difflib.unified_diff("\n\n".join(expected).splitlines(), "\n\n".join(blocks).splitlines(), "tests/readme_examples.py", "README.md", lineterm=""))
            self.fail(f"README.md's ```python blocks differ from tests/readme_examples.py:\n{diff}")

    def test_each_example_uses_the_readme_url_only(self) -> None:
        self.assertIn(README_URL, EXAMPLES[0][1])
        for title, code in EXAMPLES:
            with self.subTest(example=title):
                compile(code, title, "exec")
                self.assertNotRegex(code.replace(README_URL, ""), r"http://127\.0\.0\.1:(?!9\b)\d+")


class ReadmeExamplesRun(unittest.TestCase):
    """The examples in order, sharing their variables, against the test server."""

    stack: Optional[Stack] = None

    @classmethod
    def setUpClass(cls) -> None:
        cls.stack = shared_stack()

    def run_examples(self) -> Dict[str, str]:
        assert self.stack is not None
        namespace: Dict[str, Any] = {"__name__": "readme"}
        printed: Dict[str, str] = {}
        for title, code in EXAMPLES:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code.replace(README_URL, self.stack.url), f"README: {title}", "exec"), namespace)
            printed[title] = out.getvalue()
        self.namespace = namespace
        return printed

    def test_the_examples(self) -> None:
        assert self.stack is not None
        printed = self.run_examples()
        client = Client(self.stack.url)

        alvra = client.get_set("alvra-pp")
        self.assertTrue(alvra["watched"])
        self.assertEqual(alvra["description"], "Alvra pump-probe diagnostics")
        self.assertEqual(
            [c["name"] for c in alvra["channels"]],
            ["SARES12-PBPS567:INTENSITY", "SARES12-PBPS567:XPOS", "SARES12-PBPS567:YPOS", "SARES12-PBPS567:INTENSITY-UJ"],
        )
        self.assertEqual(alvra["version"], 2)
        self.assertEqual(alvra["channels"][2].get("thresholds"), {"alertOnWarning": True})

        acquisition = printed["start the acquisition only when everything is recorded"]
        self.assertNotIn("not ready", acquisition)
        self.assertEqual(len(acquisition.splitlines()), 3, acquisition)
        self.assertRegex(acquisition, r"SARES12-PBPS567:INTENSITY: [\d.]+ % of \d+ pulses, missing \[")
        report = self.namespace["report"]
        self.assertTrue(report["complete"])
        self.assertGreater(report["channels"][0]["expected"], 100)  # 2 s at 100 Hz

        self.assertEqual(printed["check once"], "all ok\n")
        self.assertEqual(printed["edit a set without losing someone else's edit"], "")
        self.assertEqual(
            printed["PSI's text format"],
            "# ChannelWatch set alvra-spectra (version 1)\nSARES12-PBPS567:PP_VAL_PD0\nSARES12-PBPS567:PP_VAL_PD1\n\n",
        )
        log = printed["alerts and the log"]
        self.assertRegex(log, r"\S+Z SARES12-PBPS567:XPOS shelve \w+ -> \w+")
        self.assertFalse(any("shelved" in a for a in client.alerts()["alerts"] if a["channel"] == "SARES12-PBPS567:XPOS"), "unshelved again")

        errors = printed["errors"].splitlines()
        self.assertEqual(errors[0], "404 SET_NOT_FOUND no set named no-such-set")
        self.assertEqual(errors[1], "CONNECTION_FAILED cannot reach ChannelWatch at http://127.0.0.1:9: connection refused")

        # And the conflict the edit example guards against: its version is stale now.
        from channelwatch_client import VersionConflictError

        stale = self.namespace["current"]
        with self.assertRaises(VersionConflictError):
            client.save_set("alvra-pp", stale["channels"], version=stale["version"])


if __name__ == "__main__":
    unittest.main()
