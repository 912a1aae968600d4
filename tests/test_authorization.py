"""Reading is open to whoever can connect; changing the timeline needs root, the daemon's
user or the admin group (SO_PEERCRED)."""
import json
import os
import subprocess

import pytest

from conftest import BIN, Daemon

pytestmark = pytest.mark.skipif(os.getuid() != 0, reason="needs root to run clients as other users")


def as_user(daemon, uid, gid, *args):
    def drop():
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    return subprocess.run([str(BIN / "diplomatctl"), "--socket", daemon.socket, *args], capture_output=True, text=True,
                          preexec_fn=drop, timeout=30)


def test_socket_mode_and_who_may_write(workdir):
    conf = workdir / "d.conf"
    conf.write_text("admin-group = nogroup\n")  # gid 65534 on Debian
    os.chmod(workdir, 0o755)
    d = Daemon(workdir, extra=["--config", str(conf)]).start()
    try:
        assert oct(os.stat(d.socket).st_mode & 0o777) == "0o660"
        # A user outside the socket's group cannot even connect.
        r = as_user(d, 54321, 54321, "upcoming")
        assert r.returncode == 69 and "permission denied" in r.stderr
        os.chmod(d.socket, 0o666)  # as if the user were in the socket's group
        # Reading is open…
        r = as_user(d, 54321, 54321, "--json", "upcoming")
        assert r.returncode == 0 and len(json.loads(r.stdout)["events"]) == 3
        # …changing is not, and nothing changes.
        r = as_user(d, 54321, 54321, "cancel", "kr-jp-fm-talks-proposed")
        assert r.returncode == 1 and "permission denied" in r.stderr
        r = as_user(d, 54321, 54321, "add", "--title", "Sneaky", "--date", "2021-04-20")
        assert r.returncode == 1 and "permission denied" in r.stderr
        assert d.ctl_json("show", "kr-jp-fm-talks-proposed")["event"]["status"] == "proposed"
        assert d.ctl_json("status")["events"] == 7
        # A member of the admin group may change it; the revision records who.
        r = as_user(d, 54321, 65534, "--json", "cancel", "kr-jp-fm-talks-proposed")
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["revision"]["actor"] == "uid:54321"
    finally:
        d.stop()
    assert "refused a change to the timeline" in d.log.read_text()
