#!/usr/bin/env python3
"""make bench: builds nothing itself (make does), generates synthetic timelines, measures
diplomatd at each size side by side in one run, and writes bench/results/latest.{md,json}.

Figures are a benchmark, not a test: the machine is shared and noisy, so read ratios and
percentiles, and compare runs made on the same machine."""
import argparse
import json
import os
import platform
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import resource
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC_CTL = ROOT / ".build-static" / "release" / "diplomatctl"
NOW = "2026-06-01T12:00:00Z"  # the instant the generator centres its timeline on (diplomat-bench benchNow)


def run_json(args, **kw):
    out = subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout
    return json.loads(out.strip().splitlines()[-1])


def wait_socket(path, proc, timeout=600):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"diplomatd exited with {proc.returncode}")
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.connect(path)
                s.sendall(b'{"method":"org.diplomatd.Timeline.Status"}\0')
                buf = b""
                while b"\0" not in buf:
                    buf += s.recv(4096)
                return time.monotonic() - t0
        except OSError:
            time.sleep(0.002)
    raise SystemExit("diplomatd did not become ready")


def rss_kb(pid):
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        k, _, v = line.partition(":")
        fields[k] = v.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def percentiles(samples):
    s = sorted(samples)
    pick = lambda p: s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]
    return {"p50_ms": pick(50) * 1000, "p99_ms": pick(99) * 1000, "max_ms": s[-1] * 1000, "n": len(s)}


def start_daemon(bin_dir, state, sock, seeds, now=NOW):
    """Starts diplomatd with a NOTIFY_SOCKET listener; returns the process and the seconds from
    exec to READY=1 (the moment systemd would consider it started)."""
    args = [str(bin_dir / "diplomatd"), "--socket", sock, "--state-dir", str(state), "--seeds", str(seeds), "--log-level", "warning"]
    if now:
        args += ["--now", now]
    notify_path = f"{sock}.notify"
    if os.path.exists(notify_path):
        os.unlink(notify_path)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    notify.settimeout(600)
    try:
        t0 = time.monotonic()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ, NOTIFY_SOCKET=notify_path))
        while True:
            msg = notify.recv(4096).decode(errors="replace")
            if "READY=1" in msg.split("\n"):
                ready = time.monotonic() - t0
                break
        wait_socket(sock, proc)
    finally:
        notify.close()
        os.unlink(notify_path)
    return proc, ready


class EchoServer:
    """The physical limit Status throughput is compared with: a minimal NUL-framed Unix-socket
    echo server (`diplomat-bench echo-server`), kept running for the whole report."""

    def __init__(self, bin_dir, data_dir):
        self.socket = str(data_dir / "echo.sock")
        self.proc = subprocess.Popen([str(bin_dir / "diplomat-bench"), "echo-server", "--socket", self.socket], stdout=subprocess.PIPE, text=True)
        self.proc.stdout.readline()

    def close(self):
        self.proc.kill()
        self.proc.wait()


