"""Reminders through the real daemon on a replay clock: delivery to watchers, the CLI,
exactly-once firing across kill -9, slow watchers."""
import json
import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time

from conftest import BIN, Daemon

FAST = ["--speed", "864000"]  # ten days per real second


def read_watch(proc, until, timeout=30):
    """JSON lines from `diplomatctl --json watch` until `until(messages)` holds."""
    out = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        out.append(json.loads(line))
        if until(out):
            return out
    raise AssertionError(f"watch did not see what was expected; got {out}")


def test_the_trilateral_window_opens_and_closes_then_lapses_in_a_replay(workdir):
    d = Daemon(workdir, extra=FAST).start()
    try:
        env = dict(os.environ, DIPLOMATD_SOCKET=d.socket)
        w = subprocess.Popen([str(BIN / "diplomatctl"), "--json", "watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        msgs = read_watch(w, lambda m: sum(x["type"] == "reminder" for x in m) >= 4)
        w.terminate()
        rem = [m for m in msgs if m["type"] == "reminder"]
        kinds = [(m["event"]["id"], m["reminder"]["kind"]) for m in rem]
        assert sorted(kinds[:2]) == [("kr-jp-fm-bilateral-margins-2021-04", "windowOpens"), ("kr-us-jp-fm-trilateral-2021-04", "windowOpens")]
        assert sorted(kinds[2:]) == [("kr-jp-fm-bilateral-margins-2021-04", "windowCloses"), ("kr-us-jp-fm-trilateral-2021-04", "windowCloses")]
        opens, closes = rem[0], rem[-1]
        assert opens["reminder"]["due"] == "2021-04-16T00:00:00+09:00" and opens["event"]["effectiveStatus"] == "possible"
        assert closes["reminder"]["due"] == "2021-05-01T00:00:00+09:00" and closes["event"]["effectiveStatus"] == "lapsed"
        assert all(m["reminder"]["late"] is False for m in rem)
        for m in rem:
            assert set(m["reminder"]) >= {"id", "kind", "due", "firedAt", "late"}
        status = d.ctl_json("status")
        assert status["pendingReminders"] == 0 and status["nextReminder"] is None
        listed = d.ctl_json("reminders")
        assert listed["pending"] == 0 and len(listed["recent"]) == 4
        assert "window closes" in d.ctl("reminders").stdout
    finally:
        d.stop()
    log = d.log.read_text()
    assert log.count("reminder: window opens") == 2 and "now lapsed" in log


def test_add_remind_ack_and_snooze_through_the_cli(daemon):
    added = daemon.ctl_json("add", "--title", "Chung–Motegi talks", "--date", "2021-04-10", "--status", "scheduled", "--remind", "P2D,PT3H",
                            "--time-zone", "Asia/Seoul")["event"]
    assert added["remind"] == ["P2D", "PT3H"]
    status = daemon.ctl_json("status")
    assert status["pendingReminders"] == 7  # 2 lead times + the lapse, and the two seed windows' opens and closes
    nxt = status["nextReminder"]
    assert nxt["event"] == added["id"] and nxt["kind"] == "before" and nxt["offset"] == "P2D" and nxt["due"] == "2021-04-08T00:00:00+09:00"
    daemon.ctl("remind", added["id"], "P1D")
    pend = daemon.ctl_json("reminders")["next"]
    mine = [p["reminder"] for p in pend if p["reminder"]["event"] == added["id"]]
    assert [(r["kind"], r.get("offset")) for r in mine] == [("before", "P1D"), ("lapsed", None)]
    r = daemon.ctl_json("ack", mine[0]["id"])
    assert r["reminder"]["acknowledged"] is True and r["reminder"]["state"] == "acknowledged"
    bad = daemon.ctl("ack", "999999", check=False)
    assert bad.returncode == 1 and "no reminder with id '999999'" in bad.stderr
    bad = daemon.ctl("remind", added["id"], "soon", check=False)
    assert bad.returncode == 64
    daemon.ctl("cancel", added["id"])
    assert all(p["reminder"]["event"] != added["id"] for p in daemon.ctl_json("reminders")["next"])  # withdrawn


def test_watch_exec_runs_a_command_per_reminder(workdir):
    d = Daemon(workdir, extra=FAST).start()
    out = workdir / "exec.log"
    try:
        env = dict(os.environ, DIPLOMATD_SOCKET=d.socket)
        w = subprocess.Popen([str(BIN / "diplomatctl"), "watch", "--exec", f'echo "$DIPLOMAT_REMINDER_KIND $DIPLOMAT_EVENT_ID $DIPLOMAT_DUE $DIPLOMAT_LATE" >> {out}'],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 4):
            time.sleep(0.1)
        w.terminate()
        lines = out.read_text().splitlines()
        assert "windowOpens kr-us-jp-fm-trilateral-2021-04 2021-04-16T00:00:00+09:00 false" in lines
        assert "windowCloses kr-us-jp-fm-trilateral-2021-04 2021-05-01T00:00:00+09:00 false" in lines
    finally:
        d.stop()


def add_many(d, n, start_day=3):
    """n scheduled events spread over April 2021, 4 reminders each (3 lead times + lapse)."""
    for i in range(n):
        day = start_day + i * 25 // n
        ev = {"id": f"m{i}", "title": f"Meeting {i}", "status": "scheduled", "kind": "meeting",
              "when": {"value": f"2021-04-{day:02d}T{9 + i % 8:02d}:{i % 60:02d}", "timeZone": "Asia/Seoul"}}
        d.ctl("add", "--from-json", "-", input=json.dumps(ev))


def test_every_reminder_fires_exactly_once_across_kill_9(workdir):
    # Build the timeline on a stopped clock far before April, then replay it fast with kills.
    d = Daemon(workdir, now="2021-03-20T00:00:00+09:00", extra=["--speed", "0.000001"]).start()
    add_many(d, 60)
    d.stop()
    db = workdir / "state" / "timeline.sqlite"
    total = sqlite3.connect(db).execute("SELECT count(*) FROM reminder WHERE state = 'pending'").fetchone()[0]
    assert total == 60 * 4 + 4
    seen = []
    starts = ["2021-03-27T00:00:00+09:00", "2021-04-06T00:00:00+09:00", "2021-04-15T12:00:00+09:00", "2021-04-24T00:00:00+09:00"]
    for i, start in enumerate(starts):
        d = Daemon(workdir, now=start, extra=["--speed", "200000"]).start()
        env = dict(os.environ, DIPLOMATD_SOCKET=d.socket)
        w = subprocess.Popen([str(BIN / "diplomatctl"), "--json", "watch"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        reader = threading.Thread(target=lambda: seen.extend(json.loads(l) for l in w.stdout), daemon=True)
        reader.start()
        time.sleep(1.5)
        d.kill9()  # in the middle of the replay
        w.wait(10)
        reader.join(10)
    d = Daemon(workdir, now="2021-05-02T00:00:00+09:00", extra=["--speed", "1"]).start()
    d.stop()
    con = sqlite3.connect(db)
    states = dict(con.execute("SELECT state, count(*) FROM reminder GROUP BY state").fetchall())
    assert states.get("pending", 0) == 0, states
    assert states.get("fired", 0) + states.get("missed", 0) == total
    fired_db = {str(i) for (i,) in con.execute("SELECT id FROM reminder WHERE state = 'fired'")}
    # Every run's log (all runs append to one file): each fired reminder announced exactly once.
    import re
    lines = [l for l in d.log.read_text().splitlines() if "notice reminder: " in l]
    first = [re.search(r"diplomat_reminder_id=(\d+)", l).group(1) for l in lines if "diplomat_redelivered=false" in l]
    again = [re.search(r"diplomat_reminder_id=(\d+)", l).group(1) for l in lines if "diplomat_redelivered=true" in l]
    assert len(first) == len(set(first)), "a reminder fired twice"
    # None lost: a firing a kill left unannounced is announced at the next start, flagged.
    assert set(first) | set(again) == fired_db
    assert len(again) == len(set(again)), "a firing was re-announced more than once"
    watched = [m["reminder"]["id"] for m in seen if m["type"] == "reminder"]
    assert len(watched) == len(set(watched)) and set(watched) <= fired_db
    late = {i for (i,) in con.execute("SELECT id FROM reminder WHERE state = 'fired' AND late = 1")}
    assert late, "reminders that fell due while the daemon was down fire late"
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_stuck_watcher_does_not_delay_others(workdir):
    d = Daemon(workdir, now="2021-03-20T00:00:00+09:00", extra=["--speed", "0.000001"]).start()
    add_many(d, 150)
    d.stop()
    d = Daemon(workdir, now="2021-03-25T00:00:00+09:00", extra=["--speed", "2000000"]).start()
    try:
        stuck = socket.socket(socket.AF_UNIX)
        stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stuck.connect(d.socket)
        stuck.sendall(b'{"method":"org.diplomatd.Timeline.Watch","more":true}\0')  # and never reads
        env = dict(os.environ, DIPLOMATD_SOCKET=d.socket)
        w = subprocess.Popen([str(BIN / "diplomatctl"), "--json", "watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        msgs = read_watch(w, lambda m: sum(x["type"] == "reminder" for x in m) >= 150 * 4 + 4, timeout=60)
        w.terminate()
        rem = [m for m in msgs if m["type"] == "reminder"]
        assert len({m["reminder"]["id"] for m in rem}) == 604
        assert not any(m["type"] == "missed" for m in msgs)  # the good watcher lost nothing
        # The stuck watcher, once it reads, is told it missed some.
        stuck.setblocking(True)
        stuck.settimeout(5)
        buf = b""
        try:
            while b'"missed"' not in buf:
                chunk = stuck.recv(1 << 16)
                if not chunk:
                    break
                buf += chunk
        except socket.timeout:
            pass
        assert b'"type":"missed"' in buf
        stuck.close()
    finally:
        d.stop()


def test_a_thousand_idle_watchers_cost_little_memory(daemon):
    def rss():
        for line in open(f"/proc/{daemon.proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    before = rss()
    socks = []
    try:
        for _ in range(1000):
            s = socket.socket(socket.AF_UNIX)
            s.connect(daemon.socket)
            s.sendall(b'{"method":"org.diplomatd.Timeline.Watch","more":true}\0')
            socks.append(s)
        deadline = time.monotonic() + 30
        while daemon.ctl_json("status")["watchers"] < 1000:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        grown = rss() - before
        # A bound, not a benchmark (make bench reports the figure): well under 100 KB each.
        assert grown < 100 * 1024, f"1000 watchers took {grown} KB"
        daemon.ctl("cancel", "kr-jp-fm-talks-proposed")  # one change fans out to all of them
        s = socks[-1]
        s.settimeout(10)
        buf = b""
        while buf.count(b"\0") < 2:
            buf += s.recv(65536)
        assert b'"changed"' in buf
    finally:
        for s in socks:
            s.close()
