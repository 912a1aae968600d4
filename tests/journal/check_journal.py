"""Runs inside a private journal (see private-journal.sh): starts diplomatd logging to the
journal, changes the timeline, and checks the entries with journalctl."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN, SEEDS, CATALOG = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
ADDED, CHANGED, STARTED, INGESTED = "c34a30cb078d471db122060ddb38c4b6", "4dd44cbfaa714d04a4e092e98cbaace7", "f0bba23ca9f140a1b5f4f72343290642", "ae847cca4a4d409899cf5f49e56c0eea"


def journal(*match):
    subprocess.run(["journalctl", "--sync"], check=True)
    out = subprocess.run(["journalctl", "-o", "json", "--no-pager", *match], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


with tempfile.TemporaryDirectory() as d:
    sock = os.path.join(d, "d.sock")
    proc = subprocess.Popen([str(BIN / "diplomatd"), "--socket", sock, "--state-dir", os.path.join(d, "state"), "--seeds", str(SEEDS),
                             "--log-target", "journal", "--now", "2021-04-01T18:00:00+09:00"], stderr=subprocess.PIPE, text=True)
    for _ in range(1000):
        if os.path.exists(sock):
            break
        time.sleep(0.01)
    ctl = lambda *a: subprocess.run([str(BIN / "diplomatctl"), "--socket", sock, *a], check=True, capture_output=True, text=True).stdout
    ctl("status")
    new = json.loads(ctl("--json", "add", "--title", "Journal test meeting", "--date", "2021-04-20", "--status", "expected"))["event"]["id"]
    ctl("cancel", new, "--reason", "journal test")
    proc.terminate()
    stderr = proc.communicate(timeout=10)[1]
    assert proc.returncode == 0, stderr
    assert "added event" not in stderr, "with --log-target journal nothing should go to stderr"

    entries = journal(f"DIPLOMAT_EVENT_ID={new}")
    assert [e["MESSAGE_ID"] for e in entries] == [ADDED, CHANGED], entries
    added, changed = entries
    assert added["PRIORITY"] == "5" and added["SYSLOG_IDENTIFIER"] == "diplomatd" and added["DIPLOMAT_STATUS"] == "expected"
    assert added["DIPLOMAT_ACTOR"] == f"uid:{os.getuid()}" and added["DIPLOMAT_WHEN"] == "2021-04-20"
    assert changed["DIPLOMAT_STATUS"] == "cancelled" and changed["DIPLOMAT_REASON"] == "journal test"
    assert "CODE_FILE" in added and "CODE_LINE" in added
    started = journal(f"MESSAGE_ID={STARTED}")
    assert len(started) == 1 and started[0]["DIPLOMAT_SOCKET"] == sock and started[0]["DIPLOMAT_CLOCK"] == "replay"
    assert journal(f"MESSAGE_ID={INGESTED}")[0]["DIPLOMAT_DOCUMENT"] == "000_a003daa45f487b93"
    for e in journal("SYSLOG_IDENTIFIER=diplomatd"):
        assert all(k == k.upper() for k in e), e  # every field name normalised

    # The catalog explains the entries in journalctl -x.
    shutil.copy(CATALOG, "/usr/local/lib/systemd/catalog/diplomatd.catalog")  # a tmpfs in this namespace
    subprocess.run(["journalctl", "--update-catalog"], check=True)
    explained = subprocess.run(["journalctl", "-x", "--no-pager", f"DIPLOMAT_EVENT_ID={new}"], check=True, capture_output=True, text=True).stdout
    assert "An event was added to the diplomatic timeline" in explained and f"diplomatctl show {new}" in explained, explained
    # Reminders: a fast replay fires the trilateral's window reminders.
    sock2 = os.path.join(d, "r.sock")
    proc = subprocess.Popen([str(BIN / "diplomatd"), "--socket", sock2, "--state-dir", os.path.join(d, "state2"), "--seeds", str(SEEDS),
                             "--log-target", "journal", "--now", "2021-04-01T18:00:00+09:00", "--speed", "2000000"], stderr=subprocess.PIPE, text=True)
    FIRED, LAPSED = "0c427f6255b5444aa1538c0ed14ef8a6", "c9ff42f253d14835bd6c202216032194"
    for _ in range(300):
        if len(journal(f"MESSAGE_ID={FIRED}")) >= 4:
            break
        time.sleep(0.05)
    proc.terminate()
    proc.communicate(timeout=10)
    opens = journal("DIPLOMAT_REMINDER_KIND=windowOpens", "DIPLOMAT_EVENT_ID=kr-us-jp-fm-trilateral-2021-04")
    assert len(opens) == 1, opens
    o = opens[0]
    assert o["MESSAGE_ID"] == FIRED and o["PRIORITY"] == "5" and o["DIPLOMAT_DUE"] == "2021-04-16T00:00:00+09:00" and o["DIPLOMAT_LATE"] == "false"
    assert o["DIPLOMAT_REMINDER_ID"].isdigit()
    lapsed = journal(f"MESSAGE_ID={LAPSED}")
    assert {e["DIPLOMAT_EVENT_ID"] for e in lapsed} == {"kr-us-jp-fm-trilateral-2021-04", "kr-jp-fm-bilateral-margins-2021-04"}
print("journal checks passed")
