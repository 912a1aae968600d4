"""Reading news into the timeline: the seed timeline comes from the seed text, later articles
update the meetings they report on, and bad input is refused with nothing stored."""
import json
import os
import shutil
import signal
import sqlite3
import time

import pytest
import varlink

from conftest import SEEDS, Daemon, raw_call

LATER = """South Korean Foreign Minister Chung Eui-yong and his Japanese counterpart, Toshimitsu Motegi, held talks in London on Wednesday on the sidelines of a Group of Seven meeting, their first face-to-face talks since Chung took office in February.
The trilateral meeting with U.S. Secretary of State Antony Blinken, which had been expected in the U.S. in April, was called off.
"""


def oracle():
    return {e["id"]: e for e in json.loads((SEEDS / "000_a003daa45f487b93.events.json").read_text())["events"]}


def test_the_seed_timeline_is_extracted_from_the_seed_text(daemon):
    events = {e["id"]: e for e in daemon.ctl_json("timeline")["events"]}
    want = oracle()
    assert set(events) == set(want)
    for id, w in want.items():
        e = events[id]
        assert (e["status"], e["when"]["value"], e["when"].get("mod")) == (w["status"], w["when"]["value"], w["when"].get("mod")), id
        assert [p["name"] for p in e["participants"]] == [p["name"] for p in w["participants"]], id
    assert daemon.ctl_json("status")["documents"] == 1


def test_dry_run_follows_the_contract_without_a_daemon(workdir):
    r = Daemon(workdir).ctl("ingest", "--dry-run", "--json", "--published", "2021-04-01", "--time-zone", "Asia/Seoul",
                            str(SEEDS / "000_a003daa45f487b93.txt"))
    out = json.loads(r.stdout)
    [doc] = out["documents"]
    assert doc["id"] == "000_a003daa45f487b93" and doc["published"] == "2021-04-01"
    assert {e["id"] for e in doc["events"]} == set(oracle())
    for e in doc["events"]:
        assert {"id", "title", "kind", "status", "effectiveStatus", "when", "participants", "countries", "location", "sources", "relations"} <= set(e)
        text = (SEEDS / "000_a003daa45f487b93.txt").read_text()
        for s in e["sources"]:
            assert text[s["start"]:s["end"]] == s["quote"]


def test_a_later_article_updates_the_meetings_it_reports(daemon, workdir):
    later = workdir / "later.txt"
    later.write_text(LATER)
    r = daemon.ctl_json("ingest", "--published", "2021-05-06", "--time-zone", "Asia/Seoul", "--source", "Yonhap", str(later))
    [doc] = r["documents"]
    assert doc["outcome"] == "added"
    assert {"kr-jp-fm-talks-proposed", "kr-us-jp-fm-trilateral-2021-04"} <= set(doc["updated"])
    talks = daemon.ctl_json("show", "kr-jp-fm-talks-proposed")
    assert talks["event"]["status"] == "occurred" and talks["event"]["when"]["value"] == "2021-05-05"
    assert talks["event"]["location"]["name"] == "London"
    assert [s["document"] for s in talks["event"]["sources"]] == ["000_a003daa45f487b93", doc["id"]]
    assert talks["revisions"][-1]["action"] == "ingest"
    assert daemon.ctl_json("show", "kr-us-jp-fm-trilateral-2021-04")["event"]["status"] == "cancelled"
    # No duplicate: the seven meetings, and the one the article adds, the G7 meeting the talks
    # were held beside.
    assert doc["added"] and len(doc["added"]) == 1
    host = daemon.ctl_json("show", doc["added"][0])["event"]
    assert host["kind"] == "meeting" and host["when"]["value"] == "2021-05-05"
    assert {"type": "onMarginsOf", "event": host["id"]} in talks["event"]["relations"]
    assert len(daemon.ctl_json("timeline")["events"]) == 8
    # The same article again changes nothing.
    again = daemon.ctl_json("ingest", "--published", "2021-05-06", "--time-zone", "Asia/Seoul", str(later))
    assert again["documents"][0]["outcome"] == "unchanged"
    assert len(daemon.ctl_json("show", "kr-jp-fm-talks-proposed")["revisions"]) == len(talks["revisions"])
    text = daemon.ctl("ingest", "--published", "2021-05-06", str(later)).stdout
    assert "already ingested" in text


