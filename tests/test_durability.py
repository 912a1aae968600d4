"""Acknowledged writes survive kill -9; seeds are loaded exactly once; storage faults are clear."""
import os
import sqlite3
import subprocess
import time

from conftest import BIN, SEEDS, Daemon


def test_acknowledged_writes_survive_kill_9(workdir):
    d = Daemon(workdir).start()
    ids = []
    for i in range(20):
        ids.append(d.ctl_json("add", "--title", f"Meeting {i}", "--date", f"2021-05-{i + 1:02d}", "--status", "expected")["event"]["id"])
    d.ctl("cancel", ids[3])
    d.kill9()
    assert os.path.exists(workdir / "state" / "timeline.sqlite-wal")  # it really was killed mid-WAL

    d2 = Daemon(workdir).start()
    try:
        events = {e["id"]: e for e in d2.ctl_json("timeline")["events"]}
        assert set(ids) <= set(events)
        assert events[ids[3]]["status"] == "cancelled"
        assert len(events) == 7 + 20  # seeds were not loaded a second time
    finally:
        d2.stop()
    con = sqlite3.connect(workdir / "state" / "timeline.sqlite")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT count(*) FROM revision WHERE actor = 'seed'").fetchone()[0] == 7


def test_seeds_are_loaded_once_even_after_changes(workdir):
    d = Daemon(workdir).start()
    d.ctl("cancel", "kr-jp-fm-talks-proposed")
    d.stop()
    d = Daemon(workdir).start()
    try:
        shown = d.ctl_json("show", "kr-jp-fm-talks-proposed")
        assert shown["event"]["status"] == "cancelled"
        assert len(d.ctl_json("timeline")["events"]) == 7
    finally:
        d.stop()


def test_revisions_are_append_only(workdir):
    d = Daemon(workdir).start()
    d.stop()
    con = sqlite3.connect(workdir / "state" / "timeline.sqlite")
    for sql in ("UPDATE revision SET actor = 'x'", "DELETE FROM revision"):
        try:
            con.execute(sql)
            raise AssertionError("revision table accepted: " + sql)
        except sqlite3.DatabaseError as e:
            assert "append-only" in str(e)


def run_daemon_expecting_failure(workdir, *extra):
    r = subprocess.run([str(BIN / "diplomatd"), "--socket", str(workdir / "d.sock"), "--state-dir", str(workdir / "state"),
                        "--seeds", str(SEEDS), *extra], capture_output=True, text=True, timeout=20)
    return r


def test_corrupt_database_is_refused_and_left_untouched(workdir):
    (workdir / "state").mkdir()
    db = workdir / "state" / "timeline.sqlite"
    junk = b"this is not a database, and must survive" * 200
    db.write_bytes(junk)
    r = run_daemon_expecting_failure(workdir)
    assert r.returncode != 0
    assert "not a diplomatd database or is corrupt" in r.stderr and str(db) in r.stderr
    assert db.read_bytes() == junk