def throughput_in_turns(bin_dir, sock, echo, log, turns=5, seconds=2):
    """Status calls/s and echo round trips/s with 1, 8 and 64 clients, taken in turns (echo,
    diplomatd, echo, …) so both see the same load on this shared machine. The ratio is that of
    the medians; each turn's own ratio is kept too."""
    bench = str(bin_dir / "diplomat-bench")
    out = {}
    for c in (1, 8, 64):
        runs = {"echo": [], "status": []}
        for _ in range(turns):
            for key, path in (("echo", echo.socket), ("status", sock)):
                r = run_json([bench, "throughput", "--socket", path, "--clients", str(c), "--seconds", str(seconds)])
                if r["failures"]:
                    raise SystemExit(f"bench: {r['failures']} failed calls against {path}")
                runs[key].append(r["callsPerSecond"])
        med = {k: sorted(v)[len(v) // 2] for k, v in runs.items()}
        out[str(c)] = {"callsPerSecond": med["status"], "echoPerSecond": med["echo"], "ratio": med["status"] / med["echo"],
                       "statusTurns": runs["status"], "echoTurns": runs["echo"],
                       "turnRatios": [st / e for st, e in zip(runs["status"], runs["echo"])]}
    return out


def peer_files(db, out):
    """The generated timeline as Remind REM lines and a calcurse appointment file: each dated
    event once, at its start (timed when it has a time of day, else all day)."""
    rem = out / "timeline.rem"
    apts = out / "calcurse" / "apts"
    if rem.exists() and apts.exists():
        return rem, apts.parent
    (out / "calcurse").mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db)
    with open(rem, "w") as r, open(apts, "w") as a:
        for earliest, latest, body in con.execute("SELECT earliest, latest, body FROM event WHERE earliest IS NOT NULL ORDER BY earliest"):
            title = json.loads(body).get("title", "meeting").replace("%", "").replace("[", "(").replace("]", ")").replace("|", "/")
            t = time.gmtime(earliest)
            timed = (t.tm_hour or t.tm_min) and latest - earliest < 86400
            if timed:
                r.write(f"REM {t.tm_year}-{t.tm_mon:02d}-{t.tm_mday:02d} AT {t.tm_hour:02d}:{t.tm_min:02d} MSG {title}\n")
                e = time.gmtime(earliest + 3600)
                a.write(f"{t.tm_mon:02d}/{t.tm_mday:02d}/{t.tm_year} @ {t.tm_hour:02d}:{t.tm_min:02d} -> "
                        f"{e.tm_mon:02d}/{e.tm_mday:02d}/{e.tm_year} @ {e.tm_hour:02d}:{e.tm_min:02d} |{title}\n")
            else:
                r.write(f"REM {t.tm_year}-{t.tm_mon:02d}-{t.tm_mday:02d} MSG {title}\n")
                a.write(f"{t.tm_mon:02d}/{t.tm_mday:02d}/{t.tm_year} [1] {title}\n")
    return rem, apts.parent


def time_process(args, runs, **kw):
    samples = []
    for _ in range(runs):
        t = time.monotonic()
        subprocess.run(args, check=True, capture_output=True, **kw)
        samples.append(time.monotonic() - t)
    return percentiles(samples)


def peers(data_dir, n, log):
    """Remind and calcurse listing the next 7 days of the same timeline, as whole processes."""
    if not shutil.which("remind") or not shutil.which("calcurse"):
        return {"skipped": "remind or calcurse is not installed (scripts/install-deps --bench)"}
    rem, cal = peer_files(data_dir / f"events-{n}" / "timeline.sqlite", data_dir / f"peers-{n}")
    out = {"events": n}
    log(f"[{n:,}] remind -s+1 …")
    out["remind"] = time_process(["remind", "-s+1", str(rem), "2026-06-01"], 5 if n >= 100_000 else 20)
    log(f"[{n:,}] calcurse -r7 …")
    out["calcurse"] = time_process(["calcurse", "-D", str(cal), "-s06/01/2026", "-r7"], 2 if n >= 100_000 else 10)
    return out


def measure_size(bin_dir, data_dir, n, echo, log):
    state = data_dir / f"events-{n}"
    bench = str(bin_dir / "diplomat-bench")
    result = {"events": n}
    if not (state / "timeline.sqlite").exists() or not (state / ".complete").exists():
        shutil.rmtree(state, ignore_errors=True)
        log(f"generating {n:,} events …")
        gen = run_json([bench, "generate", "--events", str(n), "--state-dir", str(state)])
        (state / ".complete").write_text(json.dumps(gen))
        result["generateSeconds"] = gen["seconds"]
    db = state / "timeline.sqlite"
    subprocess.run(["sqlite3", str(db), "PRAGMA wal_checkpoint(TRUNCATE);"], capture_output=True)
    result["databaseBytes"] = sum(p.stat().st_size for p in state.glob("timeline.sqlite*"))
    log(f"[{n:,}] in-process service time …")
    result["inProcess"] = run_json([bench, "in-process", "--state-dir", str(state), "--iterations", "3000"])
    sock = str(data_dir / f"bench-{n}.sock")
    proc, ready = start_daemon(bin_dir, state, sock, data_dir / "no-seeds")
    try:
        result["readySeconds"] = ready
        result["rssAfterStartKB"] = rss_kb(proc.pid)[0]
        log(f"[{n:,}] socket round trips …")
        result["socket"] = run_json([bench, "socket", "--socket", sock, "--iterations", "3000"])
        log(f"[{n:,}] diplomatctl end to end …")
        env = dict(os.environ, DIPLOMATD_SOCKET=sock)
        # The binary make install ships (Swift runtime linked in, see make static), and the
        # plain release build, which loads the Swift runtime and Foundation at every start.
        for key, ctl in (("diplomatctlUpcomingWithin7d", STATIC_CTL if STATIC_CTL.exists() else bin_dir / "diplomatctl"),
                         ("diplomatctlDynamicUpcomingWithin7d", bin_dir / "diplomatctl")):
            samples = []
            for i in range(105):
                t = time.monotonic()
                subprocess.run([str(ctl), "--json", "upcoming", "--within", "7d"], check=True, capture_output=True, env=env)
                if i >= 5:
                    samples.append(time.monotonic() - t)
            result[key] = percentiles(samples)
        result["diplomatctlBinary"] = "static" if STATIC_CTL.exists() else "dynamic"
        ctl = STATIC_CTL if STATIC_CTL.exists() else bin_dir / "diplomatctl"
        samples = []
        for i in range(55):
            t = time.monotonic()
            subprocess.run([str(ctl), "--json", "timeline", "--from", "2026-06-01", "--to", "2026-06-30", "--limit", "100"],
                           check=True, capture_output=True, env=env)
            if i >= 5:
                samples.append(time.monotonic() - t)
        result["diplomatctlTimelineMonth"] = percentiles(samples)
        log(f"[{n:,}] Status throughput in turns with the echo server …")
        result["statusThroughput"] = throughput_in_turns(bin_dir, sock, echo, log)
        result["rssKB"], result["rssPeakKB"] = rss_kb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)
    return result