def test_python_varlink_client_ingests_and_bad_documents_are_refused_whole(daemon, workdir):
    with varlink.Client.new_with_address("unix:" + daemon.socket) as c, c.open("org.diplomatd.Timeline") as t:
        good = {"name": "a.txt", "text": "Chinese Foreign Minister Wang Yi will visit Seoul on Friday.", "published": "2021-04-05", "timeZone": "Asia/Seoul"}
        bad = {"name": "b.txt", "text": "   ", "published": "2021-04-05"}
        with pytest.raises(varlink.VarlinkError) as e:
            t.Ingest([good, bad])
        assert e.value.error() == "org.varlink.service.InvalidParameter"
        raw = raw_call(daemon.socket, json.dumps({"method": "org.diplomatd.Timeline.Ingest", "parameters": {"documents": [good, bad]}}).encode() + b"\0")
        assert raw["parameters"] == {"parameter": "documents[1]", "reason": "b.txt has no text"}
        assert daemon.ctl_json("status")["documents"] == 1  # nothing of the call was stored
        reply = t.Ingest([good])
        [doc] = reply["documents"]
        assert doc["outcome"] == "added" and len(doc["added"]) == 1
        shown = daemon.ctl_json("show", doc["added"][0])["event"]
        assert shown["kind"] == "visit" and shown["status"] == "scheduled" and shown["when"]["value"] == "2021-04-09"
        assert shown["location"]["name"] == "Seoul"


@pytest.mark.parametrize("content,args,message", [
    (b"\x00\x01\x02\xff", ["--published", "2021-04-05"], "is not UTF-8 text"),
    (b"  \n\n ", ["--published", "2021-04-05"], "has no text"),
    (b"Talks were held.", [], "has no publication date"),
    (b"Talks were held.", ["--published", "2021-13-45"], "is not a date"),
    (b"Talks were held.", ["--published", "2021-04-05", "--time-zone", "Mars/Olympus"], "not an IANA time zone"),
])
def test_bad_files_get_a_clear_error_naming_them_and_nothing_is_ingested(daemon, workdir, content, args, message):
    ok = workdir / "ok.txt"
    ok.write_text("Foreign Minister Chung Eui-yong met U.S. Secretary of State Antony Blinken in Seoul on Monday.")
    bad = workdir / "bad.txt"
    bad.write_bytes(content)
    r = daemon.ctl("ingest", *args, str(ok), str(bad), check=False)
    assert r.returncode != 0
    assert message in r.stderr, r.stderr
    if "IANA" not in message and "is not a date" not in message:
        assert ("ok.txt" if "publication" in message else "bad.txt") in r.stderr
    assert daemon.ctl_json("status")["documents"] == 1


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to run clients as other users")
def test_ingest_needs_permission(daemon, workdir):
    from test_authorization import as_user
    art = workdir / "a.txt"
    art.write_text("Foreign Minister Chung Eui-yong met Antony Blinken in Seoul on Monday.")
    os.chmod(workdir, 0o755)
    os.chmod(art, 0o644)
    os.chmod(daemon.socket, 0o666)
    r = as_user(daemon, 54321, 54321, "ingest", "--published", "2021-04-05", str(art))
    assert r.returncode != 0 and "permission denied" in r.stderr, r.stderr
    assert daemon.ctl_json("status")["documents"] == 1


def test_seeds_are_read_once_and_new_seed_files_on_reload(workdir, monkeypatch):
    import conftest
    seeds = workdir / "seeds"
    shutil.copytree(SEEDS, seeds)
    monkeypatch.setattr(conftest, "SEEDS", seeds)
    d = Daemon(workdir).start()
    assert d.ctl_json("status")["documents"] == 1
    (seeds / "001_later.txt").write_text(LATER)
    (seeds / "001_later.meta.json").write_text(json.dumps({"published": "2021-05-06", "timeZone": "Asia/Seoul", "source": "Yonhap"}))
    d.proc.send_signal(signal.SIGHUP)
    for _ in range(100):
        if d.ctl_json("status")["documents"] == 2:
            break
        time.sleep(0.1)
    assert d.ctl_json("status")["documents"] == 2
    assert d.ctl_json("show", "kr-jp-fm-talks-proposed")["event"]["status"] == "occurred"
    assert d.stop() == 0
    d.start()
    assert d.ctl_json("status")["documents"] == 2
    assert len(d.ctl_json("timeline")["events"]) == 8  # the seeds' seven and the G7 meeting of the later file
    assert d.stop() == 0
    db = sqlite3.connect(workdir / "state" / "timeline.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
