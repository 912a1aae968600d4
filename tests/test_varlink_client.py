"""diplomatd through an outside Varlink client: the Python varlink package."""
import json
import subprocess
import sys

import pytest
import varlink

from conftest import raw_call


def client(daemon):
    return varlink.Client.new_with_address("unix:" + daemon.socket)


def test_python_varlink_cli_info_lists_the_interface(daemon):
    r = subprocess.run([sys.executable, "-m", "varlink.cli", "info", "unix:" + daemon.socket], capture_output=True, text=True, timeout=20)
    assert r.stderr == "", r.stderr  # the varlink CLI exits 0 even on errors
    assert "org.diplomatd.Timeline" in r.stdout and "org.varlink.service" in r.stdout
    r = subprocess.run([sys.executable, "-m", "varlink.cli", "help", "unix:" + daemon.socket + "/org.diplomatd.Timeline"],
                       capture_output=True, text=True, timeout=20)
    assert r.stderr == "" and "method Upcoming" in r.stdout


def test_introspection_parses_and_upcoming_can_be_called(daemon):
    with client(daemon) as c:
        assert "org.diplomatd.Timeline" in c.get_interfaces()
        assert c.info["product"] == "diplomatd"
        iface = c.get_interface("org.diplomatd.Timeline")  # parsed by the package's own IDL parser
        assert {"Upcoming", "Timeline", "Get", "Status", "Add", "SetStatus", "Watch"} <= set(iface.members)
        with c.open("org.diplomatd.Timeline") as t:
            up = t.Upcoming()
            assert {e["id"] for e in up["events"]} == {"kr-us-jp-fm-trilateral-2021-04", "kr-jp-fm-bilateral-margins-2021-04", "kr-jp-fm-talks-proposed"}
            status = t.Status()
            assert status["events"] == 7 and status["clock"]["mode"] == "replay"


def test_upcoming_as_of_before_the_article_skips_occurred_events(daemon):
    with client(daemon) as c, c.open("org.diplomatd.Timeline") as t:
        # 45 days from 1 March end on 15 April, the day before the "later this month" window opens.
        assert t.Upcoming(now="2021-03-01T00:00:00+09:00", within="P45D")["events"] == []
        up = t.Upcoming(now="2021-03-01T00:00:00+09:00", within="P46D")
        assert [e["id"] for e in up["events"]] == ["kr-jp-fm-bilateral-margins-2021-04", "kr-us-jp-fm-trilateral-2021-04"]


def test_errors_are_varlink_errors_with_names_and_parameters(daemon):
    with client(daemon) as c, c.open("org.diplomatd.Timeline") as t:
        with pytest.raises(varlink.VarlinkError) as e:
            t.Get(id="nope")
        assert e.value.error() == "org.diplomatd.Timeline.NoSuchEvent" and e.value.parameters()["id"] == "nope"
        with pytest.raises(varlink.VarlinkError) as e:
            t.Upcoming(within="soon")
        assert e.value.error() == "org.varlink.service.InvalidParameter"
        assert e.value.args[0]["parameters"]["parameter"] == "within"
        with pytest.raises(varlink.VarlinkError) as e:
            t.Add(event={"title": "x", "status": "expected", "when": {"value": "2021-02-30", "timeZone": "Asia/Seoul"}})
        assert e.value.args[0]["parameters"]["parameter"] == "event.when.value"
        with pytest.raises(varlink.VarlinkError) as e:
            t.Add(event={"title": "x", "status": "expected", "relations": [{"type": "after", "event": "ghost"}]})
        assert e.value.args[0]["parameters"]["parameter"] == "event.relations[0].event"
        with pytest.raises(varlink.VarlinkError) as e:
            t.Watch()  # without "more"
        assert e.value.error() == "org.varlink.service.ExpectedMore"
    assert raw_call(daemon.socket, b'{"method":"org.diplomatd.Timeline.Explode"}\0')["error"] == "org.varlink.service.MethodNotFound"
    reply = raw_call(daemon.socket, b'{"method":"com.example.Nothing.Here"}\0')
    assert reply == {"error": "org.varlink.service.InterfaceNotFound", "parameters": {"interface": "com.example.Nothing"}}
    reply = raw_call(daemon.socket, b'{"method":"org.diplomatd.Timeline.SetStatus","parameters":{"id":"kr-jp-fm-talks-proposed"}}\0')
    assert reply["error"] == "org.varlink.service.InvalidParameter" and reply["parameters"]["parameter"] == "status"


