"""Hostile and broken clients never crash the daemon or disturb a well-behaved client."""
import json
import os
import random
import socket
import subprocess
import threading
import time

import pytest
from conftest import BIN, Daemon, raw_call

LIMIT = 1 << 20


def good_client(path, stop, results):
    """Keeps calling Get and Status on one connection and checks every answer."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(10)
        s.connect(path)
        buf = b""
        while not stop.is_set():
            for msg, check in (
                ({"method": "org.diplomatd.Timeline.Get", "parameters": {"id": "kr-us-jp-fm-trilateral-2021-04"}},
                 lambda r: r["parameters"]["event"]["when"]["earliest"] == "2021-04-16T00:00:00+09:00"),
                ({"method": "org.diplomatd.Timeline.Status"}, lambda r: r["parameters"]["events"] == 7),
            ):
                s.sendall(json.dumps(msg).encode() + b"\0")
                while b"\0" not in buf:
                    chunk = s.recv(65536)
                    assert chunk, "daemon closed the good client's connection"
                    buf += chunk
                frame, buf = buf.split(b"\0", 1)
                results["ok" if check(json.loads(frame)) else "bad"] += 1


def malformed_messages(rng):
    """At least a thousand broken messages of many kinds."""
    fixed = [b"", b"{", b"}", b"[]", b"null", b"42", b'"str"', b"{\"method\":", b'{"method": 5}', b'{"method": ""}',
             b'{"method": "x"}', b'{"method": "org.diplomatd.Timeline.Get", "parameters": []}',
             b'{"method": "org.diplomatd.Timeline.Get", "parameters": {"id": 7}}',
             b'{"method": "org.diplomatd.Timeline.Add", "parameters": {"event": {"title": "", "status": "expected"}}}',
             b'{"method": "org.diplomatd.Timeline.Upcoming", "parameters": {"limit": -1}}',
             b'{"method": "org.diplomatd.Timeline.Timeline", "parameters": {"from": "2021-99-99"}}',
             b"\xff\xfe\xfd", "{\"method\": \"\u00e9\u4e2d\ud83d\ude00\"}".encode("utf-8", "surrogatepass"),
             b'{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":42}}',
             b"[" * 5000 + b"]" * 5000, b'{"a":' * 3000 + b"1" + b"}" * 3000]
    out = list(fixed)
    while len(out) < 1100:
        kind = rng.randrange(4)
        if kind == 0:
            out.append(bytes(rng.randrange(1, 256) for _ in range(rng.randrange(1, 200))))
        elif kind == 1:
            good = json.dumps({"method": "org.diplomatd.Timeline.Get", "parameters": {"id": "kr-jp-fm-talks-proposed"}}).encode()
            out.append(good[: rng.randrange(1, len(good))])  # truncated
        elif kind == 2:
            out.append(json.dumps({"method": "org.diplomatd.Timeline." + rng.choice(["Get", "Add", "SetStatus", "Upcoming", "Nope"]),
                                   "parameters": {rng.choice(["id", "event", "status", "within", "x"]): rng.choice([None, 1, "x", [], {}, True])}}).encode())
        else:
            b = bytearray(json.dumps({"method": "org.diplomatd.Timeline.Status"}).encode())
            b[rng.randrange(len(b))] = rng.randrange(256)
            out.append(bytes(b))
    return [m.replace(b"\0", b" ") for m in out]


def test_a_thousand_bad_messages_while_a_good_client_is_served(daemon):
    rng = random.Random(20210401)
    stop = threading.Event()
    results = {"ok": 0, "bad": 0}
    good = threading.Thread(target=good_client, args=(daemon.socket, stop, results))
    good.start()
    sent = 0
    try:
        # Many broken messages on a few connections: each gets an error reply or a closed connection.
        for batch in range(11):
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(10)
                s.connect(daemon.socket)
                msgs = malformed_messages(rng)[batch * 100:(batch + 1) * 100]
                s.sendall(b"".join(m + b"\0" for m in msgs))
                sent += len(msgs)
                s.shutdown(socket.SHUT_WR)
                while s.recv(65536):
                    pass
        # Truncated messages followed by a hang-up, one connection each.
        for m in malformed_messages(rng)[:200]:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(daemon.socket)
                s.sendall(m)
            sent += 1
        # Oversized messages: refused with an error naming the limit, then the connection is closed.
        for _ in range(5):
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(10)
                s.connect(daemon.socket)
                try:
                    s.sendall(b'{"method":"org.diplomatd.Timeline.Status","parameters":{"pad":"' + b"x" * (LIMIT + 10) + b'"}}\0')
                except (BrokenPipeError, ConnectionResetError):
                    pass
                data = b""
                try:
                    while True:
                        chunk = s.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                except ConnectionResetError:
                    pass
                if data:
                    reply = json.loads(data.split(b"\0")[0])
                    assert reply["error"] == "org.varlink.service.InvalidParameter" and "limit" in reply["parameters"]["reason"]
            sent += 1
        time.sleep(0.2)
    finally:
        stop.set()
        good.join(30)
    assert sent >= 1000
    assert results["bad"] == 0 and results["ok"] > 10, results
    assert daemon.proc.poll() is None, "diplomatd died"
    assert daemon.ctl_json("status")["events"] == 7  # nothing was added by the garbage


def test_errors_for_non_objects_and_malformed_json(daemon):
    for msg, param in ((b"[1,2]", "message"), (b"not json", "message"), (b'{"parameters":{}}', "method"),
                       (b'{"method":"org.diplomatd.Timeline.Get","parameters":"x"}', "parameters")):
        r = raw_call(daemon.socket, msg + b"\0")
        assert r["error"] == "org.varlink.service.InvalidParameter" and r["parameters"]["parameter"] == param, (msg, r)


def test_message_size_limit_is_configurable(workdir):
    d = Daemon(workdir, extra=["--max-message-size", "2048"]).start()
    try:
        r = raw_call(d.socket, b'{"method":"org.diplomatd.Timeline.Status","parameters":{"pad":"' + b"x" * 4000 + b'"}}\0')
        assert r["error"] == "org.varlink.service.InvalidParameter" and "2048" in r["parameters"]["reason"]
        assert raw_call(d.socket, b'{"method":"org.diplomatd.Timeline.Status"}\0')["parameters"]["events"] == 7
    finally:
        d.stop()


def test_a_thousand_concurrent_connections(daemon):
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    socks = []
    try:
        for _ in range(1000):
            s = socket.socket(socket.AF_UNIX)
            s.connect(daemon.socket)
            socks.append(s)
        for s in socks:
            s.sendall(b'{"method":"org.diplomatd.Timeline.Status"}\0')
        for s in socks:
            s.settimeout(10)
            buf = b""
            while b"\0" not in buf:
                buf += s.recv(4096)
            assert json.loads(buf[:-1])["parameters"]["events"] == 7
    finally:
        for s in socks:
            s.close()


def closed_within(s, seconds):
    """Whether the daemon closes this connection within `seconds` (replies are drained)."""
    s.settimeout(0.2)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if s.recv(1 << 20) == b"":
                return True
        except socket.timeout:
            pass
        except ConnectionResetError:
            return True
    return False


def test_idle_half_sent_and_unread_connections_are_closed_but_watchers_stay(workdir):
    d = Daemon(workdir, extra=["--idle-timeout", "1"]).start()
    socks = []
    try:
        def connect():
            s = socket.socket(socket.AF_UNIX)
            s.connect(d.socket)
            socks.append(s)
            return s
        silent = connect()
        half = connect()
        half.sendall(b'{"method":"org.diplomatd.Timeline.Sta')
        watcher = connect()
        watcher.sendall(b'{"method":"org.diplomatd.Timeline.Watch","more":true}\0')
        # Never reads: asks for the whole timeline again and again until the socket buffer is full.
        deaf = connect()
        deaf.setblocking(False)
        request = b'{"method":"org.diplomatd.Timeline.Timeline"}\0'
        sent = 0
        try:
            for _ in range(200_000):
                deaf.send(request)
                sent += 1
        except BlockingIOError:
            pass
        assert sent > 10
        # Disconnects in the middle of a call.
        rude = connect()
        rude.sendall(b'{"method":"org.diplomatd.Timeline.Timeline"}\0')
        rude.close()
        assert closed_within(silent, 5), "a silent connection stayed open past the idle timeout"
        assert closed_within(half, 5), "a half-sent message kept its connection open"
        assert closed_within(deaf, 10), "a client that never reads kept its connection"
        # The watcher is waiting on a call, not idle; it still hears about a change.
        time.sleep(1.5)
        d.ctl("cancel", "kr-jp-fm-talks-proposed")
        watcher.settimeout(10)
        buf = b""
        while buf.count(b"\0") < 2:
            chunk = watcher.recv(65536)
            assert chunk, "the watcher was closed as idle"
            buf += chunk
        assert b'"changed"' in buf
        assert raw_call(d.socket, b'{"method":"org.diplomatd.Timeline.Status"}\0')["parameters"]["events"] == 7
    finally:
        for s in socks:
            s.close()
        d.stop()


def test_a_connection_that_keeps_calling_is_not_idle_and_is_closed_once_it_stops(workdir):
    # The idle timer is not re-armed on every call: when it fires early it waits out the rest.
    d = Daemon(workdir, extra=["--idle-timeout", "1"]).start()
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(d.socket)
        s.settimeout(5)
        start = time.monotonic()
        while time.monotonic() - start < 3.5:
            s.sendall(b'{"method":"org.diplomatd.Timeline.Status"}\0')
            buf = b""
            while b"\0" not in buf:
                chunk = s.recv(65536)
                assert chunk, f"a connection calling every 0.4 s was closed after {time.monotonic() - start:.1f} s"
                buf += chunk
            assert json.loads(buf[:-1])["parameters"]["events"] == 7
            time.sleep(0.4)
        quiet = time.monotonic()
        assert closed_within(s, 5), "the connection stayed open after it went quiet"
        assert time.monotonic() - quiet < 3, "closed too late after going quiet"
    finally:
        s.close()
        d.stop()


def test_clients_that_never_read_and_clients_that_hang_up_mid_call_do_not_stop_the_daemon(workdir):
    # Found by make bench: with 50 clients whose replies pile up unread and two threads
    # connecting, calling and hanging up at once, the daemon used to deadlock (its two worker
    # threads waiting for a database reader held by reads that needed a worker to finish) and
    # then accepted no connection at all.
    d = Daemon(workdir, extra=["--log-level", "info"]).start()
    deaf, stop, hung_up = [], threading.Event(), [0]

    def hang_up():
        while not stop.is_set():
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect(d.socket)
                    s.sendall(b'{"method":"org.diplomatd.Timeline.Timeline","parameters":{"limit":1000}}\0')
                hung_up[0] += 1
            except OSError:
                pass

    threads = [threading.Thread(target=hang_up, daemon=True) for _ in range(2)]
    try:
        for _ in range(50):
            s = socket.socket(socket.AF_UNIX)
            s.connect(d.socket)
            s.setblocking(False)
            try:
                while True:
                    s.send(b'{"method":"org.diplomatd.Timeline.Timeline"}\0')
            except BlockingIOError:
                pass
            deaf.append(s)
        for t in threads:
            t.start()
        time.sleep(3)
        # A well-behaved client still gets in and is answered while the abuse goes on.
        answered, deadline = None, time.monotonic() + 30
        while answered is None and time.monotonic() < deadline:
            try:
                answered = raw_call(d.socket, b'{"method":"org.diplomatd.Timeline.Upcoming","parameters":{"limit":5}}\0', timeout=2)
            except (BlockingIOError, socket.timeout, ConnectionError):
                time.sleep(0.1)
        assert answered is not None and "events" in answered["parameters"], "the daemon stopped answering"
        assert hung_up[0] > 100
    finally:
        stop.set()
        for t in threads:
            t.join(10)
        for s in deaf:
            s.close()
        rc = d.stop()
    log = d.log.read_text()
    assert rc == 0, "diplomatd did not stop cleanly:\n" + log[max(0, log.find("*** ") - 2000):][:6000]
    # A client hanging up is not a database failure.
    assert "failed in the database" not in log


def test_idle_timeout_is_checked():
    r = subprocess.run([str(BIN / "diplomatd"), "--idle-timeout", "0"], capture_output=True, text=True)
    assert r.returncode != 0 and "--idle-timeout" in r.stderr and "between 1 second and 1 day" in r.stderr


def test_fuzz_found_durations_are_refused_not_fatal(daemon):
    """fuzz/regressions/dates/duration-overflow, over the socket and on the command line."""
    huge = "P" + "5" * 60 + "D"
    r = raw_call(daemon.socket, json.dumps({"method": "org.diplomatd.Timeline.Upcoming", "parameters": {"within": huge}}).encode() + b"\0")
    assert r["error"] == "org.varlink.service.InvalidParameter", r
    r = daemon.ctl("upcoming", "--within", huge, check=False)
    assert r.returncode != 0 and "is not a duration" in r.stderr
    assert raw_call(daemon.socket, b'{"method":"org.diplomatd.Timeline.Status"}\0')["parameters"]["events"] == 7


def test_a_flood_of_oversized_messages_stays_within_a_memory_bound(daemon):
    """Twenty clients keep sending messages over the 1 MiB limit, each on a new connection,
    while a good client goes on: every oversized sender is refused and cut off, the good
    client's answers stay correct, and the daemon's memory stays bounded (it never buffers
    more than the limit per connection)."""
    def rss():
        for line in open(f"/proc/{daemon.proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    before = rss()
    stop = threading.Event()
    refused = []
    peak = [before]

    def flooder(stop, refused):
        chunk = b"x" * (256 * 1024)
        while not stop.is_set():
            try:
                with socket.socket(socket.AF_UNIX) as s:
                    s.settimeout(10)
                    s.connect(daemon.socket)
                    s.sendall(b'{"method":"org.diplomatd.Timeline.Status","parameters":{"pad":"')
                    try:
                        for _ in range(8):  # 2 MiB, no NUL
                            s.sendall(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    buf = b""
                    while b"\0" not in buf:
                        part = s.recv(65536)
                        if not part:
                            break
                        buf += part
                    if buf:
                        refused.put(json.loads(buf.split(b"\0")[0])["error"])
            except OSError:
                pass

    # The flooders are separate processes, so they do not starve the good client of the GIL.
    import multiprocessing
    mp = multiprocessing.get_context("fork")
    mp_stop, mp_refused = mp.Event(), mp.Queue()
    floods = [mp.Process(target=flooder, args=(mp_stop, mp_refused), daemon=True) for _ in range(20)]
    results = {"ok": 0, "bad": 0}
    good = threading.Thread(target=good_client, args=(daemon.socket, stop, results), daemon=True)
    for p in floods:
        p.start()
    good.start()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        peak[0] = max(peak[0], rss())
        time.sleep(0.05)
    stop.set()
    mp_stop.set()
    good.join(15)
    for p in floods:
        p.join(15)
        if p.is_alive():
            p.kill()
    while not mp_refused.empty():
        refused.append(mp_refused.get())
    assert refused and set(refused) == {"org.varlink.service.InvalidParameter"}, set(refused)
    assert results["bad"] == 0 and results["ok"] > 50, results
    # 20 connections × at most the 1 MiB limit each, plus slack for the allocator.
    assert peak[0] - before < 20 * 1024 + 64 * 1024, f"RSS grew by {(peak[0] - before) // 1024} MB"
    assert raw_call(daemon.socket, b'{"method":"org.diplomatd.Timeline.Status"}\0')["parameters"]["events"] == 7


def test_replies_left_unread_are_bounded_over_all_connections(workdir):
    # Each connection holds at most one reply, but one reply of a whole timeline is megabytes:
    # past --max-unsent-bytes the connection whose reply has waited longest is closed (make
    # bench, abuse: 50 such clients held 1.3 GB). The default idle timeout (60 s) stays, so
    # only the limit can close them within the test.
    subprocess.run([str(BIN / "diplomat-bench"), "generate", "--events", "4000", "--state-dir", str(workdir / "state")],
                   check=True, capture_output=True)
    d = Daemon(workdir, extra=["--max-unsent-bytes", "1048576", "--log-level", "info"]).start()
    deaf = []
    try:
        whole = raw_call(d.socket, b'{"method":"org.diplomatd.Timeline.Timeline"}\0', timeout=30)
        dated = len(whole["parameters"]["events"])  # the undated ones are not on the timeline
        assert dated > 3900
        for _ in range(6):
            s = socket.socket(socket.AF_UNIX)
            s.connect(d.socket)
            s.setblocking(False)
            try:
                for _ in range(20):
                    s.send(b'{"method":"org.diplomatd.Timeline.Timeline"}\0')
            except BlockingIOError:
                pass
            deaf.append(s)
        time.sleep(0.5)
        # A client that reads gets the whole timeline (alone larger than the limit) meanwhile.
        for _ in range(3):
            r = raw_call(d.socket, b'{"method":"org.diplomatd.Timeline.Timeline"}\0', timeout=30)
            assert len(r["parameters"]["events"]) == dated
        # Not read before they are looked at: reading them would make them readers.
        time.sleep(4)
        closed = [closed_within(s, 10) for s in deaf]
        assert all(closed), f"connections that never read were kept: {closed}"
        assert raw_call(d.socket, b'{"method":"org.diplomatd.Timeline.Status"}\0')["parameters"]["events"] >= dated
    finally:
        for s in deaf:
            s.close()
        assert d.stop() == 0
    log = d.log.read_text()
    assert "unsent replies exceed the limit" in log and "max_unsent_bytes=1048576" in log


def test_past_max_connections_new_clients_wait_until_a_quarter_have_closed(workdir):
    d = Daemon(workdir, extra=["--max-connections", "4", "--log-level", "info"]).start()
    held = []
    status = b'{"method":"org.diplomatd.Timeline.Status"}\0'

    def ask(s, timeout):
        s.settimeout(timeout)
        s.sendall(status)
        buf = b""
        while not buf.endswith(b"\0"):
            chunk = s.recv(65536)
            assert chunk, "closed"
            buf += chunk
        return json.loads(buf[:-1])

    try:
        # wait_ready's probe connection may still count for a moment: retry until 4 are served.
        time.sleep(0.3)
        for _ in range(4):
            s = socket.socket(socket.AF_UNIX)
            s.connect(d.socket)
            held.append(s)
            assert ask(s, 5)["parameters"]["events"] == 7
        waiting = socket.socket(socket.AF_UNIX)
        waiting.connect(d.socket)  # into the listen backlog
        held.append(waiting)
        with pytest.raises(socket.timeout):
            ask(waiting, 1.5)
        # Three quarters of 4 is 3: accepting resumes once two have closed.
        held[0].close()
        held[1].close()
        waiting.settimeout(5)
        buf = b""
        while not buf.endswith(b"\0"):
            chunk = waiting.recv(65536)
            assert chunk, "the waiting client was closed"
            buf += chunk
        assert json.loads(buf[:-1])["parameters"]["events"] == 7
    finally:
        for s in held:
            s.close()
        assert d.stop() == 0
    assert "too many connections" in d.log.read_text()


def test_connection_and_reply_limits_are_checked(workdir):
    for args, words in ((["--max-connections", "0"], "--max-connections must be between 1 and 60000"),
                        (["--max-unsent-bytes", "1000"], "--max-unsent-bytes must be between 1048576")):
        r = subprocess.run([str(BIN / "diplomatd"), *args], capture_output=True, text=True)
        assert r.returncode != 0 and words in r.stderr, r.stderr
    conf = workdir / "d.conf"
    for text, words in (("max-connections = many\n", "line 1: max-connections must be a number between 1 and 60000"),
                        ("\nmax-unsent-bytes = 10\n", "line 2: max-unsent-bytes must be a number of bytes between 1048576")):
        conf.write_text(text)
        r = subprocess.run([str(BIN / "diplomatd"), "--config", str(conf), "--state-dir", str(workdir / "state"), "--socket", str(workdir / "d.sock")],
                           capture_output=True, text=True, timeout=10)
        assert r.returncode == 1 and words in r.stderr, r.stderr
