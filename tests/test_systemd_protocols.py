"""The systemd protocols without a service manager: a NOTIFY_SOCKET listener, socket
activation through systemd-socket-activate, and SIGHUP reloads."""
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from conftest import BIN, SEEDS, raw_call


class NotifyListener:
    """A datagram socket like systemd's notify socket, collecting what the daemon sends."""

    def __init__(self, path):
        self.path = str(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.settimeout(0.2)
        self.messages = []  # (monotonic time, {key: value})
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.is_set():
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            fields = dict(line.split("=", 1) for line in data.decode().split("\n") if "=" in line)
            self.messages.append((time.monotonic(), fields))

    def wait_for(self, key, value=None, after=0, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for i, (t, m) in enumerate(self.messages[after:], start=after):
                if key in m and (value is None or m[key] == value):
                    return i, t, m
            time.sleep(0.01)
        raise AssertionError(f"no {key}={value} after message {after}; got {self.messages}")

    def close(self):
        self.stop.set()
        self.thread.join()
        self.sock.close()


def start(workdir, *extra, env=None, seeds=SEEDS):
    e = dict(os.environ, **(env or {}))
    return subprocess.Popen([str(BIN / "diplomatd"), "--socket", str(workdir / "d.sock"), "--state-dir", str(workdir / "state"),
                             "--seeds", str(seeds), "--now", "2021-04-01T18:00:00+09:00", *extra],
                            env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def test_ready_only_once_the_socket_accepts_then_status_watchdog_reload_and_stopping(workdir):
    listener = NotifyListener(workdir / "notify.sock")
    proc = start(workdir, env={"NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "400000"})
    try:
        i, t_ready, ready = listener.wait_for("READY", "1")
        # The socket accepts by the time READY=1 is sent: a call made right now is answered.
        assert raw_call(str(workdir / "d.sock"), b'{"method":"org.diplomatd.Timeline.Status"}\0')["parameters"]["events"] == 7
        assert ready["STATUS"].startswith("Tracking 7 events, 3 upcoming; next: ")
        # Watchdog pings at about half of WATCHDOG_USEC.
        pings = []
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            pings = [t for t, m in listener.messages if m.get("WATCHDOG") == "1"]
            if len(pings) >= 4:
                break
            time.sleep(0.05)
        assert len(pings) >= 4, listener.messages
        gaps = [b - a for a, b in zip(pings[1:], pings[2:])]
        assert all(0.1 < g < 0.39 for g in gaps), gaps
        # A change updates STATUS=.
        subprocess.run([str(BIN / "diplomatctl"), "--socket", str(workdir / "d.sock"), "cancel", "kr-us-jp-fm-trilateral-2021-04"], check=True, capture_output=True)
        deadline = time.monotonic() + 5
        while not any("2 upcoming" in m.get("STATUS", "") for _, m in listener.messages[i + 1:]):
            assert time.monotonic() < deadline, listener.messages
            time.sleep(0.02)
        # SIGHUP: RELOADING=1 with MONOTONIC_USEC, then READY=1 again.
        n = len(listener.messages)
        proc.send_signal(signal.SIGHUP)
        j, _, reloading = listener.wait_for("RELOADING", "1", after=n)
        assert int(reloading["MONOTONIC_USEC"]) > 0
        listener.wait_for("READY", "1", after=j + 1)
        # SIGTERM: STOPPING=1, then a clean exit.
        n = len(listener.messages)
        proc.send_signal(signal.SIGTERM)
        listener.wait_for("STOPPING", "1", after=n)
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        listener.close()


def test_a_hung_daemon_stops_pinging_the_watchdog(workdir):
    listener = NotifyListener(workdir / "notify.sock")
    proc = start(workdir, env={"NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "200000"})
    try:
        listener.wait_for("READY", "1")
        os.kill(proc.pid, signal.SIGSTOP)
        time.sleep(0.2)
        n = len(listener.messages)
        time.sleep(0.6)
        assert not any(m.get("WATCHDOG") for _, m in listener.messages[n:])
        os.kill(proc.pid, signal.SIGCONT)
        listener.wait_for("WATCHDOG", "1", after=n, timeout=2)
    finally:
        proc.kill()
        proc.wait()
        listener.close()


def test_reload_applies_a_valid_configuration_refuses_an_invalid_one_and_picks_up_new_documents(workdir):
    seeds = workdir / "seeds"
    shutil.copytree(SEEDS, seeds)
    conf = workdir / "d.conf"
    conf.write_text("max-message-size = 1048576\n")
    listener = NotifyListener(workdir / "notify.sock")
    proc = start(workdir, "--config", str(conf), env={"NOTIFY_SOCKET": listener.path}, seeds=seeds)
    sock = str(workdir / "d.sock")
    try:
        listener.wait_for("READY", "1")
        # A connection open across the reload keeps working.
        keep = socket.socket(socket.AF_UNIX)
        keep.connect(sock)
        big = b'{"method":"org.diplomatd.Timeline.Status","parameters":{"pad":"' + b"x" * 4000 + b'"}}\0'
        assert "error" not in raw_call(sock, big)

        conf.write_text("max-message-size = 2048\n")
        n = len(listener.messages)
        proc.send_signal(signal.SIGHUP)
        listener.wait_for("READY", "1", after=listener.wait_for("RELOADING", "1", after=n)[0] + 1)
        assert raw_call(sock, big)["error"] == "org.varlink.service.InvalidParameter"  # the new limit is in force

        conf.write_text("max-message-size = lots\n")
        n = len(listener.messages)
        proc.send_signal(signal.SIGHUP)
        listener.wait_for("READY", "1", after=listener.wait_for("RELOADING", "1", after=n)[0] + 1)
        assert raw_call(sock, big)["error"] == "org.varlink.service.InvalidParameter"  # 2048 still in force

        # A new document in the seeds directory is picked up on reload, once.
        (seeds / "001_london.txt").write_text("The foreign ministers of South Korea, Japan and the U.S. met in London on Wednesday.")
        (seeds / "001_london.meta.json").write_text(json.dumps({"published": "2021-05-05", "source": "Test", "timeZone": "Europe/London"}))
        (seeds / "001_london.events.json").write_text(json.dumps({"events": [{
            "id": "kr-us-jp-fm-trilateral-london-2021-05-05", "title": "Chung–Blinken–Motegi trilateral in London", "kind": "meeting",
            "status": "occurred", "when": {"value": "2021-05-05", "timeZone": "Europe/London", "text": "on Wednesday"},
            "countries": ["KR", "JP", "US"], "location": {"name": "London", "country": "GB"},
            "sources": [{"document": "001_london", "quote": "The foreign ministers of South Korea, Japan and the U.S. met in London on Wednesday.", "start": 0, "end": 84}]}]}))
        for _ in range(2):
            n = len(listener.messages)
            proc.send_signal(signal.SIGHUP)
            listener.wait_for("READY", "1", after=listener.wait_for("RELOADING", "1", after=n)[0] + 1)
        keep.sendall(b'{"method":"org.diplomatd.Timeline.Status"}\0')
        buf = b""
        while b"\0" not in buf:
            buf += keep.recv(4096)
        status = json.loads(buf[:-1])["parameters"]
        assert status["events"] == 8 and status["documents"] == 2
        keep.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        out = proc.communicate(timeout=10)[0]
        listener.close()
    assert proc.returncode == 0
    assert "configuration refused, the previous one stays in force" in out and "max-message-size must be" in out
    assert out.count("ingested document 001_london") == 1


def test_socket_activation_serves_the_first_client(workdir):
    if not shutil.which("systemd-socket-activate"):
        pytest.skip("systemd-socket-activate is not installed")
    sock = str(workdir / "activated.sock")
    proc = subprocess.Popen(["systemd-socket-activate", "-l", sock, "--fdname=varlink", str(BIN / "diplomatd"),
                             "--state-dir", str(workdir / "state"), "--seeds", str(SEEDS)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 10
        while not os.path.exists(sock):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        # The daemon starts on this first connection (systemd-socket-activate execs it then).
        r = subprocess.run([str(BIN / "diplomatctl"), "--socket", sock, "--json", "status"], capture_output=True, text=True, timeout=30)
        assert r.returncode == 0, r.stderr
        status = json.loads(r.stdout)
        assert status["events"] == 7 and status["socket"] == sock
    finally:
        proc.send_signal(signal.SIGTERM)
        out = proc.communicate(timeout=10)[0]
    assert "listening" in out and sock in out, out


def test_sigterm_is_not_held_up_by_a_long_watchdog_interval(workdir):
    listener = NotifyListener(workdir / "notify.sock")
    proc = start(workdir, env={"NOTIFY_SOCKET": listener.path, "WATCHDOG_USEC": "60000000"})
    try:
        listener.wait_for("READY", "1")
        proc.send_signal(signal.SIGTERM)
        # The watchdog sleeps 30 s between pings; the stop must not wait for it.
        assert proc.wait(10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        listener.close()
