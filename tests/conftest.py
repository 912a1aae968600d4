"""Integration tests: the real diplomatd binary on a real Unix socket and SQLite file,
driven by the real diplomatctl and by the Python varlink package."""
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("DIPLOMATD_BIN", ROOT / ".build" / "debug"))
SEEDS = ROOT / "seeds"
REPLAY_NOW = "2021-04-01T18:00:00+09:00"


class Daemon:
    """One diplomatd process with its own state directory and socket."""

    def __init__(self, workdir: Path, now: str | None = REPLAY_NOW, extra=()):
        self.workdir = workdir
        self.socket = str(workdir / "d.sock")
        self.state = workdir / "state"
        self.log = workdir / "diplomatd.log"
        self.now = now
        self.extra = list(extra)
        self.proc = None

    def start(self, wait=True):
        args = [str(BIN / "diplomatd"), "--socket", self.socket, "--state-dir", str(self.state), "--seeds", str(SEEDS)]
        if self.now:
            args += ["--now", self.now]
        args += self.extra
        self.logfile = open(self.log, "ab")
        self.proc = subprocess.Popen(args, stdout=self.logfile, stderr=subprocess.STDOUT)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"diplomatd exited with {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect(self.socket)
                    return
            except OSError:
                time.sleep(0.02)
        raise AssertionError("diplomatd did not start listening:\n" + self.log.read_text())

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("diplomatd did not stop within %ss of %s" % (timeout, sig))
        self.logfile.close()
        return self.proc.returncode

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self.logfile.close()

    def ctl(self, *args, check=True, env=None, input=None):
        e = dict(os.environ, DIPLOMATD_SOCKET=self.socket)
        e.pop("NO_COLOR", None)
        if env:
            e.update(env)
        r = subprocess.run([str(BIN / "diplomatctl"), *args], capture_output=True, text=True, env=e, input=input, timeout=30)
        if check and r.returncode != 0:
            raise AssertionError(f"diplomatctl {' '.join(args)} exited {r.returncode}: {r.stderr}")
        return r

    def ctl_json(self, *args):
        return json.loads(self.ctl("--json", *args).stdout)


@pytest.fixture
def workdir():
    with tempfile.TemporaryDirectory(prefix="diplomatd-test-") as d:
        yield Path(d)


@pytest.fixture
def daemon(workdir):
    d = Daemon(workdir).start()
    yield d
    rc = d.stop()
    assert rc == 0, "diplomatd should exit 0 on SIGTERM:\n" + d.log.read_text()


@pytest.fixture
def live_daemon(workdir):
    d = Daemon(workdir, now=None).start()
    yield d
    d.stop()


def raw_call(sock_path, message: bytes, timeout=5.0):
    """Sends raw bytes and returns the first NUL-terminated reply (or None if closed)."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(timeout)
        s.connect(sock_path)
        s.sendall(message)
        buf = b""
        while b"\0" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                return None
            buf += chunk
        return json.loads(buf.split(b"\0", 1)[0])