def test_add_and_watch_with_more(daemon):
    with client(daemon) as c, c.open("org.diplomatd.Timeline") as watcher, c.open("org.diplomatd.Timeline") as writer:
        stream = watcher.Watch(_more=True)
        assert next(stream)["type"] == "watching"
        added = writer.Add(event={"title": "Blinken visits Seoul", "kind": "visit", "status": "scheduled",
                                  "when": {"value": "2021-03-17", "timeZone": "Asia/Seoul"}, "countries": ["US", "KR"]})
        n = next(stream)
        assert n["type"] == "added" and n["event"]["id"] == added["event"]["id"]
        writer.SetStatus(id=added["event"]["id"], status="occurred")
        n = next(stream)
        assert n["type"] == "changed" and n["event"]["status"] == "occurred"


def test_calls_on_one_connection_are_answered_in_order_and_oneway_gets_no_reply(daemon):
    import socket
    msgs = [
        {"method": "org.diplomatd.Timeline.Get", "parameters": {"id": "kr-jp-fm-talks-proposed"}},
        {"method": "org.diplomatd.Timeline.SetStatus", "parameters": {"id": "kr-jp-fm-talks-proposed", "status": "expected"}, "oneway": True},
        {"method": "org.diplomatd.Timeline.Get", "parameters": {"id": "nope"}},
        {"method": "org.varlink.service.GetInfo"},
        {"method": "org.diplomatd.Timeline.Get", "parameters": {"id": "kr-jp-fm-talks-proposed"}},
    ]
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(daemon.socket)
        s.sendall(b"".join(json.dumps(m).encode() + b"\0" for m in msgs))  # pipelined
        buf = b""
        while buf.count(b"\0") < 4:
            buf += s.recv(65536)
        replies = [json.loads(x) for x in buf.split(b"\0")[:4]]
    assert replies[0]["parameters"]["event"]["status"] == "proposed"
    assert replies[1]["error"] == "org.diplomatd.Timeline.NoSuchEvent"
    assert replies[2]["parameters"]["product"] == "diplomatd"
    assert replies[3]["parameters"]["event"]["status"] == "expected"  # the oneway call was carried out, in order


def test_status_answered_on_the_event_loop_keeps_the_order_of_replies(daemon):
    import socket
    calls = [{"method": "org.diplomatd.Timeline.Timeline"}, {"method": "org.diplomatd.Timeline.Status"},
             {"method": "org.diplomatd.Timeline.Get", "parameters": {"id": "kr-jp-fm-talks-proposed"}},
             {"method": "org.diplomatd.Timeline.Status"}, {"method": "org.varlink.service.GetInfo"},
             {"method": "org.diplomatd.Timeline.Upcoming"}, {"method": "org.diplomatd.Timeline.Status"}]
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(5)
        s.connect(daemon.socket)
        for rounds in range(20):
            s.sendall(b"".join(json.dumps(c).encode() + b"\0" for c in calls))
            buf = b""
            while buf.count(b"\0") < len(calls):
                buf += s.recv(1 << 16)
            replies = [json.loads(x)["parameters"] for x in buf.split(b"\0")[:len(calls)]]
            def kind(r):
                if "interfaces" in r: return "info"
                if "uptimeSeconds" in r: return "status"
                if "events" in r: return "timeline"
                if "event" in r: return "get"
                return "?"
            keys = [kind(r) for r in replies]
            assert keys == ["timeline", "status", "get", "status", "info", "timeline", "status"], (rounds, keys)
        # And alone, with nothing in flight, Status still answers correctly.
        s.sendall(b'{"method":"org.diplomatd.Timeline.Status"}\0')
        buf = b""
        while b"\0" not in buf:
            buf += s.recv(4096)
        assert json.loads(buf[:-1])["parameters"]["events"] == 7