def seeds_rss(bin_dir, data_dir):
    state = data_dir / "seeds-only"
    shutil.rmtree(state, ignore_errors=True)
    sock = str(data_dir / "seeds.sock")
    proc, ready = start_daemon(bin_dir, state, sock, ROOT / "seeds", now="2021-04-01T18:00:00+09:00")
    try:
        env = dict(os.environ, DIPLOMATD_SOCKET=sock)
        for _ in range(20):
            for cmd in (["upcoming"], ["timeline"], ["status"], ["show", "kr-us-jp-fm-trilateral-2021-04"]):
                subprocess.run([str(bin_dir / "diplomatctl"), *cmd], check=True, capture_output=True, env=env)
        rss, peak = rss_kb(proc.pid)
        return {"readySeconds": ready, "rssKB": rss, "rssPeakKB": peak}
    finally:
        proc.terminate()
        proc.wait(30)


def latency_under_abuse(bin_dir, data_dir, log, n=100_000):
    """A well-behaved client's round trips (diplomat-bench socket) on a quiet daemon, then again
    while the daemon holds 1,000 idle connections, 100 half-sent messages and 50 clients that
    never read their replies, and is flooded with oversized messages and with clients that
    disconnect mid-call. Also the daemon's RSS and how many flood connections it closed."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    state = data_dir / "abuse"
    copy_state(data_dir / f"events-{n}", state)
    sock = str(data_dir / "abuse.sock")
    bench = str(bin_dir / "diplomat-bench")
    proc, _ = start_daemon(bin_dir, state, sock, data_dir / "no-seeds")
    held, stop, counts = [], threading.Event(), {"oversizedClosed": 0, "rudeCalls": 0}

    def connect():
        s = socket.socket(socket.AF_UNIX)
        s.connect(sock)
        return s

    def flood():
        blob = b"x" * (256 << 10)
        while not stop.is_set():
            try:
                with connect() as s:
                    for _ in range(8):  # 2 MiB without a NUL: over the 1 MiB limit
                        s.sendall(blob)
                    s.settimeout(5)
                    while s.recv(65536):
                        pass
                    counts["oversizedClosed"] += 1
            except OSError:
                counts["oversizedClosed"] += 1

    def rude():
        while not stop.is_set():
            try:
                with connect() as s:
                    s.sendall(b'{"method":"org.diplomatd.Timeline.Timeline","parameters":{"limit":1000}}\0')
                counts["rudeCalls"] += 1
            except OSError:
                pass

    try:
        log(f"[{n:,}] a well-behaved client, quiet …")
        quiet = run_json([bench, "socket", "--socket", sock, "--iterations", "3000"])
        quiet_rss = rss_kb(proc.pid)[0]
        log(f"[{n:,}] the same client under abuse …")
        for _ in range(1000):
            held.append(connect())
        for _ in range(100):
            s = connect()
            s.sendall(b'{"method":"org.diplomatd.Timeline.Sta')
            held.append(s)
        for _ in range(50):
            s = connect()
            s.setblocking(False)
            try:
                while True:
                    s.send(b'{"method":"org.diplomatd.Timeline.Timeline"}\0')
            except BlockingIOError:
                pass
            held.append(s)
        threads = [threading.Thread(target=flood, daemon=True) for _ in range(2)] + [threading.Thread(target=rude, daemon=True) for _ in range(2)]
        for t in threads:
            t.start()
        time.sleep(1)
        started = time.monotonic()
        try:
            abused = run_json([bench, "socket", "--socket", sock, "--iterations", "3000"], timeout=180)
        except subprocess.TimeoutExpired:
            abused = None  # reported as such: the well-behaved client did not finish within 3 minutes
        abused_seconds = time.monotonic() - started
        rss, peak = rss_kb(proc.pid)
        stop.set()
        for t in threads:
            t.join(30)
        # How many of the clients that never read the daemon closed (past --max-unsent-bytes,
        # or at the idle timeout): drain what they were sent and look for the end.
        unread_closed = 0
        for s in held[1100:]:
            try:
                while s.recv(1 << 20):
                    pass
                unread_closed += 1
            except BlockingIOError:
                pass
            except OSError:
                unread_closed += 1
        for s in held:
            s.close()
        held.clear()
        time.sleep(5)
        after_rss = rss_kb(proc.pid)[0]
        run_json([bench, "socket", "--socket", sock, "--iterations", "10"])  # still answers once the abuse has stopped
        result = {"events": n, "quiet": quiet, "abused": abused, "abusedSeconds": abused_seconds, "quietRssKB": quiet_rss,
                  "abusedRssKB": rss, "peakRssKB": peak, "afterRssKB": after_rss, "unreadClosed": unread_closed,
                  "held": {"idle": 1000, "halfSent": 100, "unread": 50}, **counts}
    finally:
        stop.set()
        for s in held:
            s.close()
        proc.terminate()
        t0 = time.monotonic()
        try:
            proc.wait(120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    result["stopSeconds"] = time.monotonic() - t0
    return result


def copy_state(src, dst):
    shutil.rmtree(dst, ignore_errors=True)
    dst.mkdir(parents=True)
    subprocess.run(["sqlite3", str(src / "timeline.sqlite"), "PRAGMA wal_checkpoint(TRUNCATE);"], capture_output=True)
    shutil.copy(src / "timeline.sqlite", dst / "timeline.sqlite")


def add_reminders(db, n, start, span):
    """n pending reminders on the generated events, due evenly over [start, start + span)."""
    con = sqlite3.connect(db)
    con.executemany("INSERT INTO reminder (eventId, key, kind, \"offset\", due, state) VALUES (?, 'bench', 'before', 'PT1H', ?, 'pending')",
                    ((f"bench-{i % 100000}", start + span * i / n) for i in range(n)))
    con.commit()
    con.close()


def lateness(db, since):
    con = sqlite3.connect(db)
    rows = con.execute("SELECT (firedAt - due) FROM reminder WHERE key = 'bench' AND due >= ? AND state IN ('fired', 'firing')", (since,)).fetchall()
    states = dict(con.execute("SELECT state, count(*) FROM reminder WHERE key = 'bench' AND due >= ? GROUP BY state", (since,)).fetchall())
    con.close()
    s = sorted(r[0] for r in rows)
    pick = lambda p: s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] * 1000
    return {"n": len(s), "p50_ms": pick(50), "p99_ms": pick(99), "max_ms": s[-1] * 1000, "states": states}


def reminder_bench(bin_dir, data_dir, log, n=100_000, span=60.0):
    """Lateness of 100,000 reminders due over a minute, on a replay clock at speed 1 and on the
    real clock, from what the daemon recorded (firedAt - due, in the daemon's clock)."""
    src = data_dir / "events-100000"
    results = {}
    for mode in ("replay", "live"):
        state = data_dir / f"reminders-{mode}"
        copy_state(src, state)
        t0 = time.time() + 8 if mode == "live" else 1_780_315_200.0  # replay: 2026-06-01T12:00:00Z (benchNow)
        start = t0 + 5
        add_reminders(state / "timeline.sqlite", n, start, span)
        sock = str(data_dir / f"rem-{mode}.sock")
        log(f"[reminders/{mode}] {n:,} due over {span:.0f} s …")
        proc, ready = start_daemon(bin_dir, state, sock, data_dir / "no-seeds", now=(NOW if mode == "replay" else None))
        peak = 0
        try:
            # Stay out of the daemon's way while the reminders fall due (no polling of its
            # database), sampling only its RSS; then check that none is left.
            started = time.monotonic()
            while time.monotonic() - started < span + (start - t0) + 3:
                peak = max(peak, rss_kb(proc.pid)[0])
                time.sleep(1)
            for _ in range(30):
                con = sqlite3.connect(state / "timeline.sqlite")
                left = con.execute("SELECT count(*) FROM reminder WHERE key = 'bench' AND state = 'pending'").fetchone()[0]
                con.close()
                if left == 0:
                    break
                time.sleep(1)
        finally:
            proc.terminate()
            proc.wait(30)
        results[mode] = dict(lateness(state / "timeline.sqlite", start), rssPeakKB=peak)
    return results


def kill_cycles(bin_dir, data_dir, log, cycles=20, n=20_000, span=40.0):
    """Reminders due over `span` seconds while the daemon is killed with SIGKILL `cycles` times:
    each must fire exactly once (recorded) and be announced (logged) at least once, twice only
    when flagged as redelivered."""
    import random
    import re
    state = data_dir / "reminders-kill"
    copy_state(data_dir / "events-100000", state)
    start = time.time() + 3
    add_reminders(state / "timeline.sqlite", n, start, span)
    logfile = data_dir / "kill-cycles.log"
    logfile.unlink(missing_ok=True)
    sock = str(data_dir / "kill.sock")
    rng = random.Random(7)
    log(f"[reminders/kill -9] {cycles} cycles over {span:.0f} s, {n:,} reminders …")
    with open(logfile, "ab") as out:
        for _ in range(cycles):
            p = subprocess.Popen([str(bin_dir / "diplomatd"), "--socket", sock, "--state-dir", str(state), "--seeds", str(data_dir / "no-seeds")],
                                 stdout=out, stderr=out)
            wait_socket(sock, p)
            time.sleep(rng.uniform(0.3, 2.0))
            p.kill()
            p.wait()
        p = subprocess.Popen([str(bin_dir / "diplomatd"), "--socket", sock, "--state-dir", str(state), "--seeds", str(data_dir / "no-seeds")],
                             stdout=out, stderr=out)
        wait_socket(sock, p)
        while time.time() < start + span + 3:
            time.sleep(0.5)
        p.terminate()
        p.wait(30)
    con = sqlite3.connect(state / "timeline.sqlite")
    states = dict(con.execute("SELECT state, count(*) FROM reminder WHERE key = 'bench' GROUP BY state").fetchall())
    fired = {str(i) for (i,) in con.execute("SELECT id FROM reminder WHERE key = 'bench' AND state = 'fired'")}
    integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
    con.close()
    first, again = [], []
    for line in logfile.read_text(errors="replace").splitlines():
        m = re.search(r"notice reminder: .*diplomat_redelivered=(true|false) diplomat_reminder_id=(\d+)", line)
        if m:
            (again if m.group(1) == "true" else first).append(m.group(2))
    firstset = set(first)
    return {"reminders": n, "cycles": cycles, "states": states, "integrity": integrity,
            "firedTwice": len(first) - len(firstset), "lost": len(fired - firstset - set(again)),
            "redelivered": len(again), "announced": len(firstset | set(again))}


ADVERSARIAL = {
    # Text no article looks like, each made to defeat one part of the extractor.
    "run-on sentence": lambda rnd: "Foreign Minister Chung Eui-yong held talks with Japanese Foreign Minister Toshimitsu Motegi on Monday in Tokyo and ",
    "trigger words": lambda rnd: rnd.choice(["talks ", "meeting ", "summit ", "visit ", "met ", "the talks ", "phone call ", "sworn in "]),
    "names and titles": lambda rnd: f"President {rnd.choice('ABCDEFGHKLMNPRST')}{rnd.randrange(10**6)} Kim, Foreign Minister {rnd.randrange(10**6)} Lee, ",
    "dates": lambda rnd: rnd.choice(["Monday, ", "Jan. 5, ", "the following day, ", "next week, ", "later this month, ", "2019, ", "the 29th, "]),
    "abbreviations": lambda rnd: "a.",
    "nested quotes": lambda rnd: rnd.choice(["“", "‘", "\"", "'", "”", "’", "(", ")"]),
    "one person per sentence": lambda rnd: f"President Ab{rnd.randrange(10**7)} Cd met Prime Minister Ef{rnd.randrange(10**7)} Gh on Monday. ",
    "every Unicode category": lambda rnd: "".join(chr(rnd.choice([rnd.randrange(0x20, 0x7f), rnd.randrange(0xa0, 0x2fff), rnd.randrange(0x3000, 0xd7ff), rnd.randrange(0x10000, 0x1ffff)])) for _ in range(8)),
}


def adversarial_extraction(bin_dir, data_dir, log):
    """Whole `diplomatctl ingest --dry-run` runs on 256 KiB and 1 MiB of each adversarial text: the time
    per document is bounded by the 1 MiB Varlink message limit and grows linearly (ratio ≈ 4)."""
    import random
    out = data_dir / "adversarial"
    out.mkdir(exist_ok=True)
    rows = []
    for name, piece in ADVERSARIAL.items():
        log(f"adversarial extraction: {name}")
        row = {"name": name}
        for size in (256 * 1024, 1024 * 1024):
            rnd = random.Random(7)
            parts, n = [], 0
            while n < size:
                p = piece(rnd)
                parts.append(p)
                n += len(p.encode())
            path = out / f"{name.replace(' ', '-')}-{size}.txt"
            path.write_bytes("".join(parts).encode()[:size].decode(errors="ignore").encode())
            t0 = time.perf_counter()
            r = subprocess.run([str(bin_dir / "diplomatctl"), "ingest", "--dry-run", "--json", "--published", "2021-04-01",
                                "--time-zone", "Asia/Seoul", str(path)], capture_output=True, timeout=600)
            row[str(size)] = {"seconds": time.perf_counter() - t0, "exit": r.returncode,
                              "events": len(json.loads(r.stdout)["documents"][0]["events"]) if r.returncode == 0 else None,
                              "error": r.stderr.decode(errors="replace").strip()[:200] if r.returncode != 0 else None}
        row["ratio"] = row[str(1024 * 1024)]["seconds"] / max(row[str(256 * 1024)]["seconds"], 1e-9)
        rows.append(row)
    return rows


def extraction_speed(bin_dir, data_dir, log):
    """Extraction over the seed article and the self-written news corpus (plain text), one core."""
    import xml.etree.ElementTree as ET
    log("extraction speed")
    out = data_dir / "extract"
    out.mkdir(exist_ok=True)
    entries = []
    meta = json.loads((ROOT / "seeds" / "000_a003daa45f487b93.meta.json").read_text())
    entries.append({"path": str(ROOT / "seeds" / "000_a003daa45f487b93.txt"), "published": meta["published"], "timeZone": meta["timeZone"]})
    for tml in sorted((ROOT / "eval" / "news").glob("*.tml")):
        gold = json.loads((tml.parent / (tml.stem + ".meetings.json")).read_text())
        text = "".join(ET.parse(tml).getroot().find("TEXT").itertext())
        p = out / (tml.stem + ".txt")
        p.write_text(text)
        entries.append({"path": str(p), "published": gold["published"], "timeZone": gold["timeZone"]})
    manifest = out / "manifest.json"
    manifest.write_text(json.dumps(entries))
    return run_json([bin_dir / "diplomat-bench", "extract", "--manifest", str(manifest), "--megabytes", "8"])


def markdown(report):
    lines = [f"# diplomatd benchmark — {report['date']}", "",
             f"Machine: {report['machine']}. Release build. Timelines generated by `diplomat-bench generate` "
             f"(dates over two years around {NOW}; 55% day, 15% minute, 12% month with START/MID/END, 6% week, 4% quarter, "
             "2% year, 6% undated; past events mostly occurred, future ones scheduled/expected/possible/proposed/cancelled).", "",
             "In-process = the daemon's handler (decode call, query SQLite, encode reply) without the socket. "
             "Socket = one client's round trips over the Unix socket. diplomatctl = the whole CLI process, "
             "`diplomatctl --json upcoming --within 7d`.", "",
             "| events | Upcoming (20) in-process p50 / p99 / max µs | Upcoming 7d (100) in-process p50 / p99 µs | Upcoming (20) socket p50 / p99 µs | diplomatctl upcoming 7d p50 / p99 / max ms | Status/s 1 / 8 / 64 clients | READY=1 s | RSS MB | DB MB |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in report["sizes"]:
        ip, so = r["inProcess"], r["socket"]
        lines.append(
            f"| {r['events']:,} | {ip['upcoming']['p50_us']:.0f} / {ip['upcoming']['p99_us']:.0f} / {ip['upcoming'].get('max_us', 0):.0f} | "
            f"{ip['upcoming_within_7d']['p50_us']:.0f} / {ip['upcoming_within_7d']['p99_us']:.0f} | "
            f"{so['upcoming']['p50_us']:.0f} / {so['upcoming']['p99_us']:.0f} | "
            f"{r['diplomatctlUpcomingWithin7d']['p50_ms']:.1f} / {r['diplomatctlUpcomingWithin7d']['p99_ms']:.1f} / {r['diplomatctlUpcomingWithin7d']['max_ms']:.1f} | "
            f"{' / '.join(format(r['statusThroughput'][c]['callsPerSecond'], ',.0f') for c in ('1', '8', '64'))} | "
            f"{r['readySeconds']:.3f} | {r['rssKB'] / 1024:.1f} | {r['databaseBytes'] / 1e6:.0f} |")
    lines += ["", "Timeline (a month, at most 100 events: `Timeline(from: 2026-06-01, to: 2026-06-30, limit: 100)`):", "",
              "| events | in the daemon p50 / p99 / max µs | over the socket p50 / p99 / max µs | `diplomatctl --json timeline --from … --to … --limit 100` p50 / p99 / max ms |",
              "|---:|---:|---:|---:|"]
    for r in report["sizes"]:
        ip, so, ctl = r["inProcess"].get("timeline_month"), r["socket"].get("timeline_month"), r.get("diplomatctlTimelineMonth")
        if not (ip and so and ctl):
            continue
        lines.append(f"| {r['events']:,} | {ip['p50_us']:.0f} / {ip['p99_us']:.0f} / {ip['max_us']:.0f} | {so['p50_us']:.0f} / {so['p99_us']:.0f} / {so['max_us']:.0f} | "
                     f"{ctl['p50_ms']:.1f} / {ctl['p99_ms']:.1f} / {ctl['max_ms']:.1f} |")
    lines += ["", "Status throughput as a fraction of the physical limit measured in the same run: a minimal NUL-framed "
              "Unix-socket echo server (`diplomat-bench echo-server`, one thread per connection, no parsing) driven by the "
              "same client doing the same round trips. At each size the two take turns, five 2-second runs each; a cell is "
              "the ratio of the medians, with the lowest and highest ratio of a single turn in brackets:", "",
              "| events | " + " | ".join(f"{c} client{'s' if c != '1' else ''}: Status/s ÷ echo/s" for c in ("1", "8", "64")) + " |",
              "|---:|---:|---:|---:|"]
    for r in report["sizes"]:
        t = r["statusThroughput"]
        lines.append(f"| {r['events']:,} | " + " | ".join(
            f"{t[c]['callsPerSecond']:,.0f} ÷ {t[c]['echoPerSecond']:,.0f} = **{t[c]['ratio']:.2f}** ({min(t[c]['turnRatios']):.2f}–{max(t[c]['turnRatios']):.2f})"
            for c in ("1", "8", "64")) + " |")
    peers = [r["peers"] for r in report["sizes"] if "remind" in r.get("peers", {})]
    if peers:
        lines += ["", "Side by side with what a user would pick instead, on the same generated timeline (each dated event once, "
                  "at its start: REM lines for Remind, an appointment file for calcurse), each a whole process listing the next "
                  "7 days from 2026-06-01:", "",
                  "| events | `diplomatctl --json upcoming --within 7d` p50 / p99 ms (installed, static) | same, dynamic release build | `remind -s+1` p50 / max ms | `calcurse -r7` p50 / max ms | remind ÷ diplomatctl | calcurse ÷ diplomatctl |",
                  "|---:|---:|---:|---:|---:|---:|---:|"]
        for r in report["sizes"]:
            p = r.get("peers", {})
            if "remind" not in p:
                continue
            d = r["diplomatctlUpcomingWithin7d"]
            dd = r.get("diplomatctlDynamicUpcomingWithin7d", d)
            lines.append(f"| {r['events']:,} | {d['p50_ms']:.1f} / {d['p99_ms']:.1f} | {dd['p50_ms']:.1f} / {dd['p99_ms']:.1f} | "
                         f"{p['remind']['p50_ms']:.0f} / {p['remind']['max_ms']:.0f} | "
                         f"{p['calcurse']['p50_ms']:.0f} / {p['calcurse']['max_ms']:.0f} | {p['remind']['p50_ms'] / d['p50_ms']:.1f}× | "
                         f"{p['calcurse']['p50_ms'] / d['p50_ms']:.1f}× |")
    if "reminders" in report:
        r = report["reminders"]
        lines += ["", "Reminder lateness, 100,000 pending reminders due over one minute (firedAt − due as the daemon recorded it):", "",
                  "| clock | fired | p50 ms | p99 ms | max ms | daemon peak RSS MB |", "|---|---:|---:|---:|---:|---:|"]
        for mode in ("replay", "live"):
            x = r[mode]
            lines.append(f"| {'replay, speed 1' if mode == 'replay' else 'real clock'} | {x['n']:,} | {x['p50_ms']:.2f} | {x['p99_ms']:.2f} | {x['max_ms']:.2f} | {x['rssPeakKB'] / 1024:.1f} |")
    if "killCycles" in report:
        k = report["killCycles"]
        lines += ["", f"kill -9 cycles: {k['cycles']} SIGKILLs while {k['reminders']:,} reminders fell due over 40 s: states {k['states']}; "
                  f"fired twice {k['firedTwice']}, lost {k['lost']}, re-announced after a crash {k['redelivered']}; integrity {k['integrity']}."]
    if "extraction" in report:
        x = report["extraction"]
        lines += ["", f"Extraction (sentences, TIMEX3, people, meetings, merging), one core, {x['distinctDocuments']:.0f} articles "
                  f"(the seed and eval/news) repeated to {x['bytes'] / 1e6:.1f} MB: **{x['megabytesPerSecond']:.2f} MB/s**, "
                  f"{x['documentsPerSecond']:,.0f} documents/s; per document p50 {x['perDocument']['p50_us']:.0f} µs, "
                  f"p99 {x['perDocument']['p99_us']:.0f} µs, max {x['perDocument']['max_us']:.0f} µs (target ≥ 1 MB/s)."]
    if "adversarial" in report:
        lines += ["", markdown_adversarial(report["adversarial"])]
    s = report["seeds"]
    if "abuse" in report:
        lines += ["", markdown_abuse(report["abuse"])]
    lines += ["", f"With the seed timeline only: ready in {s['readySeconds']:.3f} s, RSS {s['rssKB'] / 1024:.1f} MB (peak {s['rssPeakKB'] / 1024:.1f} MB) after 80 diplomatctl calls.", "",
              "Targets (issues 2 and 6): Upcoming p99 < 1 ms in the daemon at 1,000,000 events; ≥ 20,000 Status calls/s with 8 clients "
              "and at least half the echo limit; RSS < 50 MB with the seeds and < 300 MB at 1,000,000 events; READY=1 within 300 ms at "
              "1,000,000 events; `diplomatctl upcoming --within 7d` at least 50× faster than `remind -s+1` at 100,000 events.", ""]
    return "\n".join(lines) + "\n"


def markdown_abuse(a):
    q, b = a["quiet"], a["abused"]
    row = lambda name, r: (f"| {name} | {r['upcoming']['p50_us']:.0f} / {r['upcoming']['p99_us']:.0f} / {r['upcoming']['max_us']:.0f} | "
                           f"{r['timeline_month']['p50_us']:.0f} / {r['timeline_month']['p99_us']:.0f} / {r['timeline_month']['max_us']:.0f} |")
    return "\n".join([
        f"A well-behaved client at {a['events']:,} events, quiet and then while the daemon holds {a['held']['idle']:,} idle connections, "
        f"{a['held']['halfSent']} half-sent messages and {a['held']['unread']} clients that never read, and two threads each flood it with "
        f"2 MiB messages (over the 1 MiB limit; {a['oversizedClosed']:,} such connections closed by the daemon) and two more with "
        f"calls dropped mid-way ({a['rudeCalls']:,}):", "",
        "| daemon | Upcoming (20) over the socket p50 / p99 / max µs | Timeline (a month, 100) p50 / p99 / max µs |",
        "|---|---:|---:|",
        row("quiet", q), row("under abuse", b) if b else "| under abuse | did not finish 3 × 3,000 calls within 3 minutes | |", "",
        (f"Under abuse the client's 9,300 calls took {a['abusedSeconds']:.1f} s. " if b and "abusedSeconds" in a else "") +
        f"RSS {a['quietRssKB'] / 1024:.1f} MB quiet, {a['abusedRssKB'] / 1024:.1f} MB under abuse (peak {a['peakRssKB'] / 1024:.1f} MB)" +
        (f", {a['afterRssKB'] / 1024:.1f} MB 5 s after the abuse stopped" if "afterRssKB" in a else "") +
        (f"; the daemon closed {a['unreadClosed']} of the {a['held']['unread']} clients that never read (default `--max-unsent-bytes` 128 MiB)"
         if "unreadClosed" in a else "") +
        f"; SIGTERM to exit took {a['stopSeconds']:.1f} s."])


def markdown_adversarial(rows):
    lines = ["Extraction of adversarial text, whole `diplomatctl ingest --dry-run` processes (1 MiB is the largest `Ingest` "
             "message the daemon accepts by default, so the 1 MiB column is the time bound per document):", "",
             "| text | 256 KiB s | 1 MiB s | ratio (linear ≈ 4) | events at 1 MiB |", "|---|---:|---:|---:|---:|"]
    for r in rows:
        a, b = r[str(256 * 1024)], r[str(1024 * 1024)]
        ev = b["events"] if b["exit"] == 0 else f"refused: {b['error']}"
        lines.append(f"| {r['name']} | {a['seconds']:.2f} | {b['seconds']:.2f} | {r['ratio']:.1f} | {ev} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", required=True, help="directory with release diplomatd, diplomatctl, diplomat-bench")
    ap.add_argument("--sizes", default="1000,100000,1000000")
    ap.add_argument("--data", default=str(ROOT / ".run" / "bench"), help="where generated timelines are kept between runs")
    ap.add_argument("--only", choices=["extraction", "adversarial", "peers", "throughput", "abuse"], help="run one part and print it (no report written)")
    args = ap.parse_args()
    bin_dir = Path(args.bin)
    data_dir = Path(args.data)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "no-seeds").mkdir(exist_ok=True)
    log = lambda m: print("bench:", m, file=sys.stderr, flush=True)
    if args.only == "extraction":
        print(json.dumps(extraction_speed(bin_dir, data_dir, log), indent=2))
        return
    if args.only == "adversarial":
        print(markdown_adversarial(adversarial_extraction(bin_dir, data_dir, log)))
        return
    if args.only == "abuse":
        print(markdown_abuse(latency_under_abuse(bin_dir, data_dir, log)))
        return
    if args.only == "peers":
        print(json.dumps([peers(data_dir, int(n), log) for n in args.sizes.split(",") if int(n) <= 100_000], indent=2))
        return
    echo = EchoServer(bin_dir, data_dir)
    try:
        if args.only == "throughput":
            state = data_dir / "throughput"
            shutil.rmtree(state, ignore_errors=True)
            state.mkdir()
            sock = str(data_dir / "throughput.sock")
            proc, _ = start_daemon(bin_dir, state, sock, ROOT / "seeds")
            try:
                print(json.dumps(throughput_in_turns(bin_dir, sock, echo, log), indent=2))
            finally:
                proc.terminate()
                proc.wait(30)
            return
        report = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                  "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
                  "sizes": [measure_size(bin_dir, data_dir, int(n), echo, log) for n in args.sizes.split(",")]}
    finally:
        echo.close()
    for r in report["sizes"]:
        if r["events"] <= 100_000:
            r["peers"] = peers(data_dir, r["events"], log)
    report["seeds"] = seeds_rss(bin_dir, data_dir)
    report["extraction"] = extraction_speed(bin_dir, data_dir, log)
    report["adversarial"] = adversarial_extraction(bin_dir, data_dir, log)
    if "100000" in args.sizes.split(","):
        report["abuse"] = latency_under_abuse(bin_dir, data_dir, log)
        report["reminders"] = reminder_bench(bin_dir, data_dir, log)
        report["killCycles"] = kill_cycles(bin_dir, data_dir, log)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    md = markdown(report)
    (out / "latest.md").write_text(md)
    print(md)


if __name__ == "__main__":
    main()
