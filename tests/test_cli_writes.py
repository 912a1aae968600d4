"""Changing the timeline with diplomatctl, and what users see when things go wrong."""
import json
import os
import subprocess
import time

from conftest import BIN, Daemon


def test_add_set_status_and_cancel_record_revisions(daemon):
    added = daemon.ctl_json("add", "--title", "Chung–Motegi talks in London", "--date", "2021-05-05", "--status", "scheduled",
                            "--kind", "talks", "--participant", "Chung Eui-yong:Foreign Minister:KR",
                            "--participant", "Toshimitsu Motegi:Foreign Minister:JP", "--location", "London:GB",
                            "--time-zone", "Europe/London")
    e = added["event"]
    assert e["id"].startswith("ev-") and e["status"] == "scheduled"
    assert e["when"]["earliest"] == "2021-05-05T00:00:00+01:00" and e["when"]["timeZone"] == "Europe/London"
    assert set(e["countries"]) == {"KR", "JP", "GB"}
    assert added["revision"]["actor"] == f"uid:{os.getuid()}"

    upcoming = [x["id"] for x in daemon.ctl_json("upcoming")["events"]]
    assert e["id"] in upcoming

    r = daemon.ctl("set-status", e["id"], "occurred", "--reason", "confirmed by Yonhap")
    assert "is now occurred" in r.stdout
    daemon.ctl("cancel", "kr-us-jp-fm-trilateral-2021-04", "--reason", "did not take place in April")
    shown = daemon.ctl_json("show", "kr-us-jp-fm-trilateral-2021-04")
    assert shown["event"]["status"] == "cancelled"
    last = shown["revisions"][-1]
    assert last["action"] == "setStatus" and {"field": "status", "from": "possible", "to": "cancelled"} in last["changes"]
    assert any(c["field"] == "reason" and c["to"] == "did not take place in April" for c in last["changes"])
    assert "kr-us-jp-fm-trilateral-2021-04" not in [x["id"] for x in daemon.ctl_json("upcoming")["events"]]


def test_add_from_json_and_duplicate_id(daemon):
    event = {"id": "g7-fm-london-2021-05", "title": "G7 foreign ministers' meeting", "kind": "summit", "status": "scheduled",
             "when": {"value": "2021-05-03", "timeZone": "Europe/London"}, "countries": ["GB"]}
    daemon.ctl("add", "--from-json", "-", input=json.dumps(event))
    r = daemon.ctl("add", "--from-json", "-", input=json.dumps(event), check=False)
    assert r.returncode == 1 and "already exists" in r.stderr


def test_bad_requests_get_clear_errors_and_change_nothing(daemon):
    before = daemon.ctl_json("timeline")
    cases = [
        (["show", "no-such-event"], 1, "no event with id 'no-such-event'"),
        (["set-status", "no-such-event", "occurred"], 1, "no event with id"),
        (["set-status", "kr-jp-fm-talks-proposed", "maybe"], 64, "is not one of"),
        (["add", "--title", "x", "--date", "2021-13-01"], 64, "not a TIMEX value"),
        (["add", "--title", "x", "--date", "2021-02-29"], 64, "not a date that exists"),
        (["add", "--title", "x", "--country", "Korea"], 1, "countries[0]"),
        (["upcoming", "--within", "soon"], 64, "not a duration"),
        (["timeline", "--from", "yesterday"], 64, "not a date"),
    ]
    for args, code, message in cases:
        r = daemon.ctl(*args, check=False)
        assert r.returncode == code, (args, r.returncode, r.stderr)
        assert message in r.stderr, (args, r.stderr)
    assert daemon.ctl_json("timeline") == before


def test_no_daemon_gives_one_clear_line_and_exit_69(workdir):
    path = str(workdir / "absent.sock")
    r = subprocess.run([str(BIN / "diplomatctl"), "--socket", path, "upcoming"], capture_output=True, text=True)
    assert r.returncode == 69
    assert r.stderr.count("\n") == 1 and path in r.stderr and "not running" in r.stderr
    r = subprocess.run([str(BIN / "diplomatctl"), "status"], capture_output=True, text=True, env=dict(os.environ, DIPLOMATD_SOCKET=path))
    assert r.returncode == 69 and path in r.stderr


