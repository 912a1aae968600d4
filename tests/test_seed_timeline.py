"""The seed timeline as a user sees it through diplomatctl."""
import json
import re

from conftest import SEEDS

SEED_DOC = "000_a003daa45f487b93"
EXPECTED = {
    "kr-jp-dg-talks-2021-04-01": ("occurred", "2021-04-01", None),
    "kr-jp-dg-talks-2020-10": ("occurred", "2020-10", None),
    "kr-fm-chung-inauguration-2021-02": ("occurred", "2021-02", None),
    "kr-fm-chung-statement-2021-03-31": ("occurred", "2021-03-31", None),
    "kr-us-jp-fm-trilateral-2021-04": ("possible", "2021-04", "END"),
    "kr-jp-fm-bilateral-margins-2021-04": ("possible", "2021-04", "END"),
    "kr-jp-fm-talks-proposed": ("proposed", None, None),
}
EVENT_KEYS = {"id", "title", "kind", "status", "effectiveStatus", "when", "participants", "countries", "location", "sources", "relations"}
WHEN_KEYS = {"value", "precision", "earliest", "latest", "timeZone"}
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d([+-]\d\d:\d\d|Z)$")


def test_seed_files_are_the_article_unchanged_with_offsets_that_point_into_it():
    text = (SEEDS / f"{SEED_DOC}.txt").read_text(encoding="utf-8")
    original = (SEEDS.parent.parent / "shared" / "seeds" / f"{SEED_DOC}.txt")
    if original.exists():
        assert text == original.read_text(encoding="utf-8")
    meta = json.loads((SEEDS / f"{SEED_DOC}.meta.json").read_text())
    assert meta["published"] == "2021-04-01" and meta["timeZone"] == "Asia/Seoul" and "Yonhap" in meta["source"]
    events = json.loads((SEEDS / f"{SEED_DOC}.events.json").read_text())["events"]
    for e in events:
        assert e["sources"], e["id"]
        for s in e["sources"]:
            assert text[s["start"]:s["end"]] == s["quote"], e["id"]
    assert not any("have not engaged" in s["quote"] for e in events for s in e["sources"] if e["kind"] != "inauguration")


def test_timeline_json_matches_the_contract(daemon):
    out = daemon.ctl_json("timeline")
    assert set(out) == {"events"}
    events = {e["id"]: e for e in out["events"]}
    assert set(events) == set(EXPECTED)
    for id, (status, value, mod) in EXPECTED.items():
        e = events[id]
        assert EVENT_KEYS <= set(e), id
        assert WHEN_KEYS <= set(e["when"]), id
        assert e["status"] == status and e["when"]["value"] == value and e["when"].get("mod") == mod, id
        for c in e["countries"]:
            assert re.fullmatch(r"[A-Z]{2}", c)
        for k in ("earliest", "latest"):
            assert e["when"][k] is None or ISO.match(e["when"][k]), (id, e["when"][k])
    tri = events["kr-us-jp-fm-trilateral-2021-04"]
    assert tri["when"]["earliest"] == "2021-04-16T00:00:00+09:00"
    assert tri["when"]["latest"] == "2021-04-30T23:59:59+09:00"
    assert {p["name"] for p in tri["participants"]} == {"Chung Eui-yong", "Antony Blinken", "Toshimitsu Motegi"}
    assert set(tri["countries"]) == {"KR", "US", "JP"}
    margins = events["kr-jp-fm-bilateral-margins-2021-04"]
    assert {"type": "onMarginsOf", "event": "kr-us-jp-fm-trilateral-2021-04"} in margins["relations"]
    assert events["kr-jp-dg-talks-2021-04-01"]["location"]["name"] == "Tokyo"
    assert events["kr-jp-fm-talks-proposed"]["when"]["earliest"] is None
    # Time order, undated last.
    starts = [e["when"]["earliest"] for e in out["events"]]
    assert starts[-1] is None and None not in starts[:-1]


def test_upcoming_on_the_publication_day_lists_the_possibilities_and_no_past_event(daemon):
    out = daemon.ctl_json("upcoming")
    assert set(out) == {"now", "events"}
    assert out["now"].startswith("2021-04-01T09:00")
    ids = [e["id"] for e in out["events"]]
    assert set(ids) == {"kr-us-jp-fm-trilateral-2021-04", "kr-jp-fm-bilateral-margins-2021-04", "kr-jp-fm-talks-proposed"}
    assert ids[-1] == "kr-jp-fm-talks-proposed"  # undated last
    human = daemon.ctl("upcoming").stdout
    assert "Apr 2021 (late)" in human and "undated" in human and "in 14 days" in human
    assert "Lee–Funakoshi" not in human and "\x1b[" not in human  # not a terminal: no colour


def test_upcoming_within_leaves_out_undated_and_far_events(daemon):
    assert daemon.ctl_json("upcoming", "--within", "7d")["events"] == []
    ids = [e["id"] for e in daemon.ctl_json("upcoming", "--within", "P20D")["events"]]
    assert "kr-jp-fm-talks-proposed" not in ids and "kr-us-jp-fm-trilateral-2021-04" in ids


def test_on_the_live_clock_the_trilateral_has_lapsed(live_daemon):
    events = {e["id"]: e for e in live_daemon.ctl_json("timeline")["events"]}
    assert events["kr-us-jp-fm-trilateral-2021-04"]["effectiveStatus"] == "lapsed"
    assert events["kr-us-jp-fm-trilateral-2021-04"]["status"] == "possible"
    assert events["kr-jp-dg-talks-2021-04-01"]["effectiveStatus"] == "occurred"
    assert events["kr-jp-fm-talks-proposed"]["effectiveStatus"] == "proposed"
    human = live_daemon.ctl("timeline").stdout
    assert re.search(r"LAPSED \(was possible\).*trilateral", human)
    assert "years ago" in human
    ids = [e["id"] for e in live_daemon.ctl_json("upcoming")["events"]]
    assert ids == ["kr-jp-fm-talks-proposed"]


def test_filters(daemon):
    ids = lambda *a: {e["id"] for e in daemon.ctl_json("timeline", *a)["events"]}
    assert ids("--country", "US") == {"kr-us-jp-fm-trilateral-2021-04", "kr-jp-fm-bilateral-margins-2021-04"}
    assert ids("--person", "funakoshi") == {"kr-jp-dg-talks-2021-04-01"}
    assert ids("--status", "proposed") == {"kr-jp-fm-talks-proposed"}
    assert ids("--from", "2021-04-01", "--to", "2021-04-01") == {"kr-jp-dg-talks-2021-04-01"}
    assert ids("--from", "2021-02-10", "--to", "2021-03-31", "--time-zone", "Asia/Seoul") == {"kr-fm-chung-inauguration-2021-02", "kr-fm-chung-statement-2021-03-31"}


def test_show_cites_the_sentence_and_the_history(daemon):
    out = daemon.ctl("show", "kr-us-jp-fm-trilateral-2021-04").stdout
    assert "later this month" in out and "2021-04-16T00:00:00+09:00" in out
    assert "Reports said that Seoul, Washington and Tokyo are in talks" in out
    assert "seed add" in out
    j = daemon.ctl_json("show", "kr-jp-fm-bilateral-margins-2021-04")
    assert j["event"]["relations"][0]["type"] == "onMarginsOf"
    assert j["revisions"][0]["actor"] == "seed"