def test_database_from_a_newer_version_is_refused(workdir):
    d = Daemon(workdir).start()
    d.stop()
    db = workdir / "state" / "timeline.sqlite"
    con = sqlite3.connect(db)
    con.execute("INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
    con.commit()
    con.close()
    r = run_daemon_expecting_failure(workdir)
    assert r.returncode != 0 and "newer diplomatd" in r.stderr and "v99-from-the-future" in r.stderr


def test_unwritable_state_directory_and_bad_configuration(workdir):
    if os.getuid() == 0:
        target = "/proc/diplomatd-state"  # not creatable even by root
    else:
        os.chmod(workdir, 0o500)
        target = str(workdir / "state")
    r = subprocess.run([str(BIN / "diplomatd"), "--socket", str(workdir / "x.sock"), "--state-dir", target, "--seeds", str(SEEDS)],
                       capture_output=True, text=True, timeout=20)
    assert r.returncode != 0 and "cannot create the state directory" in r.stderr and target in r.stderr
    conf = workdir / "bad.conf"
    conf.write_text("socket = /tmp/x\nflavour = vanilla\n")
    r = run_daemon_expecting_failure(workdir, "--config", str(conf))
    assert r.returncode != 0 and "line 2" in r.stderr and "unknown key 'flavour'" in r.stderr
    r = run_daemon_expecting_failure(workdir, "--config", str(workdir / "missing.conf"))
    assert r.returncode != 0 and "missing.conf" in r.stderr
    r = run_daemon_expecting_failure(workdir, "--now", "yesterday")
    assert r.returncode != 0 and "--now" in r.stderr


def test_a_second_daemon_does_not_steal_a_live_socket(daemon, workdir):
    r = subprocess.run([str(BIN / "diplomatd"), "--socket", daemon.socket, "--state-dir", str(workdir / "other"), "--seeds", str(SEEDS)],
                       capture_output=True, text=True, timeout=20)
    assert r.returncode != 0 and "already serving" in r.stderr
    assert daemon.ctl_json("status")["events"] == 7


def test_a_stale_socket_file_is_replaced(workdir):
    d = Daemon(workdir).start()
    d.kill9()
    assert os.path.exists(d.socket)
    d = Daemon(workdir).start()
    assert d.ctl_json("status")["events"] == 7
    d.stop()


def test_example_configuration_is_accepted(workdir):
    from conftest import ROOT
    conf = workdir / "d.conf"
    conf.write_text((ROOT / "deploy" / "diplomatd.conf").read_text() + f"\nsocket = {workdir}/c.sock\nlog-level = debug\n")
    d = Daemon(workdir, extra=["--config", str(conf)])
    d.socket = str(workdir / "c.sock")
    # --socket on the command line wins over the file; use the file's by starting without it.
    import subprocess as sp
    from conftest import BIN, SEEDS
    proc = sp.Popen([str(BIN / "diplomatd"), "--config", str(conf), "--state-dir", str(workdir / "state"), "--seeds", str(SEEDS)],
                    stdout=sp.PIPE, stderr=sp.STDOUT)
    d.proc = proc
    d.logfile = open(workdir / "unused.log", "ab")
    d.log = workdir / "unused.log"
    d.wait_ready()
    assert d.ctl_json("status")["socket"] == str(workdir / "c.sock")
    assert d.stop() == 0


def tmpfs(path, size):
    """Mounts a small tmpfs (root only): a real file system that can fill up or turn read-only."""
    path.mkdir(parents=True, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True)
    if r.returncode != 0:
        import pytest
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")


def test_a_full_state_directory_refuses_writes_clearly_and_loses_nothing(workdir):
    import pytest
    if os.getuid() != 0:
        pytest.skip("needs root to mount a small file system")
    fs = workdir / "small"
    tmpfs(fs, "4m")
    try:
        d = Daemon(workdir)
        d.state = fs / "state"
        d.start()
        try:
            before = d.ctl_json("add", "--title", "Before the disk filled", "--date", "2021-05-01", "--status", "expected")["event"]["id"]
            # Fill the file system to the last block.
            with open(fs / "filler", "wb") as f:
                try:
                    while True:
                        f.write(b"\0" * 65536)
                        f.flush()
                except OSError:
                    pass
            failures = []
            for i in range(30):  # enough rows to need new pages
                r = d.ctl("add", "--title", f"Meeting {i} " + "x" * 400, "--participant", "Person " + "y" * 80, "--location", "Place " + "z" * 80, "--date", "2021-05-02", "--status", "expected", check=False)
                if r.returncode != 0:
                    failures.append(r.stderr)
            assert failures, "no write failed on a full file system"
            assert all("full" in f.lower() or "space" in f.lower() for f in failures), failures[:2]
            # Reads go on, and the daemon is still up.
            assert before in {e["id"] for e in d.ctl_json("timeline")["events"]}
            os.unlink(fs / "filler")
            after = d.ctl_json("add", "--title", "After space was freed", "--date", "2021-05-03", "--status", "expected")["event"]["id"]
        finally:
            d.stop()
        con = sqlite3.connect(fs / "state" / "timeline.sqlite")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = {i for (i,) in con.execute("SELECT id FROM event")}
        assert before in ids and after in ids
        con.close()
    finally:
        subprocess.run(["umount", "-l", str(fs)])


def test_a_read_only_state_directory_serves_reads_and_refuses_writes_clearly(workdir):
    import pytest
    if os.getuid() != 0:
        pytest.skip("needs root to mount a file system read-only")
    fs = workdir / "ro"
    tmpfs(fs, "8m")
    try:
        d = Daemon(workdir)
        d.state = fs / "state"
        d.start()
        kept = d.ctl_json("add", "--title", "Written before the remount", "--date", "2021-05-01", "--status", "expected")["event"]["id"]
        d.stop()
        subprocess.run(["mount", "-o", "remount,ro", str(fs)], check=True)
        d.start()
        try:
            assert kept in {e["id"] for e in d.ctl_json("timeline")["events"]}
            r = d.ctl("add", "--title", "Refused", "--date", "2021-05-02", "--status", "expected", check=False)
            assert r.returncode != 0 and "read-only" in r.stderr, r.stderr
            assert d.ctl_json("status")["events"] == 8
        finally:
            d.stop()
        assert "serving the timeline read-only" in d.log.read_text()
        # Reminders falling due cannot be recorded: the daemon says so without spinning.
        size = d.log.stat().st_size
        d.now = "2021-04-20T00:00:00+09:00"
        d.start()
        try:
            time.sleep(3)
            assert d.proc.poll() is None
            assert d.ctl_json("status")["events"] == 8
        finally:
            d.stop()
        grown = d.log.read_text()[size:]
        assert grown.count("\n") < 200, f"{grown.count(chr(10))} log lines in 3 s on a read-only disk"
    finally:
        subprocess.run(["umount", "-l", str(fs)])
