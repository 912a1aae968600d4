"""kill -9 at random moments, many times, while clients write and reminders fire on a fast
replay clock: every acknowledged write survives, no reminder fires twice or is lost, and the
database stays sound. `CRASH_CYCLES` sets the number of kills (make soak runs more)."""
import json
import os
import random
import re
import socket
import sqlite3
import threading
import time

from conftest import Daemon

CYCLES = int(os.environ.get("CRASH_CYCLES", "50"))


def writer(path, n, stop, acked, rng):
    """Adds events and changes statuses over its own connection; records what was acknowledged."""
    i = 0
    while not stop.is_set():
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(5)
                s.connect(path)
                buf = b""
                while not stop.is_set():
                    i += 1
                    eid = f"w{n}-{i}"
                    if i % 4 == 0 and acked:
                        target = rng.choice(list(acked))
                        status = rng.choice(["scheduled", "expected", "cancelled", "possible"])
                        msg = {"method": "org.diplomatd.Timeline.SetStatus", "parameters": {"id": target, "status": status}}
                    else:
                        day = 1 + i % 28
                        msg = {"method": "org.diplomatd.Timeline.Add", "parameters": {"event": {
                            "id": eid, "title": f"Writer {n} meeting {i}", "status": "scheduled", "kind": "meeting",
                            "when": {"value": f"2021-06-{day:02d}T{9 + i % 8:02d}:00", "timeZone": "Asia/Seoul"}}}}
                    s.sendall(json.dumps(msg).encode() + b"\0")
                    while b"\0" not in buf:
                        chunk = s.recv(65536)
                        if not chunk:
                            raise ConnectionError
                        buf += chunk
                    frame, buf = buf.split(b"\0", 1)
                    time.sleep(0.005)
                    reply = json.loads(frame)
                    if "error" not in reply and msg["method"].endswith("Add"):
                        acked[reply["parameters"]["event"]["id"]] = "scheduled"
                    elif "error" not in reply:
                        acked[msg["parameters"]["id"]] = msg["parameters"]["status"]
        except (OSError, ConnectionError, ValueError):
            time.sleep(0.02)


def test_kill_9_loop_with_writers_and_reminders(workdir):
    rng = random.Random(6)
    # Reminders due through June 2021; the replay clock runs a day every ~4 s, so some fall due
    # in every cycle.
    start = "2021-05-25T00:00:00+09:00"
    d = Daemon(workdir, now=start, extra=["--speed", "20000"]).start()
    stop = threading.Event()
    acked = {}
    threads = [threading.Thread(target=writer, args=(d.socket, n, stop, acked, random.Random(n)), daemon=True) for n in range(3)]
    for t in threads:
        t.start()
    clock = time.mktime(time.strptime("2021-05-25", "%Y-%m-%d"))
    try:
        for cycle in range(CYCLES):
            time.sleep(rng.uniform(0.1, 0.8))
            d.kill9()
            # Restart where the replay clock had got to, as a real clock would have moved on.
            clock += 20000 * 1.5
            d.now = time.strftime("%Y-%m-%dT%H:%M:%S+09:00", time.localtime(clock))
            d.start()
    finally:
        stop.set()
        for t in threads:
            t.join(10)
    snapshot = dict(acked)
    d.stop()
    assert len(snapshot) > 100, "the writers got too little done to mean anything"

    d = Daemon(workdir, now="2021-07-15T00:00:00+09:00", extra=["--speed", "0.000001"]).start()
    try:
        events = {e["id"]: e for e in d.ctl_json("timeline", "--limit", "100000")["events"]}
    finally:
        d.stop()
    missing = [i for i in snapshot if i not in events]
    assert not missing, f"{len(missing)} acknowledged writes lost, e.g. {missing[:5]}"
    # A status change is acknowledged only after it is stored; a later unacknowledged change
    # of the same event may have landed too, so only adds are compared exactly.
    con = sqlite3.connect(workdir / "state" / "timeline.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    states = dict(con.execute("SELECT state, count(*) FROM reminder GROUP BY state").fetchall())
    assert states.get("firing", 0) == 0, states
    lines = [l for l in d.log.read_text().splitlines() if "notice reminder: " in l]
    first = [re.search(r"diplomat_reminder_id=(\d+)", l).group(1) for l in lines if "diplomat_redelivered=false" in l]
    again = [re.search(r"diplomat_reminder_id=(\d+)", l).group(1) for l in lines if "diplomat_redelivered=true" in l]
    fired = {str(i) for (i,) in con.execute("SELECT id FROM reminder WHERE state = 'fired'")}
    assert fired, "no reminder fired during the loop"
    assert len(first) == len(set(first)), "a reminder fired twice"
    assert set(first) | set(again) == fired, "a fired reminder was never announced"
    assert len(again) == len(set(again)), "a firing was re-announced more than once"
