"""`diplomatctl timex`: the offline temporal tagger's contract."""
import json
import subprocess

from conftest import BIN, SEEDS

SEED = SEEDS / "000_a003daa45f487b93.txt"


def test_jsonl_contract_on_the_seed_article():
    r = subprocess.run([str(BIN / "diplomatctl"), "timex", "--jsonl", "--published", "2021-04-01", str(SEED)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    text = SEED.read_text(encoding="utf-8")
    for row in rows:
        assert set(row) == {"start", "end", "text", "type", "value", "mod"}
        assert text[row["start"]:row["end"]] == row["text"]  # code point offsets, end exclusive
    found = {(r["text"], r["value"], r["mod"]) for r in rows}
    assert ("Thursday", "2021-04-01", None) in found
    assert ("October", "2020-10", None) in found
    assert ("February", "2021-02", None) in found
    assert ("Wednesday", "2021-03-31", None) in found
    assert ("later this month", "2021-04", "END") in found


def test_several_files_and_bad_input(workdir):
    a = workdir / "a.txt"
    a.write_text("The talks will resume next week.")
    b = workdir / "b.bin"
    b.write_bytes(b"\x00\xff\x00binary")
    r = subprocess.run([str(BIN / "diplomatctl"), "timex", "--jsonl", "--published", "2021-04-01", str(a), str(b), str(workdir / "missing.txt")],
                       capture_output=True, text=True)
    assert r.returncode == 1
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    assert rows == [{"file": str(a), "start": 22, "end": 31, "text": "next week", "type": "DATE", "value": "2021-W14", "mod": None}]
    assert "b.bin is not UTF-8 text" in r.stderr and "cannot read" in r.stderr and "missing.txt" in r.stderr
    r = subprocess.run([str(BIN / "diplomatctl"), "timex", "--published", "yesterday", str(a)], capture_output=True, text=True)
    assert r.returncode == 64 and "--published" in r.stderr
