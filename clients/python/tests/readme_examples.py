"""The examples of README.md ("Use from Python"), exactly as the README shows them.

``test_readme`` checks that the README's ```python blocks are these, in this order, and
runs them one after the other (sharing their variables) against a real server and the
emulator, the one change being the server URL: ``http://127.0.0.1:8080`` becomes the test
server's. Edit an example here and in the README together.
"""

from typing import List, Tuple

README_URL = "http://127.0.0.1:8080"

EXAMPLES: List[Tuple[str, str]] = [
    (
        "define and watch a set",
        '''from channelwatch_client import Client

client = Client("http://127.0.0.1:8080")  # token="…" when the server protects writes
client.save_set(
    "alvra-pp",
    [
        "SARES12-PBPS567:INTENSITY",
        "SARES12-PBPS567:XPOS",
        {"name": "SARES12-PBPS567:YPOS", "thresholds": {"alertOnWarning": True}},
    ],
    description="Alvra pump-probe diagnostics",
)
client.watch("alvra-pp")
''',
    ),
    (
        "start the acquisition only when everything is recorded",
        '''import time
from channelwatch_client import ChannelWatchTimeout

try:
    client.wait_until_ok("alvra-pp", timeout=60)
except ChannelWatchTimeout as err:
    for channel in err.failing:
        print("not ready:", channel["name"], channel["status"], [r["code"] for r in channel["reasons"]])
    raise SystemExit(1)

run = client.start_run("alvra-pp", name="scan 42")
time.sleep(2)  # ... the acquisition ...
client.stop_run(run["id"])

report = client.report(run["id"], wait=30)  # until accounted up to the stop pulse
for channel in report["channels"]:
    print(f'{channel["name"]}: {channel["coverage"]} % of {channel["expected"]} pulses, missing {channel["missing"]}')
''',
    ),
    (
        "check once",
        '''check = client.check("alvra-pp")
print("all ok" if check["ok"] else [(c["name"], c["status"]) for c in check["failing"]])
''',
    ),
    (
        "edit a set without losing someone else's edit",
        '''from channelwatch_client import VersionConflictError

current = client.get_set("alvra-pp")
channels = current["channels"] + [{"name": "SARES12-PBPS567:INTENSITY-UJ"}]
try:
    client.save_set("alvra-pp", channels, version=current["version"])
except VersionConflictError:
    print("alvra-pp was saved meanwhile: read it again and redo the edit")
''',
    ),
    (
        "PSI's text format",
        '''client.import_set("alvra-spectra", """
# one channel per line, as PSI's tools write them
SARES12-PBPS567:PP_VAL_PD0
SARES12-PBPS567:PP_VAL_PD1
""")
print(client.export_set("alvra-spectra", "txt"))
''',
    ),
    (
        "alerts and the log",
        '''from datetime import datetime, timedelta, timezone

client.ack("SARES12-PBPS567:XPOS")  # "acknowledged": False when there was nothing to acknowledge
client.shelve("SARES12-PBPS567:XPOS", timedelta(hours=2), "motor being serviced")
an_hour_ago = datetime.now(timezone.utc) - timedelta(hours=1)
for event in client.events(set="alvra-pp", since=an_hour_ago, limit=20):
    print(event["time"], event["channel"], event["kind"], event["from"], "->", event["to"])
client.unshelve("SARES12-PBPS567:XPOS")
''',
    ),
    (
        "errors",
        '''from channelwatch_client import ChannelWatchConnectionError, ChannelWatchError

try:
    client.get_set("no-such-set")
except ChannelWatchError as err:
    print(err.status, err.code, err.message)  # 404 SET_NOT_FOUND no set named no-such-set

try:
    Client("http://127.0.0.1:9", timeout=2).check("alvra-pp")
except ChannelWatchConnectionError as err:
    print(err.code, err.message)  # CONNECTION_FAILED cannot reach ChannelWatch at …: connection refused
''',
    ),
]