def test_help_for_every_command():
    for cmd in ["upcoming", "timeline", "show", "status", "add", "set-status", "cancel", "watch"]:
        r = subprocess.run([str(BIN / "diplomatctl"), cmd, "--help"], capture_output=True, text=True)
        assert r.returncode == 0 and "USAGE" in r.stdout.upper() and len(r.stdout) > 200, cmd
    r = subprocess.run([str(BIN / "diplomatd"), "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "--now" in r.stdout and "--state-dir" in r.stdout


def test_colour_only_on_a_terminal_and_never_with_no_color(daemon):
    import pty
    def run_in_pty(env):
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(str(BIN / "diplomatctl"), ["diplomatctl", "upcoming"], env)
        out = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        os.waitpid(pid, 0)
        return out.decode()
    env = {"DIPLOMATD_SOCKET": daemon.socket, "TERM": "xterm", "PATH": os.environ["PATH"]}
    assert "\x1b[" in run_in_pty(env)
    assert "\x1b[" not in run_in_pty(dict(env, NO_COLOR="1"))


def test_watch_streams_changes_as_json_lines(daemon):
    env = dict(os.environ, DIPLOMATD_SOCKET=daemon.socket)
    w = subprocess.Popen([str(BIN / "diplomatctl"), "--json", "watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    first = json.loads(w.stdout.readline())
    assert first["type"] == "watching"
    daemon.ctl("cancel", "kr-jp-fm-talks-proposed")
    change = json.loads(w.stdout.readline())
    assert change["type"] == "changed" and change["event"]["id"] == "kr-jp-fm-talks-proposed"
    assert change["event"]["status"] == "cancelled" and change["revision"]["action"] == "setStatus"
    assert daemon.ctl_json("status")["watchers"] == 1
    # When the daemon stops, the watcher gets a last message and exits 0.
    assert daemon.stop() == 0
    last = json.loads(w.stdout.readline())
    assert last["type"] == "shutdown"
    assert w.wait(10) == 0


def test_status_reports_the_contract_fields(daemon):
    s = daemon.ctl_json("status")
    for k in ("version", "uptimeSeconds", "events", "pendingReminders", "nextReminder", "clock", "database", "socket"):
        assert k in s, k
    assert s["events"] == 7 and s["clock"]["mode"] == "replay" and s["clock"]["speed"] == 1
    assert s["socket"] == daemon.socket and s["database"].endswith("timeline.sqlite")
    human = daemon.ctl("status").stdout
    assert "7 (from 1 documents)" in human and "replay" in human


def test_a_watcher_that_goes_away_is_forgotten(daemon):
    import socket as so
    s = so.socket(so.AF_UNIX)
    s.connect(daemon.socket)
    s.sendall(b'{"method":"org.diplomatd.Timeline.Watch","more":true}\0')
    buf = b""
    while b"\0" not in buf:
        buf += s.recv(4096)
    assert json.loads(buf.split(b"\0")[0])["parameters"]["type"] == "watching"
    assert daemon.ctl_json("status")["watchers"] == 1
    s.close()
    deadline = time.monotonic() + 5
    while daemon.ctl_json("status")["watchers"] != 0:
        assert time.monotonic() < deadline, "the closed watcher was not removed"
        time.sleep(0.05)
    daemon.ctl("cancel", "kr-jp-fm-talks-proposed")  # publishing to nobody is fine
    assert daemon.proc.poll() is None


def test_upcoming_as_of_another_instant(daemon):
    ids = [e["id"] for e in daemon.ctl_json("upcoming", "--at", "2021-05-01T00:00:00+09:00")["events"]]
    assert ids == ["kr-jp-fm-talks-proposed"]
    human = daemon.ctl("upcoming", "--at", "2021-05-01T00:00:00+09:00").stdout
    assert "undated" in human
